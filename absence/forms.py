"""Forms of the absence pages. They parse input; the rules are in services.py."""

from django import forms

from frontend.forms import DateField

from . import emails
from .models import AbsenceKind

YES_NO = [("yes", "Yes"), ("no", "No")]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        team = f", {obj.team.name}" if obj.team_id else ""
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()}{team})"


class AbsenceForm(forms.Form):
    user = PersonChoiceField(
        label="Who is away?",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Select who is away"},
    )
    kind = forms.ChoiceField(
        label="Kind of absence",
        choices=AbsenceKind.choices,
        widget=forms.RadioSelect,
        help_text="Do not give medical or personal details.",
        error_messages={"required": "Select the kind of absence"},
    )
    planned = forms.TypedChoiceField(
        label="Was the absence planned?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the absence was planned"},
    )
    starts_on = DateField(
        label="First day away", error_messages={"required": "Enter the first day away"}
    )
    ends_on = DateField(
        label="Last day away (optional)",
        required=False,
        help_text="Leave empty if the return date is not known.",
    )
    cover = PersonChoiceField(
        label="Who will cover?",
        queryset=None,
        required=False,
        empty_label="Their team leader",
        help_text="They receive everything sent to the worker while they are away.",
    )
    message = forms.CharField(
        label="Out-of-office message (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown to people who contact the worker. No medical details.",
    )

    def __init__(self, *args, people, covers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["cover"].queryset = covers


class AbsenceFilterForm(forms.Form):
    STATES = [
        ("current", "Away now"),
        ("upcoming", "Coming up"),
        ("past", "Ended"),
        ("all", "All"),
    ]
    state = forms.ChoiceField(label="Show", required=False, choices=STATES)


class EmailFilingForm(forms.Form):
    file = forms.FileField(
        label="Upload the email (.eml)",
        required=False,
        help_text="In Outlook, drag the email to a folder, or use File, Save as.",
    )
    raw = forms.CharField(
        label="Or paste the whole email, with its headers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=(
            "Use “View source” or “Show original” so the From, To and Date lines are included."
        ),
    )
    children = forms.MultipleChoiceField(
        label="Which children’s records is it about?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one child"},
    )
    complete = forms.BooleanField(
        label="Complete the observation now",
        required=False,
        help_text="Leave unticked to check and complete it later.",
    )
    late_reason = forms.CharField(
        label="If the email is past its recording deadline, why is it filed late? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = [
            (str(child.pk), f"{child.full_name} ({child.la_child_id})") for child in children
        ]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > emails.max_bytes():
            # Refused before reading it: the size alone says no.
            raise forms.ValidationError(emails.too_large())
        return upload

    def clean(self):
        data = super().clean()
        upload, raw = data.get("file"), data.get("raw", "").strip()
        if upload and raw:
            raise forms.ValidationError("Upload a file or paste the email, not both.")
        if not upload and not raw and "file" not in self.errors:
            self.add_error("file", "Upload the email as a .eml file, or paste it")
        return data

    def raw_bytes(self) -> bytes:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read()
        return self.cleaned_data["raw"].replace("\r\n", "\n").encode("utf-8")
