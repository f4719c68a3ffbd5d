"""Settings for the benchmark: production-like (DEBUG off), on its own PostgreSQL database.

BENCH_DATABASE_URL names the database (default: caserecords_bench on the local server);
it is created if missing. The generator empties it before loading, so it never uses
DATABASE_URL, which may name a database with real work in it.
"""

import os
import warnings

os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/caserecords_bench"
)
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
# The Django test client talks to "testserver" over plain HTTP.
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.settings import *  # noqa: F403
from config.settings import STORAGES

# Pages render {% static %} without a collectstatic manifest (the timings are of the views).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The sweep's emails are a Celery task of their own: none leave the benchmark.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# The floor: a bare view behind the same middleware (bench/urls.py).
ROOT_URLCONF = "bench.urls"
# Static files are not collected for the benchmark; WhiteNoise need not say so on each run.
warnings.filterwarnings("ignore", message="No directory at")
