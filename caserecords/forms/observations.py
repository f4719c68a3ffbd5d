"""Forms for observations: record or edit, complete, amend, entered in error, decide.

Forms parse and check the shape of the input; the rules (deadlines, who may do
what, lateness) are in services.py, whose errors the views put back on the form.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.forms.utils import ErrorDict, ErrorList

from frontend.forms import DateField, DateTimeField

from ..models import Child, ChildSeen, Observation, ObservationKind

SAFEGUARDING_HINT = (
    "Due within 1 working day. Strategy discussions, disclosures and safety plans "
    "are always safeguarding."
)
ANALYSIS_HINT = (
    "Keep your opinion apart from the facts: distinguish fact from opinion, and say what "
    "the facts mean for the child's safety and wellbeing."
)
FACTS_HINT = "What was seen, heard and said. Record what others told you as theirs."


class ObservationFieldsForm(forms.Form):
    """The fields a recorder fills in, which an amendment may later change."""

    kind = forms.ChoiceField(
        label="What kind of contact or event was it?",
        choices=[("", "Choose the kind of contact"), *ObservationKind.choices],
        error_messages={"required": "Select the kind of contact or event"},
    )
    occurred_at = DateTimeField(
        label="Date and time of contact",
        help_text="For example, 20 11 2026 at 14:30",
        error_messages={"required": "Enter the date and time of contact"},
    )
    location = forms.CharField(
        label="Where and how did it happen?",
        help_text="For example, at the family home; by phone; at school, in the meeting room.",
        max_length=300,
        error_messages={"required": "Enter where and how the contact happened"},
    )
    child_seen = forms.ChoiceField(
        label="Was the child seen?",
        choices=ChildSeen.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child was seen"},
    )
    child_views = forms.CharField(
        label="The child's views, wishes and feelings, in their own words",
        help_text="Use the child's own words where you can.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    facts = forms.CharField(
        label="What happened (facts)",
        help_text=FACTS_HINT,
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    analysis = forms.CharField(
        label="Professional opinion and analysis",
        help_text=ANALYSIS_HINT,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    summary = forms.CharField(
        label="Key issues (headline)",
        help_text="One line. It is shown in lists and, for a significant event, in the chronology.",
        max_length=300,
        error_messages={"required": "Enter the key issues"},
    )
    safeguarding = forms.BooleanField(
        label="This is about a safeguarding concern or risk",
        help_text=SAFEGUARDING_HINT,
        required=False,
    )
    detailed = forms.BooleanField(
        label="This is a detailed write-up",
        help_text="For example, a child protection investigation or a complaint. "
        "Due within 10 working days.",
        required=False,
    )
    significant = forms.BooleanField(
        label="This is a significant event",
        help_text="Significant events are shown in the chronology at the front of the file.",
        required=False,
    )

    def observation_data(self) -> dict[str, Any]:
        """The cleaned fields, as services.observation_create/update take them."""
        return {name: self.cleaned_data[name] for name in ObservationFieldsForm.base_fields}

    @classmethod
    def initial_for(cls, observation: Observation) -> dict[str, Any]:
        return {name: getattr(observation, name) for name in ObservationFieldsForm.base_fields}


class ObservationForm(ObservationFieldsForm):
    """Record an observation, or edit a draft: the fields, siblings and a late reason."""

    late_reason = forms.CharField(
        label="Reason for late recording",
        help_text="The recording is past its due date: say why it was not recorded on time.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, siblings: Sequence[Child] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.siblings = {child.pk: child for child in siblings}
        if siblings:
            self.fields["siblings"] = forms.TypedMultipleChoiceField(
                label="Also record this contact on a sibling's file",
                help_text="Each child you select gets their own copy of this observation.",
                choices=[(child.pk, child.full_name) for child in siblings],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def chosen_siblings(self) -> list[Child]:
        return [self.siblings[pk] for pk in self.cleaned_data.get("siblings", [])]


class RowForm(forms.Form):
    """One row of a table in a form; its errors say which row they are about."""

    row_label = "Row"

    def __init__(self, *args, row: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if row is not None:
            for field in self.fields.values():
                field.error_messages = {
                    key: f"{self.row_label} {row}: {message}"
                    for key, message in field.error_messages.items()
                }


class ParticipantForm(RowForm):
    row_label = "Person"

    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the name of the person involved"},
    )
    title = forms.CharField(
        label="Title or relationship to the child (optional)", max_length=200, required=False
    )
    agency = forms.CharField(label="Agency (optional)", max_length=200, required=False)


class ActionForm(RowForm):
    row_label = "Action"

    description = forms.CharField(
        label="Action",
        max_length=500,
        error_messages={"required": "Enter the action agreed"},
    )
    owner = forms.CharField(
        label="Who will do it",
        max_length=200,
        error_messages={"required": "Enter who will do the action"},
    )
    due_date = DateField(
        label="By when",
        help_text="For example, 4 12 2026",
        error_messages={"required": "Enter the date the action is due by"},
    )


class RowsFormSet(forms.BaseFormSet):
    """Rows of a table in a form (people involved, actions agreed).

    Every row may be left blank: blank rows are skipped, half-filled rows are
    errors. Rows are bound without initial data, so clearing a row removes it.
    """

    def get_form_kwargs(self, index):
        kwargs = {**super().get_form_kwargs(index), "empty_permitted": True}
        if index is not None:  # None: the empty form, a template for new rows
            kwargs["row"] = index + 1
        return kwargs

    def rows(self) -> list[dict[str, Any]]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]

    def has_rows(self) -> bool:
        return any(form.has_changed() for form in self.forms)


ParticipantFormSet = forms.formset_factory(ParticipantForm, formset=RowsFormSet, extra=0)
ActionFormSet = forms.formset_factory(ActionForm, formset=RowsFormSet, extra=0)


def rows_formset(formset_class, *, prefix: str, data=None, initial=None, rows: int = 3):
    """A formset bound to `data`, or showing `initial` rows and blank ones up to `rows`
    (at least one blank row)."""
    if data is not None:
        return formset_class(data, prefix=prefix)
    initial = list(initial or [])
    formset = formset_class(initial=initial, prefix=prefix)
    formset.extra = max(rows - len(initial), 1)
    return formset


def with_another_row(data: Mapping[str, Any], prefix: str) -> Mapping[str, Any]:
    """A copy of the posted data with one more (blank) row in the `prefix` formset."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        count = int(data.get(key, 0))
    except ValueError:
        count = 0
    data[key] = str(min(count + 1, 50))
    return data


