"""Forms of the audit pages. They parse input; the rules are in services.py and sampling.py."""

from django import forms
from django.core.exceptions import ValidationError

from frontend.forms import DateField
from frontend.widgets import Radios

from .models import Answer, AuditAnswer, Grade, SampleStatus
from .quarters import Quarter

SEED_MAX = 2**62


def quarter_choices(quarters: list[str], *, blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(q, f"{q} ({Quarter.parse(q).label})") for q in quarters]
    return [("", blank), *choices] if blank is not None else choices


class SampleFilterForm(forms.Form):
    """The sample list's filters, a GET form (works without JavaScript)."""

    quarter = forms.ChoiceField(label="Quarter", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Any status"),
            *[(value, label) for value, label in SampleStatus.choices if value != "withdrawn"],
        ],
    )

    def __init__(self, *args, quarters: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(quarters, blank="All quarters")


class ReportFilterForm(forms.Form):
    quarter = forms.ChoiceField(label="Quarter")
    team = forms.ModelChoiceField(
        label="Team", queryset=None, required=False, empty_label="All your teams"
    )

    def __init__(self, *args, quarters: list[str], teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(quarters)
        self.fields["team"].queryset = teams


class DrawForm(forms.Form):
    quarter = forms.CharField(
        label="Quarter",
        max_length=6,
        help_text="For example, 2027Q1 for January to March 2027.",
        error_messages={"required": "Enter the quarter, like 2027Q1"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
    )
    seed = forms.IntegerField(
        label="Random seed (optional)",
        required=False,
        min_value=0,
        max_value=SEED_MAX,
        help_text="Leave empty for a new random seed. Give one to repeat a draw exactly.",
        error_messages={
            "invalid": "The seed must be a whole number",
            "min_value": "The seed must be 0 or more",
            "max_value": "The seed is too large",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    redraw = forms.BooleanField(
        label="Draw again, replacing this quarter's sample",
        help_text="Only before any of it is being audited. The auditors' access to the old "
        "sample ends.",
        required=False,
    )

    def clean_quarter(self) -> Quarter:
        try:
            return Quarter.parse(self.cleaned_data["quarter"])
        except ValueError as error:
            raise ValidationError("Enter the quarter like 2027Q1") from error


class ActionForm(forms.Form):
    """An action for the team leader: both parts, or neither (a spare row)."""

    description = forms.CharField(
        label="Action for the team leader",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_date = DateField(label="By when", required=False)

    def clean(self):
        data = super().clean()
        description, due = data.get("description", "").strip(), data.get("due_date")
        if description and not due and "due_date" not in self.errors:
            self.add_error("due_date", "Enter the date the action is due by")
        if due and not description:
            self.add_error("description", "Describe the action")
        return data


ActionFormSet = forms.formset_factory(ActionForm, extra=2, max_num=10, absolute_max=10)


class ScoreForm(forms.Form):
    """The checklist: for each question yes / no / not applicable and a comment; the grade."""

    grade = forms.ChoiceField(
        label="Overall grade",
        choices=Grade.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(
        label="Overall findings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What is good about the file, and what must improve.",
    )

    def __init__(self, *args, answers: list[AuditAnswer], **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers
        for row in answers:
            question = row.question
            self.fields[f"answer_{question.pk}"] = forms.ChoiceField(
                label=question.text,
                help_text=question.guidance,
                choices=Answer.choices,
                required=False,
                widget=Radios(inline=True, small=True),
            )
            self.fields[f"comment_{question.pk}"] = forms.CharField(
                label="Comment",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.initial.setdefault(f"answer_{question.pk}", row.answer)
            self.initial.setdefault(f"comment_{question.pk}", row.comment)

    def rows(self):
        """(answer row, its answer field, its comment field), in checklist order."""
        return [
            (row, self[f"answer_{row.question_id}"], self[f"comment_{row.question_id}"])
            for row in self.answers
        ]

    def given(self) -> dict[int, tuple[str, str]]:
        return {
            row.question_id: (
                self.cleaned_data[f"answer_{row.question_id}"],
                self.cleaned_data[f"comment_{row.question_id}"].strip(),
            )
            for row in self.answers
        }
