"""GOV.UK form fields and the sign-in form.

- `DateField`: GOV.UK date input (day, month, year boxes); cleans to a `date`.
- `DateTimeField`: GOV.UK date input plus a time box ("14:30" or "2:30pm"); cleans to an
  aware datetime in Europe/London (the project's TIME_ZONE).

Both give the GOV.UK Design System's error messages ("Date must include a month",
"Date must be a real date", "Year must include 4 numbers"). Override any of them with
`error_messages={...}` as on any Django field, for example
`error_messages={"required": "Enter the date of the visit"}`.
"""

import re
from datetime import UTC, date, datetime, time

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from .widgets import DATE_PARTS
from .widgets import DateInput as DateInputWidget
from .widgets import DateTimeInput as DateTimeInputWidget

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
TIME_WORDS = {"midday": time(12, 0), "noon": time(12, 0), "midnight": time(0, 0)}
TIME_PATTERN = re.compile(r"^(?P<hour>\d{1,2})(?:[:.]?(?P<minute>\d{2}))?(?P<meridiem>am|pm)?$")


def _join_parts(parts: list[str]) -> str:
    """Return "day", "day and month" or "day, month and year"."""
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def format_time_12h(value: time) -> str:
    """Return a time as GOV.UK writes it: "9am", "2:30pm", "midday"."""
    if value == time(12, 0):
        return "midday"
    if value == time(0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{suffix}"


def format_date_long(value: date) -> str:
    """Return a date as GOV.UK writes it: "29 March 2026"."""
    return f"{value.day} {value:%B %Y}"


class _PartsFieldMixin:
    """Shared cleaning for fields whose widget has one box per part."""

    widget: forms.MultiWidget
    default_help_text = ""

    def __init__(self, *, help_text="", **kwargs):
        # A GOV.UK date input always has a hint; a model's empty help_text keeps ours.
        super().__init__(help_text=help_text or self.default_help_text, **kwargs)

    def _error(self, code: str, parts, **params) -> ValidationError:
        return ValidationError(
            self.error_messages[code], code=code, params={**params, "error_parts": tuple(parts)}
        )

    def _parts(self, value) -> list[str]:
        if not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        return [str(item).strip() if item is not None else "" for item in value]

    def _clean_date(self, day: str, month: str, year: str) -> date:
        given = dict(zip(DATE_PARTS, (day, month, year), strict=True))
        missing = [part for part, text in given.items() if not text]
        if missing:
            raise self._error("incomplete", missing, missing=_join_parts(missing))
        if month.lower() in MONTH_NAMES:
            month = str(MONTH_NAMES[month.lower()])
        not_numbers = [
            part
            for part, text in zip(DATE_PARTS, (day, month, year), strict=True)
            if not text.isdigit()
        ]
        if not_numbers:
            raise self._error("invalid", not_numbers)
        if len(year) != 4:  # GOV.UK asks for a four-digit year
            raise self._error("year_digits", ["year"])
        if not 1 <= int(month) <= 12:
            raise self._error("invalid", ["month"])
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise self._error("invalid", ["day"]) from None

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class DateField(_PartsFieldMixin, forms.Field):
    """A date entered in three boxes: day, month and year (the GOV.UK date input)."""

    widget = DateInputWidget
    default_error_messages = {
        "required": "Enter a date",
        "incomplete": "Date must include a %(missing)s",
        "invalid": "Date must be a real date",
        "year_digits": "Year must include 4 numbers",
    }

    default_help_text = "For example, 27 3 2026"

    def to_python(self, value) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parts = self._parts(value)
        if not any(parts):
            return None
        return self._clean_date(*parts[:3])


class DateTimeField(_PartsFieldMixin, forms.Field):
    """A date (day, month, year boxes) and a time box; cleans to an aware datetime.

    The time is read in the project's time zone (Europe/London). A time the clocks
    skipped (1:30am on the last Sunday of March) is refused; a time that happened
    twice (1:30am on the last Sunday of October) means the first, in British Summer Time.
    """

    widget = DateTimeInputWidget
    default_error_messages = {
        "required": "Enter a date and time",
        "date_required": "Enter a date",
        "incomplete": "Date must include a %(missing)s",
        "invalid": "Date must be a real date",
        "year_digits": "Year must include 4 numbers",
        "time_required": "Enter a time, like 14:30 or 2:30pm",
        "time_invalid": "Enter a real time, like 14:30 or 2:30pm",
        "time_nonexistent": (
            "There was no %(time)s on %(date)s because the clocks went forward: "
            "enter the time shown on the clock after they changed"
        ),
    }

    default_help_text = "For example, 27 3 2026 and 14:30"

    def to_python(self, value) -> datetime | None:
        if isinstance(value, datetime):
            return value if timezone.is_aware(value) else timezone.make_aware(value)
        parts = self._parts(value)
        if not any(parts):
            return None
        day, month, year, clock = parts
        if not (day or month or year):
            raise self._error("date_required", DATE_PARTS)
        the_date = self._clean_date(day, month, year)
        if not clock:
            raise self._error("time_required", ["time"])
        the_time = parse_time(clock)
        if the_time is None:
            raise self._error("time_invalid", ["time"])
        return self._make_aware(the_date, the_time)

    def _make_aware(self, the_date: date, the_time: time) -> datetime:
        zone = timezone.get_default_timezone()
        naive = datetime.combine(the_date, the_time)
        aware = naive.replace(tzinfo=zone)  # fold=0: the first of two repeated times
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
            raise self._error(
                "time_nonexistent",
                ["time"],
                time=format_time_12h(the_time),
                date=format_date_long(the_date),
            )
        return aware


def parse_time(text: str) -> time | None:
    """Read "14:30", "1430", "14.30", "2:30pm", "2pm", "2.30 p.m.", "midday"; None if not a time."""
    text = re.sub(r"[\s]", "", text.lower()).replace("a.m.", "am").replace("p.m.", "pm")
    if text in TIME_WORDS:
        return TIME_WORDS[text]
    match = TIME_PATTERN.match(text)
    if not match:
        return None
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    meridiem = match["meridiem"]
    if minute > 59:
        return None
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif match["minute"] is None or hour > 23:
        # "14" alone could be a slip; "2" is ambiguous. Ask for "14:00" or "2pm".
        return None
    return time(hour, minute)


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account cannot be used to sign in",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.error_messages["required"] = "Enter your username"
        username.widget.attrs.update(
            {"class": "govuk-input--width-20", "spellcheck": "false", "autocapitalize": "none"}
        )
        password = self.fields["password"]
        password.error_messages["required"] = "Enter your password"
        password.widget.attrs.update({"class": "govuk-input--width-20"})
