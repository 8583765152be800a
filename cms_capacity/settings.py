"""Settings for cms-capacity, read from environment variables.

With nothing set, the site runs in development mode on an SQLite file in the project folder.
``DJANGO_PRODUCTION=1`` switches on every production hardening at once (DEBUG off, HTTPS only,
secure cookies, HSTS) and then requires a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from workplan import spreadsheets

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
DEBUG = False if PRODUCTION else env.bool("DEBUG", default=True)

_DEV_SECRET = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_PRODUCTION=1 needs SECRET_KEY set to a random value of 50 characters or more."
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_PRODUCTION=1 needs ALLOWED_HOSTS (comma-separated).")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "concurrency",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "csp",
    "axes",
    # Country names in French and Spanish (its catalogues); no models.
    "django_countries",
    "workplan",
    "needs",
    "handbook",
    "evaluation",
    "countries",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workplan.security.SessionTimeoutMiddleware",
    # A logged-in user reads the language recorded on their profile (after LocaleMiddleware).
    "workplan.i18n.UserLanguageMiddleware",
    # Every route needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms_capacity.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workplan.context_processors.user_roles",
            ],
        },
    },
]

WSGI_APPLICATION = "cms_capacity.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default (one process). Several gunicorn workers must share the cache so a write
# in one invalidates the figures of all: CACHE_URL=dbcache://cms_cache (run `createcachetable`)
# or redis://127.0.0.1:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://cms-capacity")}
# Two deployments (or test runs) sharing one Redis keep apart by a prefix. Not read from
# CACHE_URL's query: django-environ lower-cases it there, and Django's Redis cache ignores that.
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")
# Whole pages are cached per language, country and role (workplan.page_cache): Django's default of
# 300 entries for the local-memory and database caches would keep culling them. Redis is bounded
# by its own maxmemory instead.
if CACHES["default"]["BACKEND"].endswith(("DatabaseCache", "LocMemCache")):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault(
        "MAX_ENTRIES", env.int("CACHE_MAX_ENTRIES", default=20000)
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes), on the site and admin logins alike: after AXES_FAILURE_LIMIT
# wrong passwords the username-and-IP pair is refused (HTTP 429), even with the right password,
# for AXES_COOLOFF_MINUTES. Other users and other addresses are unaffected.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies are declared in front.
AXES_CLIENT_IP_CALLABLE = "workplan.security.client_ip"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# "Forgotten your password?": at most this many e-mails per address and per client address
# within the window (counted whether or not a login has that address). Links last 3 days.
PASSWORD_RESET_PER_ADDRESS = env.int("PASSWORD_RESET_PER_ADDRESS", default=3)
PASSWORD_RESET_PER_CLIENT = env.int("PASSWORD_RESET_PER_CLIENT", default=10)
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 60 * 60)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workplan:home"
LOGOUT_REDIRECT_URL = "workplan:home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content (titles, questions, instructions) is written in English first; an empty French or
# Spanish field falls back to the English text, which templates mark as English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents: local files under MEDIA_ROOT, or, when the application runs on several
# machines, any S3-compatible store through django-storages (pip install '.[s3]'; README).
_S3_BUCKET = env.str("S3_BUCKET", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not _S3_BUCKET
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "file_overwrite": False,
            "location": env.str("S3_PREFIX", default="cms-capacity"),
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads (spreadsheets for import) are capped; a bigger request is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Spreadsheet imports: refused above this size, and an .xlsx that unpacks to more (a zip bomb).
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
# Documents attached to a needs response: how many, how big. Files go through the "default"
# storage (MEDIA_ROOT here; S3 through django-storages, see README) and are served only by a
# view that checks who may see the response: MEDIA_ROOT must never be published by the web server.
ATTACHMENT_MAX_FILES = env.int("ATTACHMENT_MAX_FILES", default=10)
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Every e-mail is first a row of the outbox (workplan.outbox): Django's mail API records it
# through this backend, and the outbox delivers it after the commit through the real one below.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="workplan.mail.OutboxBackend")
# The real delivery: EMAIL_URL picks it (smtp+tls://user:password@host:587, smtp+ssl://...:465,
# consolemail://, or anymail://<provider> for an API provider through django-anymail, its
# credentials from ANYMAIL_<PROVIDER>_<SETTING> variables); SMTP in production, the console in
# development.
_email_url = env.str("EMAIL_URL", default="")
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}
if _email_url.startswith("anymail://"):
    _provider = _email_url.removeprefix("anymail://").strip("/")
    if not _provider.replace("_", "").isalnum():
        raise ImproperlyConfigured(f"EMAIL_URL: unknown django-anymail provider {_provider!r}.")
    OUTBOX_DELIVERY_BACKEND = f"anymail.backends.{_provider}.EmailBackend"
elif _email_url:
    _email = environ.Env.email_url_config(_email_url)
    OUTBOX_DELIVERY_BACKEND = _email.pop("EMAIL_BACKEND")
    globals().update({k: v for k, v in _email.items() if k.startswith("EMAIL_") and v != ""})
else:
    OUTBOX_DELIVERY_BACKEND = env.str(
        "EMAIL_DELIVERY_BACKEND",
        default="django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "django.core.mail.backends.console.EmailBackend",
    )
# A mail server that does not answer must not hold a request or the cron job for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Absolute links in e-mails sent outside a request (the reminder command).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="capacity-building@cms.int")
# A trainee's personal evaluation link (evaluation.invitations) expires after this many days.
EVALUATION_INVITATION_DAYS = env.int("EVALUATION_INVITATION_DAYS", default=90)

# IATI open data (evaluation/iati.py): who reports it and under which licence it is published.
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", default="XM-DAC-41116")  # UNEP
IATI_REPORTING_ORG_TYPE = env.str("IATI_REPORTING_ORG_TYPE", default="40")  # multilateral
IATI_REPORTING_ORG_NAME = env.str("IATI_REPORTING_ORG_NAME", default="UNEP/CMS Secretariat")
OPEN_DATA_LICENCE_NAME = env.str("OPEN_DATA_LICENCE_NAME", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Importing and exporting in the admin each need their own permission
# (import_<model> / export_<model>), not just staff status.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# UTF-8 CSV with a byte-order mark, and laid-out XLSX (workplan/spreadsheets.py).
IMPORT_EXPORT_FORMATS = spreadsheets.FORMATS
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Off: workplan.exports.EscapedResource escapes every formula prefix and keeps cell types.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "workplan.api_schema.DocumentedErrorsSchema",
    # The login form's session only: HTTP Basic would take a password outside the form, past
    # the lockout (a locked-out login gets 429 from the form, never a way around it).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CMS Capacity Building API",
    "DESCRIPTION": "Read-only access to the CMS capacity-building work plans.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# No inline script or style anywhere, the admin included: JavaScript and CSS come from static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sessions: a new key at every login and flushed at logout (Django's own), dead after two idle
# hours or twelve hours after login: long enough to fill in a survey, short enough for a
# shared office computer. Drafts are saved on the server, so a timeout loses nothing saved.
# Sessions are kept in the database. With Redis (one cache shared by every server) they are also
# read through it, so a logged-in request reads its session without a query; a Redis outage
# falls back to the database. Not with the local-memory cache (each worker would keep its own
# copy: a logout in one would not reach the others) nor the database cache (no query saved).
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=2 * 60 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Behind a TLS-terminating proxy, trust its header only when told to.
    if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Only a load test on plain-HTTP loopback turns this off (bench/load.py).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_HTTPONLY = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

if env.bool("DJANGO_TESTING", default=False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
