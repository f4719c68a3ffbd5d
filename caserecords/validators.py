import re

from django.core.exceptions import ValidationError

# ASCII digits only: str.isdigit() also accepts "²" (which int() rejects) and other scripts' digits.
_TEN_DIGITS = re.compile(r"[0-9]{10}")


def nhs_number_is_valid(value: str) -> bool:
    """Check a 10-digit NHS number against its modulus 11 check digit."""
    if not _TEN_DIGITS.fullmatch(value):
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(value[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[9])


def validate_nhs_number(value: str) -> None:
    if value and not nhs_number_is_valid(value):
        raise ValidationError(
            "Enter a valid NHS number: 10 digits, with a correct check digit.", code="nhs_number"
        )