def hide_errors(*forms_and_formsets) -> None:
    """Show posted values without their errors (after "Add another", not a submission)."""
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            item._non_form_errors = ErrorList()
            item._errors = []
            hide_errors(*item.forms)
            item._errors = [form.errors for form in item.forms]
        else:
            item._errors = ErrorDict()
            item.cleaned_data = {}


class CompleteForm(forms.Form):
    late_reason = forms.CharField(
        label="Reason for late recording",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["late_reason"]
        field.required = late
        field.error_messages["required"] = "Enter the reason for late recording"


class AmendmentForm(ObservationFieldsForm):
    """The amendable fields, prefilled with the current values, and the reason."""

    reason = forms.CharField(
        label="Why does the record need to change?",
        help_text="The reason is kept with the record and shown in its history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the amendment"},
    )

    def changes(self, observation: Observation) -> dict[str, Any]:
        """Only the fields whose value differs from the record's."""
        return {
            name: value
            for name, value in self.observation_data().items()
            if getattr(observation, name) != value
        }


class EnteredInErrorForm(forms.Form):
    reason = forms.CharField(
        label="Why was this entered in error?",
        help_text="For example, recorded on the wrong child's file. The entry stays on the "
        "file, marked as entered in error, and readable to managers.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the observation was entered in error"},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve or reject the request"},
    )
    decision_note = forms.CharField(
        label="Note",
        help_text="Required if you reject the request: say why.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
