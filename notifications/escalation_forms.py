"""Forms of the escalation pages: they parse and check the shape of the input; the rules
(who may act, what a full briefing needs, the end-of-day rule) are in escalations.py
and missing.py, whose errors the views put back on the form."""

from datetime import datetime

from django import forms
from django.utils import timezone

from frontend.forms import DateField, DateTimeField, parse_time
from frontend.widgets import Radios

from .models import EscalationCategory, EscalationReason

CATEGORY_GROUPS = {
    "A": "Category A: always reported to the Director",
    "B": "Category B: the head of service decides whether to tell the Director",
}


def reason_choices(reasons) -> list:
    """The active reasons grouped by category, as the select's option groups."""
    groups: dict[str, list] = {"A": [], "B": []}
    for reason in reasons:
        groups[reason.category].append((reason.code, reason.label))
    return [
        ("", "Choose the reason"),
        *((CATEGORY_GROUPS[c], groups[c]) for c in "AB" if groups[c]),
    ]


class ReasonForm(forms.Form):
    """Step one of raising a concern: what it is about. The category follows from it."""

    reason = forms.ChoiceField(
        label="What is the concern about?",
        help_text="Choose the situation from the Need to Know guidance. The next page says "
        "who it goes to.",
        error_messages={
            "required": "Select what the concern is about",
            "invalid_choice": "Select what the concern is about",
        },
    )

    def __init__(self, *args, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = {reason.code: reason for reason in reasons}
        self.fields["reason"].choices = reason_choices(reasons)

    def clean_reason(self) -> EscalationReason:
        return self.reasons[self.cleaned_data["reason"]]


class BriefingForm(forms.Form):
    """The five sections of the briefing for the Director (seed 002 §4)."""

    basic_information = forms.CharField(
        label="1. Basic information about the child, including the legal status",
        help_text="Filled in from the child's record. Correct or add to it if needed.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    nature_of_concern = forms.CharField(
        label="2. What is the nature of the concern? Why does the Director need to be informed?",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    action_being_taken = forms.CharField(
        label="3. Action being taken to deal with the issue",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    update_expected_on = DateField(label="4. Date when an update is expected", required=False)
    who_to_contact = forms.CharField(
        label="5. Who to contact for further details",
        help_text="Name, role and phone number.",
        max_length=300,
        required=False,
    )
    short_briefing = forms.BooleanField(
        label="This is a short briefing: the speed of the notification is vital",
        help_text="Sections 3 to 5 can then follow in an update. The Director can ask for "
        "more information.",
        required=False,
    )

    def briefing(self) -> dict:
        names = ("basic_information", "nature_of_concern", "action_being_taken")
        data = {name: self.cleaned_data[name] for name in names}
        data["update_expected_on"] = self.cleaned_data["update_expected_on"]
        data["who_to_contact"] = self.cleaned_data["who_to_contact"]
        return data


class RaiseForm(BriefingForm):
    arose_at = forms.CharField(
        label="If the concern arose earlier today, at what time? (optional)",
        help_text="For example, 9:30am or 14:30. Leave it empty if it arose now.",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )

    def clean_arose_at(self) -> datetime | None:
        text = self.cleaned_data["arose_at"].strip()
        if not text:
            return None
        moment = parse_time(text)
        if moment is None:
            raise forms.ValidationError("Enter a real time, like 14:30 or 2:30pm")
        today = timezone.localdate()
        return timezone.make_aware(datetime.combine(today, moment))


class RespondForm(BriefingForm):
    note = forms.CharField(
        label="Note for the Director (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DecideForm(BriefingForm):
    inform_director = forms.TypedChoiceField(
        label="Is the Director to be informed?",
        choices=[("yes", "Yes, inform the Director"), ("no", "No, do not inform the Director")],
        coerce=lambda value: value == "yes",
        widget=Radios(inline=False),
        error_messages={"required": "Select whether the Director is to be informed"},
    )
    reason = forms.CharField(
        label="Reason for your decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for your decision"},
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class UpdateForm(forms.Form):
    note = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the update"},
    )
    next_update_on = DateField(label="When is the next update expected? (optional)", required=False)


class CloseForm(forms.Form):
    note = forms.CharField(
        label="Why can it be closed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the escalation can be closed"},
    )


class CategoryFilterForm(forms.Form):
    show = forms.ChoiceField(label="Show", required=False, widget=Radios(small=True))
    category = forms.ChoiceField(
        label="Category",
        required=False,
        choices=[("", "A and B"), *[(c, f"Category {c}") for c in EscalationCategory.values]],
        widget=Radios(small=True),
    )

    def __init__(self, *args, show_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = show_choices


# Missing episodes -------------------------------------------------------------------------


class MissingEpisodeForm(forms.Form):
    missing_from = DateTimeField(
        label="When did the child go missing?",
        help_text="For example, 27 5 2027 and 18:30",
        error_messages={"required": "Enter the date and time the child went missing"},
    )
    circumstances = forms.CharField(
        label="Circumstances (optional)",
        help_text="Where they were last seen, with whom, and what has been done.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    serious_risk = forms.BooleanField(
        label="The child is at serious risk of significant harm",
        help_text="For example, because of their age and vulnerability. The head of service "
        "is told at once, to decide whether to inform the Director.",
        required=False,
    )


class MissingReturnForm(forms.Form):
    returned_at = DateTimeField(
        label="When did the child return?",
        help_text="For example, 29 5 2027 and 09:15",
        error_messages={"required": "Enter the date and time the child returned"},
    )


class SeriousRiskForm(forms.Form):
    serious_risk = forms.BooleanField(
        label="The child is at serious risk of significant harm",
        error_messages={"required": "Confirm that the child is at serious risk"},
    )
