"""Forms for the sharing logs: one guided form per type, with the seed's questions in its words.

Forms parse; the rules (which reasons are needed when) are in services.py, whose
errors the views put back on the form. Radios reveal the questions their answer needs
(GOV.UK conditional reveals); without JavaScript every question shows and the service
still checks each one.
"""

from functools import cached_property
from typing import Any

from django import forms

from caserecords.models import Child
from frontend.forms import DateField, DateTimeField
from frontend.widgets import Radios

from .models import Consent, Decision, Method, Organisation, SharingRecord, SharingType
from .services import RECORD_FIELDS

YES_NO = [("yes", "Yes"), ("no", "No")]
_BOOLEANS = {"yes": True, "no": False}

# What each type asks, in seed 001's words (§3.1, §3.2, §3.3): {field: (label, hint)}.
COMMON_LABELS: dict[str, tuple[str, str]] = {
    "occurred_at": ("Date and time of the contact", "For example, 20 11 2026 at 14:30"),
    "job_title": ("Job title", ""),
    "organisation": ("Organisation", "Choose it from the list, or type it below."),
    "organisation_name": ("Organisation, if it is not on the list", ""),
    "telephone": ("Telephone number", ""),
    "case_reference": ("Case reference, if available", ""),
    "consent_no": ("Why is there no consent?", ""),
    "not_informed_reason": ("Why were they not informed?", ""),
    "third_party_information": (
        "Does it include information supplied by a third party?",
        "A third party is another public agency, an independent social care worker or "
        "organisation, or members of a multi-disciplinary team. Their information cannot be "
        "shared without their express consent.",
    ),
    "third_party_consent": ("Has the third party consented to it being shared?", ""),
    "third_party_override_reason": (
        "If they have not consented: why is overriding their consent justified?",
        "For example, a risk to the child, a family member or a worker from any agency; part "
        "of a criminal investigation. If in any doubt, consult your line manager.",
    ),
}
# Consent when we share (seed 001 §3.1 and §3.2 word these alike).
WHEN_WE_SHARE = {
    "consent_given_by": ("Who consented to the information sharing?", ""),
    "consent_limits": (
        "Any limits to the consent to share all or some of this information with others",
        "",
    ),
    "no_consent_reason": (
        "If sharing without consent, why?",
        "State the public interest justification, for example to protect the child. "
        "If in any doubt, consult your line manager.",
    ),
}
TYPE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    SharingType.DISCLOSURE: {
        "name": ("Recipient's name", ""),
        "reason": ("Your reason for sharing the information", ""),
        "consent": ("Are you sharing with or without consent?", ""),
        **WHEN_WE_SHARE,
        "family_informed": ("Were the person or family concerned informed of the sharing?", ""),
        "information_shared": ("What type of information did you share?", ""),
        "method": ("How did you share the information?", ""),
        "receipt_confirmed_by": ("How was the receipt of the information confirmed?", ""),
        "outcome": (
            "The outcome of the sharing and the next course of action",
            "Needed to complete the record.",
        ),
    },
    SharingType.REQUEST_RECEIVED: {
        "name": ("Requester's name", ""),
        "identity_confirmed_by": (
            "How was the identity of the requester confirmed?",
            "For example, ring back on a number you found yourself. Confirm it before "
            "anything is shared.",
        ),
        "reason": ("The reason for the request", ""),
        "information_requested": ("A summary of the information requested", ""),
        "consent": ("Is the information shared with or without consent?", ""),
        **WHEN_WE_SHARE,
        "family_informed": ("Were the person or family informed of the sharing?", ""),
        "decision": ("Your decision", ""),
        "decision_reason": ("The reasons for your decision not to share", ""),
        "information_shared": ("What type of information did you share?", ""),
        "method": ("How did you share the information, or give your answer?", ""),
        "outcome": (
            "Any outcome or course of action as a result",
            "Needed to complete the record.",
        ),
    },
    SharingType.REQUEST_MADE: {
        "name": ("The practitioner's name", "The person at the agency you asked."),
        "identity_confirmed_by": (
            "How was your identity confirmed?",
            "For example, they rang you back.",
        ),
        "reason": ("The reason for the request", ""),
        "information_requested": ("A brief summary of the information requested", ""),
        "consent": ("Are you requesting the information with or without consent?", ""),
        "consent_given_by": ("Who consented to the request for information?", ""),
        "consent_limits": (
            "Any limits to the request for all or some of this information from others",
            "",
        ),
        "no_consent_reason": ("If requesting the information without consent, why?", ""),
        "decision": (
            "Did they decide to share?",
            "Leave this until they answer: save the record as a draft meanwhile.",
        ),
        "decision_reason": (
            "Their reasons for not sharing, and any actions taken as a result of this decision",
            "",
        ),
        "information_shared": ("What information was shared?", ""),
        "method": ("How was the information shared, or the request made?", ""),
        "outcome": (
            "Any outcome or course of action as a result of the sharing",
            "Needed to complete the record.",
        ),
    },
}
# The questions each type leaves out (seed 001 §3.3 asks nothing of the family or third
# parties: the other agency decides what to share with us).
LEFT_OUT = {
    SharingType.DISCLOSURE: {"identity_confirmed_by", "information_requested", "decision"},
    SharingType.REQUEST_RECEIVED: {"receipt_confirmed_by"},
    SharingType.REQUEST_MADE: {
        "family_informed",
        "third_party_information",
        "receipt_confirmed_by",
    },
}
# Answer -> the questions it reveals.
REVEALS = {
    "consent": {
        "given": ["consent_given_by", "consent_limits"],
        "no": ["consent_no", "no_consent_reason"],
    },
    "family_informed": {"no": ["not_informed_reason"]},
    "decision": {"share": ["information_shared"], "not_share": ["decision_reason"]},
    "third_party_information": {"yes": ["third_party_consent", "third_party_override_reason"]},
}


