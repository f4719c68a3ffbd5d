"""Forms for emergency access and the access log's filters."""

from django import forms

from frontend.forms import DateField
from frontend.widgets import Checkboxes, Radios

from ..models import AccessWhy


class BreakGlassForm(forms.Form):
    la_child_id = forms.CharField(
        label="The child's LA ID",
        max_length=20,
        help_text="The local authority child identifier, exactly, e.g. B0012345.",
        error_messages={"required": "Enter the child's LA ID"},
    )
    reason = forms.CharField(
        label="Why do you need this file now?",
        help_text=(
            "Your reason is kept with every page you read and sent to the child's team leader."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why you need this child's file now"},
    )


class AccessLogFilterForm(forms.Form):
    """The access log's filters, sent as a GET form so they work without JavaScript."""

    person = forms.CharField(label="Username", required=False, max_length=150)
    child = forms.CharField(label="Child's LA ID", required=False, max_length=20)
    why = forms.ChoiceField(
        label="Why", required=False, choices=[("", "Any reason"), *AccessWhy.choices]
    )
    since = DateField(label="From", required=False)
    until = DateField(label="To", required=False)


class RestrictionForm(forms.Form):
    restricted = forms.TypedChoiceField(
        label="Restrict this file?",
        help_text=(
            "A restricted file (for example, a relative of a member of staff) is seen only by "
            "the staff named below and the head of service. Anyone else must use emergency "
            "access, which is logged and reported."
        ),
        choices=[("yes", "Yes, restrict it"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=Radios,
        error_messages={"required": "Select yes to restrict the file"},
    )
    named = forms.ModelMultipleChoiceField(
        label="Who may still see it?",
        queryset=None,
        required=False,
        widget=Checkboxes,
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named"].queryset = staff
        self.fields["named"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.get_role_display()})"
        )
