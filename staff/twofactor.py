"""Two-factor sign-in for managers: an authenticator app (TOTP) through django-otp.

Switched on by OTP_REQUIRED_FOR_MANAGERS; config.middleware.ManagerTwoFactorMiddleware
sends a manager here before any other page.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

DEVICE_NAME = "Authenticator app"
WRONG_CODE = "The code is not right. Enter the 6-digit code your authenticator app shows now"


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The app being set up: the user's unconfirmed device, made on first asking."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the app being set up with a code it shows; the user's only app from then on."""
    device = totp_device_for_setup(user=user)
    if not device.verify_token(token):
        raise ValidationError({"token": WRONG_CODE})
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def totp_verify(*, user: User, token: str | None) -> TOTPDevice:
    """The user's confirmed app, if `token` is its current code (django-otp throttles guesses)."""
    if not token:
        raise ValidationError({"token": "Enter the 6-digit code from your authenticator app"})
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError({"token": "Set up an authenticator app first"})
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(
            {"token": "Too many wrong codes. Wait a minute, then enter the code again"}
        )
    if not device.verify_token(token):
        raise ValidationError({"token": WRONG_CODE})
    return device


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
