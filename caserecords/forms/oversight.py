"""Forms for management oversight: a file read, a supervision, a submission for approval and
the decision on it. They check the shape of the input; the rules are in the services."""

from collections.abc import Sequence
from typing import Any

from django import forms

from frontend.forms import DateField, DateTimeField
from staff.models import Team

from .. import codes
from ..models import (
    ApprovalKind,
    Child,
    Document,
    FileReadPurpose,
    TransferDestination,
)


class FileReadForm(forms.Form):
    purpose = forms.ChoiceField(
        label="Why did you read the file?",
        choices=FileReadPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you read the file"},
    )
    read_at = DateTimeField(
        label="When did you read it?",
        help_text="For example, 20 11 2026 at 14:30",
        error_messages={"required": "Enter the date and time you read the file"},
    )
    what_was_read = forms.CharField(
        label="What did you read?",
        help_text="For example, the chronology, the observations since the last review, the "
        "assessment and the plan.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you read"},
    )
    decisions = forms.CharField(
        label="Decisions (optional)",
        help_text="What you decided about the case, and why.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    late_reason = forms.CharField(
        label="Reason for late recording",
        help_text="The read is being recorded after its due date: say why.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class SupervisionWorkerForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Who are you supervising?",
        queryset=None,
        empty_label="Choose a worker",
        error_messages={"required": "Choose the worker", "invalid_choice": "Choose the worker"},
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class SupervisionForm(forms.Form):
    """The session, and for each of the worker's cases: discussed, discussion, decisions."""

    held_at = DateTimeField(
        label="Date and time of supervision",
        help_text="For example, 20 11 2026 at 14:30",
        error_messages={"required": "Enter the date and time of the supervision"},
    )
    late_reason = forms.CharField(
        label="Reason for late recording",
        help_text="The supervision is being recorded after its due date: say why.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, children: Sequence[Child], **kwargs):
        super().__init__(*args, **kwargs)
        self.children = list(children)
        for child in self.children:
            self.fields[f"discussed_{child.pk}"] = forms.BooleanField(
                label=f"{child.full_name} was discussed", required=False
            )
            self.fields[f"discussion_{child.pk}"] = forms.CharField(
                label="What was discussed",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            self.fields[f"decisions_{child.pk}"] = forms.CharField(
                label="Decisions and actions",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def case_rows(self) -> list[dict[str, Any]]:
        """The bound fields of each case, for the template."""
        return [
            {
                "child": child,
                "discussed": self[f"discussed_{child.pk}"],
                "discussion": self[f"discussion_{child.pk}"],
                "decisions": self[f"decisions_{child.pk}"],
            }
            for child in self.children
        ]

    def clean(self):
        data = super().clean()
        chosen = 0
        for child in self.children:
            if not data.get(f"discussed_{child.pk}"):
                continue
            chosen += 1
            for name, what in (("discussion", "what was discussed"), ("decisions", "decisions")):
                if not (data.get(f"{name}_{child.pk}") or "").strip():
                    self.add_error(f"{name}_{child.pk}", f"{child.full_name}: enter the {what}")
        if not chosen:
            raise forms.ValidationError("Select at least one case that was discussed")
        return data

    def cases(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "child": child,
                "discussion": data[f"discussion_{child.pk}"],
                "decisions": data[f"decisions_{child.pk}"],
            }
            for child in self.children
            if data.get(f"discussed_{child.pk}")
        ]


class ApprovalForm(forms.Form):
    """A submission for approval. Every field of the kind is shown (no script needed);
    the service checks what the kind requires."""

    note = forms.CharField(
        label="What are you submitting?",
        help_text="Say what it is and anything the approver should know.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    document = forms.ModelChoiceField(
        label="The document on the file (optional)",
        queryset=Document.objects.none(),
        required=False,
        empty_label="No document",
    )

    def __init__(self, *args, child: Child, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        documents = child.documents.order_by("-document_date", "-pk")
        self.fields["document"].queryset = documents
        if kind == ApprovalKind.TRANSFER:
            self._add_transfer_fields(child, documents)
        if kind in (ApprovalKind.CLOSURE, ApprovalKind.TRANSFER):
            self._add_closure_fields(transfer=kind == ApprovalKind.TRANSFER)

    def _add_closure_fields(self, *, transfer: bool) -> None:
        when = "transfer" if transfer else "closure"
        self.fields["effective_on"] = DateField(
            label=f"Date of {when}",
            help_text="For example, 27 11 2026",
            error_messages={"required": f"Enter the date of {when}"},
        )
        if not transfer:
            self.fields["closure_reason"] = forms.ChoiceField(
                label="Reason for closure",
                choices=[("", "Choose the reason"), *codes.ClosureReason.choices],
                error_messages={"required": "Choose the reason for closure"},
            )
        optional = " (a transfer to another authority only)" if transfer else ""
        for name, label in (
            ("closure_summary", "Closure summary"),
            ("child_views", "The child’s views"),
            ("carer_views", "The carer’s views"),
        ):
            self.fields[name] = forms.CharField(
                label=label + optional,
                widget=forms.Textarea(attrs={"rows": 4}),
                required=not transfer,
                error_messages={"required": f"Enter the {label.lower()}"},
            )

    def _add_transfer_fields(self, child: Child, documents) -> None:
        self.fields["destination"] = forms.ChoiceField(
            label="Where is the case going?",
            choices=TransferDestination.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select where the case is going"},
        )
        teams = Team.objects.exclude(pk=child.team_id).order_by("name")
        self.fields["to_team"] = forms.ModelChoiceField(
            label="The team (another team in this authority)",
            queryset=teams,
            required=False,
            empty_label="Choose the team",
        )
        self.fields["to_authority"] = forms.CharField(
            label="The local authority (another authority)", max_length=200, required=False
        )
        self.fields["acceptance_date"] = DateField(
            label="Date of the receiving authority’s written acceptance",
            help_text="Another authority must confirm the transfer in writing. For example, "
            "20 11 2026",
            required=False,
        )
        self.fields["acceptance_reference"] = forms.CharField(
            label="Reference of the written acceptance", max_length=200, required=False
        )
        self.fields["acceptance_document"] = forms.ModelChoiceField(
            label="Or the letter of acceptance on the file",
            queryset=documents,
            required=False,
            empty_label="No document",
        )


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("return", "Return with comments")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve it or return it"},
    )
    comments = forms.CharField(
        label="Comments",
        help_text="Required if you return it: say what needs to change.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class UnallocatedServiceForm(forms.Form):
    service = forms.IntegerField(required=False, min_value=1)