def _text(rows: int = 0, max_length: int | None = None) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(required=False, widget=widget, max_length=max_length)


class SharingFieldsForm(forms.Form):
    """The questions a recorder answers, labelled for the record's type."""

    occurred_at = DateTimeField(required=False)
    name = _text(max_length=200)
    job_title = _text(max_length=200)
    organisation = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    organisation_name = _text(max_length=200)
    telephone = _text(max_length=40)
    identity_confirmed_by = _text(max_length=300)
    reason = _text(rows=4)
    information_requested = _text(rows=4)
    case_reference = _text(max_length=100)
    consent = forms.ChoiceField(
        choices=[("given", "With consent"), ("no", "Without consent")],
        widget=Radios,
        required=False,
    )
    consent_no = forms.ChoiceField(
        choices=[
            (Consent.NOT_GIVEN, "Consent was refused"),
            (Consent.NOT_SOUGHT, "Consent was not sought"),
        ],
        widget=Radios(small=True),
        required=False,
    )
    no_consent_reason = _text(rows=4)
    consent_given_by = _text(max_length=200)
    consent_limits = _text(rows=3)
    family_informed = forms.ChoiceField(choices=YES_NO, widget=Radios, required=False)
    not_informed_reason = _text(rows=3)
    decision = forms.ChoiceField(
        choices=[(Decision.SHARE, "Share"), (Decision.NOT_SHARE, "Not share")],
        widget=Radios,
        required=False,
    )
    decision_reason = _text(rows=4)
    third_party_information = forms.ChoiceField(choices=YES_NO, widget=Radios, required=False)
    third_party_consent = forms.ChoiceField(choices=YES_NO, widget=Radios, required=False)
    third_party_override_reason = _text(rows=4)
    information_shared = _text(rows=4)
    method = forms.ChoiceField(choices=Method.choices, widget=Radios, required=False)
    receipt_confirmed_by = _text(max_length=300)
    outcome = _text(rows=4)

    def __init__(self, *args, type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = type
        labels = {**COMMON_LABELS, **TYPE_LABELS[type]}
        for name in LEFT_OUT[type]:
            del self.fields[name]
        for name, field in self.fields.items():
            label, hint = labels.get(name, (None, ""))
            field.label = label or field.label
            field.help_text = hint
        self.organisations = list(Organisation.objects.filter(active=True).order_by("name"))
        self.fields["organisation"].choices = [
            ("", "Not on the list"),
            *[(org.pk, org.name) for org in self.organisations],
        ]

    @cached_property
    def revealed(self) -> dict[str, list[dict[str, Any]]]:
        """For each radio question: its options, each with the questions it reveals."""
        result = {}
        for name, reveals in REVEALS.items():
            if name not in self.fields:
                continue
            result[name] = [
                {
                    "option": option,
                    "fields": [
                        self[inner]
                        for inner in reveals.get(option.data["value"], [])
                        if inner in self.fields
                    ],
                }
                for option in self[name]
            ]
        return result

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") == "no" and not cleaned.get("consent_no"):
            self.add_error("consent_no", "Say whether consent was refused or not sought")
        return cleaned

    def record_data(self) -> dict[str, Any]:
        """The answers, as services.sharing_record_create/update take them."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            name: data[name] for name in RECORD_FIELDS if name in data and name in self.fields
        }
        organisations = {org.pk: org for org in self.organisations}
        values["organisation"] = organisations.get(data.get("organisation"))
        consent = data.get("consent")
        values["consent"] = Consent.GIVEN if consent == "given" else data.get("consent_no") or ""
        for name in ("family_informed", "third_party_consent"):
            if name in self.fields:
                values[name] = _BOOLEANS.get(data[name])
        if "third_party_information" in self.fields:
            values["third_party_information"] = data["third_party_information"] == "yes"
        return values

    @classmethod
    def initial_for(cls, record: SharingRecord) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(record, name) for name in RECORD_FIELDS}
        initial["organisation"] = record.organisation_id
        initial["consent"] = "given" if record.has_consent else ("no" if record.consent else "")
        initial["consent_no"] = "" if record.has_consent else record.consent
        for name in ("family_informed", "third_party_consent", "third_party_information"):
            value = getattr(record, name)
            initial[name] = "" if value is None else ("yes" if value else "no")
        return initial


class SharingForm(SharingFieldsForm):
    """Record, or edit a draft: the questions and the children the record is about."""

    def __init__(self, *args, children: list[Child], **kwargs):
        super().__init__(*args, **kwargs)
        self.child_choices = {child.pk: child for child in children}
        self.fields["children"] = forms.TypedMultipleChoiceField(
            label="Which children is this about?",
            help_text="Choose every child the information is about: each of their files gets "
            "this record and a chronology entry.",
            choices=[(child.pk, child.full_name) for child in children],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.order_fields(["children"])

    def chosen_children(self) -> list[Child]:
        return [self.child_choices[pk] for pk in self.cleaned_data.get("children", [])]


class AmendmentForm(SharingFieldsForm):
    """The record's answers, prefilled, and the reason for changing them."""

    amendment_reason = forms.CharField(
        label="Why does the record need to change?",
        help_text="The reason is kept with the record and shown in its history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the amendment"},
    )

    def changes(self, record: SharingRecord) -> dict[str, Any]:
        """Only the answers that differ from the record's."""
        return {
            name: value
            for name, value in self.record_data().items()
            if getattr(record, name) != value
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=Radios,
        error_messages={"required": "Select whether you approve or reject the request"},
    )
    decision_note = forms.CharField(
        label="Note",
        help_text="Required if you reject the request: say why.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class RegisterFilterForm(forms.Form):
    """The register's filters; every one optional."""

    date_from = DateField(label="Contact from", required=False, help_text="For example, 1 4 2026")
    date_to = DateField(label="Contact to", required=False, help_text="For example, 30 6 2026")
    type = forms.ChoiceField(
        label="Type", choices=[("", "All types"), *SharingType.choices], required=False
    )
    consent = forms.ChoiceField(
        label="Consent",
        choices=[("", "Either"), ("yes", "With consent"), ("no", "Without consent")],
        required=False,
    )
    agency = forms.CharField(label="Agency", max_length=100, required=False)

    def filters(self) -> dict[str, Any]:
        """The chosen filters, or none while the form has errors."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
