"""Settings of the KOWES portal: one module, configured by environment variables.

Every variable is read through a small typed helper that refuses a value it cannot
understand (``DEBUG=ture`` stops start-up instead of silently meaning False).
Local defaults are safe: a SQLite file, console e-mail, DEBUG off.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_header(name: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto: https`` → ``("HTTP_X_FORWARDED_PROTO", "https")``, as Django wants."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    header, separator, value = raw.partition(":")
    if not separator or not header.strip() or not value.strip():
        raise ImproperlyConfigured(f"{name}={raw!r} is not 'Header-Name: value'.")
    return "HTTP_" + header.strip().upper().replace("-", "_"), value.strip()


DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT_CHARACTERS = 10


def require_production_secrets(secret_key: str, allowed_hosts: list[str]) -> None:
    """Refuse to start with DEBUG off unless the key is strong and the host names are given."""
    if not secret_key:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site needs a long random key, e.g. "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' "
            "(DEBUG=true uses a development key)."
        )
    if secret_key == DEVELOPMENT_SECRET_KEY or secret_key.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY is a development key: set a random one.")
    if (
        len(secret_key) < SECRET_KEY_MIN_LENGTH
        or len(set(secret_key)) < SECRET_KEY_MIN_DISTINCT_CHARACTERS
    ):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_DISTINCT_CHARACTERS} of them different."
        )
    if not allowed_hosts:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set: list the site's host names, comma-separated."
        )
    if "*" in allowed_hosts:
        raise ImproperlyConfigured("ALLOWED_HOSTS=* accepts any Host header: list the names.")


# The development defaults (an insecure key, local host names) serve DEBUG=true only; with
# DEBUG off (production, and the test suite, which sets its own values in tests/environment.py)
# the key and the host names must come from the environment, or the site refuses to start.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEBUG else "")
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG:
    require_production_secrets(SECRET_KEY, ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts.apps.AdminConfig",  # the admin site with two-factor authentication
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "kowes.apps.KowesConfig",
    "accounts",
    "pages",
    "news",
    "entities",
    "advisory",
    "projects",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "kowes.middleware.QueryStringLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Everything below may need the database: when it is unreachable, a 503 page.
    "kowes.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Anonymous visitors' public pages from the shared cache (after the session and the
    # language, before everything a page may need: see kowes/page_cache.py).
    "kowes.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffSessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kowes.urls"
WSGI_APPLICATION = "kowes.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kowes.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://… through psycopg 3), else a SQLite file here.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DB_CONNECT_TIMEOUT", 5
    )
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

_redis_url = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "kowes.redis_cache.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# How long a public page stays in the cache at most (seconds; 0: no page cache). Changes to
# public content take effect at once anyway (kowes/page_cache.py).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)

# Argon2id first; the others only check passwords hashed before (upgraded at the next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# The login throttle answers first; then the usual check of username and password.
AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language: Polish first, English second.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve straight from the finders when nothing was collected (local runs, tests).
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail (Django 6.1 MAILERS): the console by default, SMTP when EMAIL_BACKEND says so.
_email_backend = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_email_options = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 10),
    }
elif _email_backend.endswith("filebased.EmailBackend"):  # e-mails as files: the fault scripts
    _email_options = {"file_path": env_str("EMAIL_FILE_PATH")}
    if not _email_options["file_path"]:
        raise ImproperlyConfigured("The file-based EMAIL_BACKEND needs EMAIL_FILE_PATH, a folder.")
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "KOWES <kowes@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGIN_URL = "admin:login"

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy, enforced: scripts and styles only from files of this site. The
# admin's few inline blocks carry the per-response nonce (the csp context processor); public
# pages never ask for one, so their header has none. data: images: Bootstrap's icons, the
# two-factor QR code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# HTTPS, through a TLS reverse proxy. Off only for DEBUG and for trying the production
# settings over plain HTTP on one's own machine (HTTPS=false).
HTTPS = env_bool("HTTPS", not DEBUG)
# The header the proxy sets on requests that came in over HTTPS, e.g. "X-Forwarded-Proto: https".
SECURE_PROXY_SSL_HEADER = env_header("SECURE_PROXY_SSL_HEADER")
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over HTTP
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # __Host- cookies: sent over HTTPS only, to this host only, never set by a subdomain.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_HTTPONLY = True  # no script of the site reads it

# Sessions live in the database; with Redis, read through the cache.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _redis_url
    else "django.contrib.sessions.backends.db"
)
# Staff sessions end after this many seconds without a request (accounts.middleware).
STAFF_SESSION_IDLE_TIMEOUT = env_int("STAFF_SESSION_IDLE_TIMEOUT", 30 * 60)

# The client's address: REMOTE_ADDR, or, behind this many reverse proxies of our own, the
# address the outermost of them saw (X-Forwarded-For's entries left of it are the client's
# to invent and are ignored).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Admin login throttle (accounts.throttling): after this many failures for one username from
# one address, that pair waits LOGIN_COOLOFF_SECONDS after its latest failure. Never for ever.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_SECONDS = env_int("LOGIN_COOLOFF_SECONDS", 15 * 60)

# Two-factor authentication (TOTP) in the admin: any staff member may turn it on; it is
# required of superusers and of the members of these groups (not with DEBUG, so that the
# demo administrator of `make run` logs in with the password alone).
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = env_bool("TWO_FACTOR_REQUIRED_FOR_SUPERUSERS", not DEBUG)
TWO_FACTOR_REQUIRED_GROUPS = env_list(
    "TWO_FACTOR_REQUIRED_GROUPS", [] if DEBUG else ["Coordinators"]
)
OTP_TOTP_ISSUER = "KOWES"

# When the database is unreachable: the 503 page asks clients to come back after this many seconds.
DATABASE_UNAVAILABLE_RETRY_AFTER = env_int("DATABASE_UNAVAILABLE_RETRY_AFTER", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"security": {"()": "kowes.security.SecurityEventFormatter"}},
    "filters": {"request_path_hidden": {"()": "kowes.security.RequestPathHiddenFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Security events, one JSON object a line, with no personal data (kowes.security).
        "security": {"class": "logging.StreamHandler", "formatter": "security"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies and query strings can carry personal data: log no request details.
        # Paths carry private tokens (a request's status link): they are named, not logged.
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
            "filters": ["request_path_hidden"],
        },
        "kowes.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        # Django's own: disallowed hosts, CSRF failures, other suspicious requests.
        "django.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}

# How many news posts a list page shows.
NEWS_PAGE_SIZE = env_int("NEWS_PAGE_SIZE", 10)

# Support requests (advisory app).
# Days a finished (closed or rejected) request keeps its personal data before
# `manage.py anonymize_support_requests` removes it (run it daily).
ADVISORY_RETENTION_DAYS = env_int("ADVISORY_RETENTION_DAYS", 5 * 365)
# Who is told of a new request; empty: the active members of the Coordinators group.
ADVISORY_COORDINATOR_EMAILS = env_list("ADVISORY_COORDINATOR_EMAILS", [])
# Spam protection of the public form: requests per client (its address as
# kowes.security.client_ip() reads it, see TRUSTED_PROXY_COUNT) per hour, and the least
# number of seconds a person needs to fill it in.
ADVISORY_RATE_LIMIT = env_int("ADVISORY_RATE_LIMIT", 5)
ADVISORY_MIN_FILL_SECONDS = env_int("ADVISORY_MIN_FILL_SECONDS", 3)

# How many entities a page of the directory shows.
ENTITIES_PAGE_SIZE = env_int("ENTITIES_PAGE_SIZE", 20)
