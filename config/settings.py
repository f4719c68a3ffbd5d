"""Settings, read from the environment.

Safe defaults make the demo work from a plain checkout (SQLite, tasks run
in-process); production (DEBUG off) refuses to start without a SECRET_KEY.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .beat import CELERY_BEAT_SCHEDULE as BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or DEBUG=1 for a local demo)."
        )
    SECRET_KEY = "django-insecure-local-demo-only"  # noqa: S105 - DEBUG only, never production

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo data may only be written where it cannot be mistaken for real records.
SEED_DEMO_ALLOWED = DEBUG or env_bool("SEED_DEMO_ALLOWED")
# What each app adds to the demo authority after the children's records, in this order.
DEMO_EXTENSIONS = [
    "sharing.demo.seed",
    "absence.demo.seed",
    "notifications.demo.seed",
    "audits.demo.seed",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "frontend",
    "staff",
    "caserecords",
    "sharing",
    "notifications",
    "absence",
    "audits",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.middleware.PagesLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.SessionIdleTimeoutMiddleware",
    "config.middleware.ManagerTwoFactorMiddleware",
    "config.middleware.ApiNotFoundMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.security.sign_in_options",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Every form renders with the GOV.UK Design System (frontend/renderers.py).
FORM_RENDERER = "frontend.renderers.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run many short queries: PostgreSQL's JIT compiler spends longer compiling them
    # (about 250 ms for the director's observation list) than it saves. PG_OPTIONS overrides.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "PG_OPTIONS", "-c jit=off"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "staff.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "caserecords:caseload"
LOGOUT_REDIRECT_URL = "login"
# Argon2 for new and changed passwords; older hashes still verify and are upgraded
# to Argon2 the next time their owner signs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock an account out after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.locked_out"

# Sign out after this many minutes without a request (0 turns it off); pages warn
# SESSION_IDLE_WARNING_MINUTES before. API tokens are not sessions and never idle out.
SESSION_IDLE_TIMEOUT_MINUTES = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_IDLE_WARNING_MINUTES = int(os.environ.get("SESSION_IDLE_WARNING_MINUTES", "5"))

# Two-factor sign-in (an authenticator app, TOTP) for team leaders and above when on.
OTP_REQUIRED_FOR_MANAGERS = env_bool("OTP_REQUIRED_FOR_MANAGERS")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Case records")

# Optional sign-in with the council's identity provider (OpenID Connect, e.g. Entra ID).
# It only signs in staff who already have an account here, matched by email or username.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not os.environ.get(name)
    ]
    if missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so council sign-in needs {', '.join(missing)} too."
        )
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ["OIDC_OP_JWKS_ENDPOINT"]
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "/sign-in/"
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "staff.oidc.CouncilAccountBackend"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded documents live outside the web root and are only served through an
# access-checked view (caserecords.views.document_download).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "uploads"))
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An email filed onto children's records (absence/emails.py), .eml or pasted, at most this.
EMAIL_IMPORT_MAX_BYTES = int(os.environ.get("EMAIL_IMPORT_MAX_BYTES", str(DOCUMENT_MAX_BYTES)))

# The rules' settings -----------------------------------------------------------------------
# Need to Know: an unanswered category A briefing goes to the Director at the end of the
# working day on which the concern arose (seed 002), London time.
ESCALATION_END_OF_DAY = os.environ.get("ESCALATION_END_OF_DAY", "17:00")
# Management oversight: a file no manager has read for this many working days shows on the
# oversight dashboard (seed 003 §4, "managers regularly read all files").
OVERSIGHT_READ_INTERVAL_DAYS = int(os.environ.get("OVERSIGHT_READ_INTERVAL_DAYS", "20"))
# Quarterly file audit sample (audits/sampling.py): per team, this share of open case files,
# at least the minimum; supervision records by the same rule unless a count per team is set.
AUDIT_SAMPLE_FRACTION = float(os.environ.get("AUDIT_SAMPLE_FRACTION", "0.10"))
AUDIT_SAMPLE_MINIMUM = int(os.environ.get("AUDIT_SAMPLE_MINIMUM", "2"))
AUDIT_SUPERVISION_SAMPLE = int(v) if (v := os.environ.get("AUDIT_SUPERVISION_SAMPLE")) else None
# Emergency (break-glass) access to a file lasts this many hours (caserecords/access.py).
BREAK_GLASS_HOURS = int(os.environ.get("BREAK_GLASS_HOURS", "12"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "case-records@localhost")
# Where people reach the service: the links in emails start with it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Celery: with no broker configured, tasks run in-process (the demo mode).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every scheduled job, with a comment each, is in config/beat.py.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated call gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "caserecords.api.exception_handler",
}
# The token endpoint takes passwords: slow down guessing from one address
# (django-axes locks the account too).
API_SIGN_IN_RATE = os.environ.get("API_SIGN_IN_RATE", "10/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Case records API",
    "DESCRIPTION": "Children's social care case records: children, observations and deadlines.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Fields named "kind" or "status" with different lists of values get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "ObservationKindEnum": "caserecords.models.ObservationKind",
        "PlannedContactKindEnum": "caserecords.models.PLANNED_KIND_CHOICES",
        # Draft or completed: observations and sharing records alike.
        "RecordStatusEnum": "caserecords.models.ObservationStatus",
        "AbsenceKindEnum": "absence.models.AbsenceKind",
        "EscalationStatusEnum": "notifications.models.EscalationStatus",
        "SharingTypeEnum": "sharing.models.SharingType",
        "SharingMethodEnum": "sharing.models.Method",
        "ConsentEnum": "sharing.models.Consent",
        "SharingDecisionEnum": "sharing.models.Decision",
    },
}

# Content Security Policy (django-csp 4): scripts and styles only from our own files,
# never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Cookies: never readable by scripts (our scripts read the CSRF token from the form),
# never sent from other sites' pages; a signed-in day is at most 8 hours.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # Production is HTTPS only; behind a TLS proxy, which sets X-Forwarded-Proto.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Records are kept, never deleted by the system. `manage.py retention_report` lists the
# closed files past their retention date: RETENTION_YEARS_AFTER_CLOSURE after the later
# of the case closing and the child's 18th birthday, and for a child ever looked after
# not before RETENTION_YEARS_FROM_BIRTH_LOOKED_AFTER from birth (the 2010 care planning
# regulations, reg. 50). Defaults to adjust to your council's retention schedule.
RETENTION_YEARS_AFTER_CLOSURE = int(os.environ.get("RETENTION_YEARS_AFTER_CLOSURE", "25"))
RETENTION_YEARS_FROM_BIRTH_LOOKED_AFTER = int(
    os.environ.get("RETENTION_YEARS_FROM_BIRTH_LOOKED_AFTER", "75")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The working-day calendar: England and Wales bank holidays, plus local
# closure days that administrators add (caserecords.ClosureDay).
# History keeps the full reason for every amendment (not a 100-character summary).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

HOLIDAY_COUNTRY = "GB"
HOLIDAY_SUBDIVISION = "ENG"
