"""Settings for KLU Møder.

Every value that differs between a laptop, CI and production is read from the
environment; `.env.example` lists them. Without any environment the project runs
on an SQLite file inside the checkout, which is what `make run` uses.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    """A variable from the environment, or from the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = env(name)
    return default if value in (None, "") else int(value)


def env_list(name, default=""):
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
# `make bench` only: adds a trivial view the benchmark measures everything against.
BENCH_ENDPOINTS = env_bool("KLU_BENCH", False)
# Demo mode creates the demo log-ins in `seed_klu`; never set it in production.
DEMO = env_bool("KLU_DEMO", False)

SECRET_KEY = env("SECRET_KEY") or (
    "insecure-development-key-do-not-use-in-production" if (DEBUG or DEMO) else None
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG and KLU_DEMO are off "
        "(production: see .env.example; development: DEBUG=1, as make run does)."
    )

# The site's public address, for links inside documents made without a request
# (signed-off PDFs are rendered at sign-off and stored). No trailing slash.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "simple_history",
    "axes",
    "meetings",
    "agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "klu.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "klu.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "klu.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records request.user as the author of every history row written in a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Must be last: turns a locked-out log-in into a clear answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed log-ins and locks out an account/IP pair after AXES_FAILURE_LIMIT.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

ROOT_URLCONF = "klu.urls"

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
                "django.template.context_processors.i18n",
                "meetings.context_processors.audience",
            ],
            # An unfilled variable renders as nothing; tests/meetings/test_pages.py
            # checks the seed pages for any missing variable.
            "string_if_invalid": "",
        },
    },
]

WSGI_APPLICATION = "klu.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The test suite creates many users; a fast hasher keeps it quick. Never in production.
if env_bool("FAST_PASSWORD_HASHER"):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded and generated files. Attachments are never served from here directly:
# a permission-checked view streams them (closed attachments must not leak).
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
# No URL serves MEDIA_ROOT (it is never mapped in urls.py); Django only needs a
# well-formed value here.
MEDIA_URL = "/media-not-served/"

# Hashed, compressed static files need `collectstatic`; production runs it, a
# development server and the tests serve the files as they are.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered pages, feeds and signed-off PDFs are cached per state of the data (see
# meetings/pagecache.py). Each gunicorn process keeps its own cache in memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "klu",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 3000)},
    }
}
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
# How long a process trusts its copy of the content version (seconds); the bound on
# how stale another process's pages can be after a change.
PAGE_CACHE_VERSION_TTL = float(env("PAGE_CACHE_VERSION_TTL", "1.0"))
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "klu@aalborg.dk")

# Production hardening, switched on by the environment (see .env.example).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends after eight hours or when the browser closes, whichever comes first.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Uploads: the largest attachment a secretariat sends, and what Django keeps in memory.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 25) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
