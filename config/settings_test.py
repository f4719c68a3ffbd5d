"""Settings for the test suite: the same module, with fast hashing and local mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from .settings import *  # noqa: F403
from .settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SEED_DEMO_ALLOWED = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
AXES_ENABLED = os.environ.get("AXES_ENABLED", "0") == "1"
# Off unless a test turns them on: tests sign in once and move the clock by days, and
# the whole suite asks for tokens from one address (tests/security turns each on).
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "0"))
API_SIGN_IN_RATE = "10000/minute"
OTP_REQUIRED_FOR_MANAGERS = False
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/caserecords-test-media"))  # noqa: F405,S108
WHITENOISE_AUTOREFRESH = True  # tests run without collectstatic
