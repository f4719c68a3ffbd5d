"""The NHS number check (modulus 11, NHS Data Dictionary)."""

import pytest
from django.core.exceptions import ValidationError

from caserecords.validators import nhs_number_is_valid, validate_nhs_number

# 9434765110: the weighted sum of its first nine digits is 275, a multiple of 11,
# so the check digit is 11, written 0.
VALID = ["9434765919", "9434765870", "4010232137", "9434765110"]

INVALID = [
    "9434765918",  # wrong check digit (should be 9)
    "9434765910",
    "4010232138",
    "9434765960",  # the first nine digits give a check digit of 10: never issued
    "9434765969",
    "943476591",  # nine digits
    "94347659190",  # eleven digits
    "94347659A9",  # a letter
    "943 476 5919",  # spaces (the form may strip them; the validator does not)
    "943-476-5919",
    "943476591²",  # a superscript digit: str.isdigit() says yes, int() says no
    "٩٤٣٤٧٦٥٩١٩",  # Arabic-Indic digits for 9434765919
    " 9434765919",
]


@pytest.mark.parametrize("value", VALID)
def test_it_accepts_valid_nhs_numbers(value):
    assert nhs_number_is_valid(value)
    validate_nhs_number(value)


@pytest.mark.parametrize("value", INVALID)
def test_it_refuses_invalid_nhs_numbers(value):
    assert not nhs_number_is_valid(value)
    with pytest.raises(ValidationError) as error:
        validate_nhs_number(value)
    assert error.value.code == "nhs_number"


def test_an_empty_nhs_number_is_allowed_because_it_is_optional():
    validate_nhs_number("")
