"""The API's exception handler: the services' exceptions as HTTP answers."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404

from caserecords.api import exception_handler
from caserecords.services import RecordLocked


def answer(error):
    response = exception_handler(error, {})
    return response.status_code, response.data


def test_a_locked_record_is_409_with_its_message():
    assert answer(RecordLocked("This observation is already completed.")) == (
        409,
        {"detail": "This observation is already completed."},
    )


def test_a_rule_on_a_field_is_400_naming_the_field():
    status, data = answer(ValidationError({"late_reason": "Say why it is late."}))

    assert status == 400
    assert data == {"late_reason": ["Say why it is late."]}


def test_a_rule_on_no_field_is_400_under_non_field_errors():
    assert answer(ValidationError("Already decided.")) == (
        400,
        {"non_field_errors": ["Already decided."]},
    )
    assert answer(ValidationError({NON_FIELD_ERRORS: ["Constraint broken."]}))[1] == {
        "non_field_errors": ["Constraint broken."]
    }


def test_permission_denied_is_403_and_not_found_404():
    assert answer(PermissionDenied("Only the author can edit a draft observation.")) == (
        403,
        {"detail": "Only the author can edit a draft observation."},
    )
    assert answer(Http404())[0] == 404


def test_anything_else_is_left_to_fail_loudly():
    assert exception_handler(RuntimeError("bug"), {}) is None
