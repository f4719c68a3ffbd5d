"""GOV.UK widgets: the date input (day, month, year), date and time, radios and checkboxes.

Django's own widgets render GOV.UK markup through `frontend.renderers.GovukFormRenderer`;
these add what Django has no widget for, and a few display options.
"""

from datetime import date, datetime

from django import forms
from django.utils import timezone

DATE_PARTS = ("day", "month", "year")


class Radios(forms.RadioSelect):
    """Radio buttons; `inline` puts two short options side by side (default: decide by length)."""

    def __init__(self, attrs=None, choices=(), *, inline: bool | None = None, small: bool = False):
        super().__init__(attrs, choices)
        self.inline = inline
        self.small = small


class Checkboxes(forms.CheckboxSelectMultiple):
    """Checkboxes; `small` for filters and dense pages."""

    def __init__(self, attrs=None, choices=(), *, small: bool = False):
        super().__init__(attrs, choices)
        self.small = small


def _part_input(width: int, **attrs) -> forms.TextInput:
    return forms.TextInput(
        attrs={"class": f"govuk-input govuk-date-input__input govuk-input--width-{width}", **attrs}
    )


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: three text boxes named `<name>_day`, `<name>_month`, `<name>_year`.

    Subwidget ids are `<id>_day` and so on. The bound field passes `error_parts` (the
    parts to highlight) in `attrs`; without it, an error highlights every part.
    """

    template_name = "frontend/widgets/date_input.html"
    parts: tuple[str, ...] = DATE_PARTS
    labels = {"day": "Day", "month": "Month", "year": "Year", "time": "Time"}

    def __init__(self, attrs=None):
        widgets = {
            "day": _part_input(2, inputmode="numeric"),
            "month": _part_input(2, inputmode="numeric"),
            "year": _part_input(4, inputmode="numeric"),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        error_parts = attrs.pop("error_parts", None)
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        id_ = widget["attrs"].get("id")
        invalid = widget["attrs"].pop("aria-invalid", None)
        for part, subwidget in zip(self.parts, widget["subwidgets"], strict=True):
            sub_attrs = subwidget["attrs"]
            sub_attrs.pop("aria-invalid", None)
            if id_:
                sub_attrs["id"] = f"{id_}_{part}"
            if invalid and (error_parts is None or part in error_parts):
                sub_attrs["class"] = f"{sub_attrs['class']} govuk-input--error"
                sub_attrs["aria-invalid"] = "true"
            subwidget["part_label"] = self.labels[part]
            subwidget["part"] = part
        return context


class DateTimeInput(DateInput):
    """The GOV.UK date input plus a time box (`<name>_time`): "14:30" or "2:30pm"."""

    parts = (*DATE_PARTS, "time")

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets.append(_part_input(5, autocomplete="off", spellcheck="false"))
        self.widgets_names.append("_time")

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return [None, None, None, None]
        if isinstance(value, datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return [*super().decompress(value.date()), value.strftime("%H:%M")]
        return [*super().decompress(value), None]
