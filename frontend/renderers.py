"""The form renderer that makes every Django form render with the GOV.UK Design System.

Set as `FORM_RENDERER`: `{{ form.field.as_field_group }}` renders a complete GOV.UK form
group (label or legend, hint from help_text, error message, input with the right classes),
and `{{ form }}` renders every field that way.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Input
from django.utils.functional import cached_property

from . import widgets as govuk_widgets

# The GOV.UK class for each kind of single input, and its error modifier.
INPUT_CLASSES = {
    "input": "govuk-input",
    "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}
ERROR_CLASSES = {
    "input": "govuk-input--error",
    "password": "govuk-input--error",
    "textarea": "govuk-textarea--error",
    "select": "govuk-select--error",
    "file": "govuk-file-upload--error",
}
# Radios with this many options or fewer, all short, sit side by side.
INLINE_RADIOS_MAX = 2
INLINE_LABEL_MAX = 12


def widget_kind(widget: forms.Widget) -> str:
    """Name the GOV.UK component that renders this widget."""
    checks = [
        (forms.HiddenInput, "hidden"),
        (forms.MultipleHiddenInput, "hidden"),
        (govuk_widgets.DateInput, "date"),
        # CheckboxSelectMultiple is a RadioSelect subclass: test it first.
        (forms.CheckboxSelectMultiple, "checkboxes"),
        (forms.RadioSelect, "radios"),
        (forms.CheckboxInput, "checkbox"),
        (forms.Textarea, "textarea"),
        (forms.Select, "select"),
        (forms.FileInput, "file"),
        (forms.PasswordInput, "password"),
        (Input, "input"),
    ]
    for widget_class, kind in checks:
        if isinstance(widget, widget_class):
            return kind
    return "other"


class GovukBoundField(forms.BoundField):
    """A bound field that knows its GOV.UK component, hint and error ids, and error anchor."""

    @cached_property
    def kind(self) -> str:
        return widget_kind(self.field.widget)

    @property
    def field_id(self) -> str:
        return self.field.widget.attrs.get("id") or self.auto_id

    @property
    def hint_id(self) -> str:
        return f"{self.field_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.field_id}-error"

    @property
    def count_id(self) -> str:
        return f"{self.field_id}-info"

    @property
    def max_length(self) -> int | None:
        """The character limit that turns a textarea into a GOV.UK character count."""
        if self.kind != "textarea":
            return None
        return getattr(self.field, "max_length", None)

    @property
    def aria_describedby(self) -> str:
        if self.field.widget.attrs.get("aria-describedby"):
            return self.field.widget.attrs["aria-describedby"]
        ids = []
        if self.field_id and not self.is_hidden:
            if self.help_text:
                ids.append(self.hint_id)
            if self.errors:
                ids.append(self.error_id)
            if self.max_length:
                ids.append(self.count_id)
        return " ".join(ids)

    @property
    def anchor_id(self) -> str:
        """The id of the input an error summary links to: the first input, or the first in error."""
        if self.kind in {"radios", "checkboxes"}:
            return f"{self.field_id}_0"
        if self.kind == "date":
            parts = self.error_parts or self.field.widget.parts
            return f"{self.field_id}_{parts[0]}"
        return self.id_for_label or self.field_id

    @property
    def error_parts(self) -> tuple[str, ...] | None:
        """The parts of a date input that are in error (None: all of them)."""
        if self.kind != "date" or not self.errors:
            return None
        parts: list[str] = []
        for error in self.form.errors.as_data().get(self.name, []):
            for item in error.error_list:
                named = (item.params or {}).get("error_parts")
                if not named:
                    return None
                parts.extend(part for part in named if part not in parts)
        ordered = tuple(part for part in self.field.widget.parts if part in parts)
        return ordered or None

    @property
    def inline(self) -> bool:
        """Whether radios sit side by side: as the widget says, or two short options."""
        if self.kind != "radios":
            return False
        chosen = getattr(self.field.widget, "inline", None)
        if chosen is not None:
            return chosen
        # The options already rendered (cached), so no second query for model choices.
        labels = [str(option.choice_label) for option in self.subwidgets]
        return len(labels) <= INLINE_RADIOS_MAX and all(
            len(label) <= INLINE_LABEL_MAX for label in labels
        )

    @property
    def small(self) -> bool:
        if self.kind == "checkbox":
            return True
        return bool(getattr(self.field.widget, "small", False))

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # GOV.UK forms validate on the server only: browser messages are inconsistent
        # and not accessible, so no `required` (pages mark optional fields instead).
        # False (not a missing key) also overrides what the widget itself carries.
        attrs["required"] = False
        kind = widget_kind(widget)
        classes = []
        if kind in INPUT_CLASSES:
            classes.append(INPUT_CLASSES[kind])
            if self.errors:
                classes.append(ERROR_CLASSES[kind])
        elif kind in {"radios", "checkboxes", "checkbox"}:
            classes.append(f"govuk-{'radios' if kind == 'radios' else 'checkboxes'}__input")
        if kind == "textarea" and self.max_length:
            classes.append("govuk-js-character-count")
            # The character count lets people go over and says by how much; maxlength
            # would cut their words off silently.
            attrs["maxlength"] = False
        if kind == "password":
            attrs.setdefault("spellcheck", "false")
            attrs.setdefault("autocapitalize", "none")
        if kind == "date":
            attrs["error_parts"] = self.error_parts
        if classes:
            existing = attrs.get("class") or widget.attrs.get("class", "")
            attrs["class"] = " ".join([*classes, *existing.split()])
        # GOV.UK pages leave focus where the person is, not on the first field.
        attrs["autofocus"] = False
        return attrs


class GovukFormRenderer(DjangoTemplates):
    """Render forms and fields with the GOV.UK Design System's markup."""

    form_template_name = "frontend/forms/form.html"
    field_template_name = "frontend/forms/field.html"
    bound_field_class = GovukBoundField
