"""Settings for KLU Møder.

Every value that differs between a laptop, CI and production is read from the
environment; `.env.example` lists them. Without any environment the project runs
on an SQLite file inside the checkout, which is what `make run` uses.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from klu.service_urls import cache_from_url, storage_from_url

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


def site_origin(value):
    """`value` if it is an origin (scheme, host, optional port: no path), else ImproperlyConfigured."""
    from urllib.parse import urlsplit

    from django.core.exceptions import ImproperlyConfigured

    try:
        parts = urlsplit(value)
        parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in {"http", "https"} or not parts.hostname or parts.username
            or parts.path or parts.query or parts.fragment):
        raise ImproperlyConfigured(f"SITE_URL must be an origin such as https://klu.example.dk, not {value!r}.")
    return value


# The site's public address. Every absolute link (API, calendars, PDFs, e-mails) starts
# here (meetings/absolute_urls.py), never at the request's Host: pages are cached for
# all readers and signed-off PDFs stored for good, so one caller's Host header would
# otherwise reach everyone.
SITE_URL = site_origin(env("SITE_URL", "http://127.0.0.1:8000").rstrip("/"))

# The law on accessible public websites asks for an accessibility statement, which a
# municipality makes with the state's tool (was.digst.dk) and links from every page;
# until it is set, the footer links the built-in statement (klu/legal.py).
ACCESSIBILITY_STATEMENT_URL = env("ACCESSIBILITY_STATEMENT_URL", "")
# Who is responsible for the personal data (GDPR articles 13 and 14), and where the
# persons may write; shown on the privacy notice. Empty values are left out.
PRIVACY_CONTROLLER = env("PRIVACY_CONTROLLER", "Aalborg Kommune, Sundhed og Kultur")
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", "")
PRIVACY_DPO_EMAIL = env("PRIVACY_DPO_EMAIL", "")

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
    "people",
    "django_tasks",
    "django_tasks_db",
    "mail",
    "search",
    "django_prose_editor",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "klu.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "klu.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF (only a lazy request.user): the body limit below must know who is asking.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads request.POST (the NUL check and the CSRF check both do): a
    # large body from someone not logged in is refused before it is spooled to disk.
    "klu.middleware.AnonymousBodyLimitMiddleware",
    "klu.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records request.user as the author of every history row written in a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Must be last: turns a locked-out log-in into a clear answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed log-ins and locks out an address (see AXES_LOCKOUT_PARAMETERS).
    "axes.backends.AxesStandaloneBackend",
    # Takes a username or the person's e-mail address, and lets only the accounts the
    # register allows log in (people/backends.py). Replaces ModelBackend, which would
    # let any account in.
    "people.backends.EmailBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
# Counted and locked per client address, whatever names are tried there: one address
# cannot spray guesses over every member's name, and guessing one member's password
# from it stops at the same limit. Never per name: then anyone anywhere could lock a
# named member out by typing wrong passwords for them. (A (name, address) pair would
# add nothing: its count never exceeds its address's, and one limit applies to both.)
# The cost: people behind one shared address, such as an office's NAT, share a count.
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
# A successful log-in would wipe every failure from its address (the count is per
# address), so one working account could keep guessing other members' passwords.
AXES_RESET_ON_SUCCESS = False
# Which proxies in front of the app are trusted to name the client in X-Forwarded-For.
# 0: the connecting address is the client (a forged header is ignored). Behind the TLS
# proxy, 1; with a load balancer in front of that proxy, 2.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY") else 0)
AXES_CLIENT_IP_CALLABLE = "klu.middleware.client_ip_address"
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
                "klu.legal.footer_links",
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
# With MEDIA_STORAGE_URL=s3://… the files go to an S3-compatible object store that every
# app server and the worker share (klu/service_urls.py); empty, they stay in MEDIA_ROOT.
MEDIA_STORAGE_URL = env("MEDIA_STORAGE_URL", "")
STORAGES = {
    "default": storage_from_url(MEDIA_STORAGE_URL),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered pages, feeds and PDFs are cached per state of the data (see
# meetings/pagecache.py). Without CACHE_URL each process keeps its own cache in memory;
# with CACHE_URL=redis://… every app server shares one (klu/service_urls.py).
CACHE_URL = env("CACHE_URL", "")
CACHES = {"default": cache_from_url(CACHE_URL, max_entries=env_int("PAGE_CACHE_MAX_ENTRIES", 3000))}
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
# Sessions stay in the database only, never in the cache: a copy in a per-process cache
# outlived a log-out made in another process (a copied cookie still worked there), and a
# copy in Redis could outlive a log-out made while Redis was away. Only logged-in
# members and staff have sessions; reading one is a primary-key query.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LOGIN_URL = "login"
# An invitation link (people/accounts.py) works once, for this many days.
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
# A "Glemt adgangskode" link works once, for this long (seconds).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)
# "Glemt adgangskode" cannot be used to flood a member's inbox: at most this many link
# mails per address an hour (counted in the outbox, so across all servers; further
# requests get the same page and no mail), and at most this many requests an hour from
# one client address (counted in the cache; then 429).
PASSWORD_RESET_MAILS_PER_HOUR = env_int("PASSWORD_RESET_MAILS_PER_HOUR", 3)
PASSWORD_RESET_REQUESTS_PER_HOUR = env_int("PASSWORD_RESET_REQUESTS_PER_HOUR", 20)
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# How mail leaves the site: one URL (mail/email_url.py lists the forms), also from
# EMAIL_URL_FILE since it may hold the SMTP password. Without it every mail is printed
# on the console of the process that sends it (the mail worker), which is what
# `make run` shows.
from mail.email_url import parse_email_url  # noqa: E402  (pure parser, no Django set-up)

_email = parse_email_url(env("EMAIL_URL") or "console:")
EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
EMAIL_TIMEOUT = _email.timeout
if _email.file_path:
    EMAIL_FILE_PATH = _email.file_path
del _email
# The sender every member sees, with a display name.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "KLU Møder <klu@aalborg.dk>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The outbox (mail/): a mail is tried this many times, waiting MAIL_RETRY_SECONDS after
# the first failure and twice as long after each further one (at most an hour; about
# four hours in all with the defaults), before it is marked failed
# (and can be sent again from the meeting's page in the workspace).
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 10)
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 60)
# The queue the outbox's deliveries wait in, and the worker that runs them
# (`manage.py db_worker`; `make run` starts one, docker-compose.yml has a service).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# HTTPS only whenever DEBUG is off, so a production that sets nothing is hardened.
# INSECURE_HTTP=1 turns the defaults off for a trial over plain HTTP (docker compose on a
# laptop, the benchmarks, the tests' live server); each setting can still be given alone.
INSECURE_HTTP = env_bool("INSECURE_HTTP", False)
HTTPS_ONLY = not DEBUG and not INSECURE_HTTP
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS_ONLY)
# A load balancer's health probe may speak plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS_ONLY)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS_ONLY)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS_ONLY else 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading binds the whole registered domain and every subdomain for years, and is
# hard to undo: the domain's owner decides it (SECURE_HSTS_PRELOAD=1), not a default.
# Only check --deploy's reminder is silenced, not the setting.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
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
# The largest body accepted from someone not logged in (the log-in form is well under
# 1 KB); AnonymousBodyLimitMiddleware refuses more with 413 before reading it.
ANONYMOUS_MAX_BODY_BYTES = 64 * 1024

SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
