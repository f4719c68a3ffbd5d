"""How the API shows and reads sharing records.

The field names are a contract with other systems (issue 4): `type`, `children`,
`occurred_at`, `consent`, `no_consent_reason`, `family_informed`, `not_informed_reason`,
`decision`, `decision_reason`, `identity_confirmed_by`, `third_party_information`,
`third_party_consent`, `third_party_override_reason`, `name`, `job_title`,
`organisation`, `telephone`, `method`. Input serializers only parse; the rules are in
services.py.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from caserecords.serializers import EARLIEST_CONTACT, StaffSerializer, id_field

from .models import Consent, Decision, Method, Organisation, SharingRecord, SharingType


def _text(max_length: int | None = None, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, default="", max_length=max_length, **kwargs
    )


class SharingRecordSerializer(serializers.ModelSerializer):
    """A sharing record, showing only the children the reader may see."""

    children = serializers.SerializerMethodField(help_text="Ids of the children it is about.")
    organisation = serializers.CharField(source="organisation_name")
    organisation_id = serializers.IntegerField(
        allow_null=True, help_text="The organisation from the shared list, if chosen from it."
    )
    recorded_by = StaffSerializer(help_text="The person making the entry.")

    class Meta:
        model = SharingRecord
        fields = [
            "id",
            "type",
            "status",
            "children",
            "occurred_at",
            "name",
            "job_title",
            "organisation",
            "organisation_id",
            "telephone",
            "identity_confirmed_by",
            "reason",
            "information_requested",
            "case_reference",
            "consent",
            "no_consent_reason",
            "consent_given_by",
            "consent_limits",
            "family_informed",
            "not_informed_reason",
            "decision",
            "decision_reason",
            "third_party_information",
            "third_party_consent",
            "third_party_override_reason",
            "information_shared",
            "method",
            "receipt_confirmed_by",
            "outcome",
            "recorded_by",
            "completed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_children(self, record: SharingRecord) -> list[int]:
        return [child.pk for child in record.visible_children]


class SharingRecordWriteSerializer(serializers.Serializer):
    """The answers of a record (a draft's replacement, or part of it with PATCH)."""

    occurred_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Date and time of the contact."
    )
    name = _text(200, help_text="The other agency's practitioner: recipient or requester.")
    job_title = _text(200)
    organisation = _text(200, help_text="Their organisation's name.")
    organisation_id = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="An organisation from the shared list (its name and telephone fill in).",
    )
    telephone = _text(40)
    identity_confirmed_by = _text(300, help_text="Required for a request received.")
    reason = _text(help_text="The reason for sharing, or for the request.")
    information_requested = _text()
    case_reference = _text(100)
    consent = serializers.ChoiceField(Consent.choices, required=False, allow_blank=True, default="")
    no_consent_reason = _text(help_text="Required when consent is not_given or not_sought.")
    consent_given_by = _text(200, help_text="Required when consent is given.")
    consent_limits = _text()
    family_informed = serializers.BooleanField(required=False, allow_null=True, default=None)
    not_informed_reason = _text(help_text="Required when family_informed is false.")
    decision = serializers.ChoiceField(
        Decision.choices, required=False, allow_blank=True, default=""
    )
    decision_reason = _text(help_text="Required when the decision is not_share.")
    third_party_information = serializers.BooleanField(required=False, default=False)
    third_party_consent = serializers.BooleanField(required=False, allow_null=True, default=None)
    third_party_override_reason = _text(
        help_text="Required for third-party information without that party's consent."
    )
    information_shared = _text()
    method = serializers.ChoiceField(Method.choices, required=False, allow_blank=True, default="")
    receipt_confirmed_by = _text(300)
    outcome = _text(help_text="Required to complete the record.")

    def validate_occurred_at(self, value):
        if value is not None and value < EARLIEST_CONTACT:
            raise serializers.ValidationError("Enter a date after 1900.")
        return value

    def validate_organisation_id(self, value):
        if value is None:
            return None
        organisation = Organisation.objects.filter(pk=value).first()
        if organisation is None:
            raise serializers.ValidationError("No organisation has this id.")
        return organisation

    @staticmethod
    def record_data(body: dict[str, Any]) -> dict[str, Any]:
        """The parsed body as services.sharing_record_* take it."""
        data = dict(body)
        if "organisation" in data:
            data["organisation_name"] = data.pop("organisation")
        if "organisation_id" in data:
            data["organisation"] = data.pop("organisation_id")
        data.pop("children", None)
        data.pop("type", None)
        return data


class SharingRecordCreateSerializer(SharingRecordWriteSerializer):
    type = serializers.ChoiceField(SharingType.choices)
    children = serializers.ListField(
        child=id_field(),
        max_length=20,
        help_text="Ids of the children it is about: one record on each child's file.",
    )


class SharingRecordUpdateSerializer(SharingRecordWriteSerializer):
    children = serializers.ListField(child=id_field(), max_length=20, required=False)


class SharingRecordCreatedSerializer(SharingRecordSerializer):
    notices = serializers.SerializerMethodField(
        help_text="Who was away when told of the record, and who covers for them."
    )

    class Meta(SharingRecordSerializer.Meta):
        fields = [*SharingRecordSerializer.Meta.fields, "notices"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_notices(self, record: SharingRecord) -> list[str]:
        return [str(away) for away in self.context.get("away", [])]
