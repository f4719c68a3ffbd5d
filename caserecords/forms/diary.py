"""Forms for the child's diary: plan a contact, cancel one, record one as no access.

They parse and check the shape of the input; the rules (deadlines, who may do
what, what can still change) are in services.py.
"""

from django import forms

from frontend.forms import DateTimeField

from ..models import PLANNED_KIND_CHOICES

SAFEGUARDING_HINT = (
    "Its recording is then due within 1 working day of the contact, instead of 5. "
    "Strategy discussions are always safeguarding."
)


class PlanContactForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of contact?",
        choices=PLANNED_KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of contact",
            "invalid_choice": "Select the kind of contact",
        },
    )
    planned_for = DateTimeField(
        label="When is it planned for?",
        help_text="For example, 27 11 2026 and 10:30",
        error_messages={"required": "Enter the date and time the contact is planned for"},
    )
    note = forms.CharField(
        label="What is the contact for? (optional)",
        help_text="For example, statutory visit: see Amelia alone.",
        max_length=300,
        required=False,
    )
    safeguarding = forms.BooleanField(
        label="This contact is about a safeguarding concern or risk",
        help_text=SAFEGUARDING_HINT,
        required=False,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the contact cancelled?",
        help_text="For example, the family asked to move the visit; a new one is planned "
        "for next week. The reason is kept in the diary.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the contact is cancelled"},
    )


class NoAccessForm(forms.Form):
    occurred_at = DateTimeField(
        label="When did you try to make the contact?",
        help_text="For example, 27 11 2026 and 10:30",
        error_messages={"required": "Enter the date and time you tried to make the contact"},
    )
    location = forms.CharField(
        label="Where and how did you try?",
        help_text="For example, at the family home, announced visit; by phone.",
        max_length=300,
        error_messages={"required": "Enter where and how you tried to make the contact"},
    )
    what_happened = forms.CharField(
        label="What happened?",
        help_text="For example, no answer at the door; a card was left; the school said "
        "the child was absent. Say what you will do next.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what happened"},
    )
    late_reason = forms.CharField(
        label="Reason for late recording",
        help_text="The recording is past its due date: say why it was not recorded on time.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
