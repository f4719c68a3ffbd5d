"""Forms for the pages of the child's file: the child list's filters, a manual chronology
entry, a document upload. They parse input; the rules are in services.py."""

from django import forms

from frontend.forms import DateField, DateTimeField

from ..models import DocumentType, LegalStatusKind


class ChildFilterForm(forms.Form):
    """The child list's filters, sent as a GET form so they work without JavaScript."""

    STATES = [("open", "Open cases"), ("closed", "Closed cases"), ("all", "Open and closed")]

    search = forms.CharField(label="Name or LA ID", required=False, max_length=100)
    team = forms.ModelChoiceField(
        label="Team", queryset=None, required=False, empty_label="All teams"
    )
    legal_status = forms.ChoiceField(
        label="Legal status",
        required=False,
        choices=[("", "Any legal status"), *LegalStatusKind.choices],
    )
    state = forms.ChoiceField(label="Open or closed", required=False, choices=STATES)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ChronologyEntryForm(forms.Form):
    occurred_at = DateTimeField(
        label="When did it happen?",
        error_messages={"required": "Enter the date and time of the event"},
    )
    headline = forms.CharField(
        label="Headline",
        max_length=300,
        help_text="A short description of the event, as it should read in the chronology.",
        error_messages={"required": "Enter a headline for the event"},
    )
    detail = forms.CharField(
        label="Detail (optional)", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


YES_NO = [("yes", "Yes"), ("no", "No")]


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word, Excel, OpenDocument text, PNG, JPEG or plain text.",
        error_messages={"required": "Select a file to upload"},
    )
    document_type = forms.ChoiceField(
        label="Type of document",
        choices=DocumentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of document"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title for the document"},
    )
    document_date = DateField(
        label="Date of the document",
        error_messages={"required": "Enter the date of the document"},
    )
    copy_given_to_family = forms.TypedChoiceField(
        label="Was a copy given to the family?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if a copy was given to the family"},
    )
