"""Production settings, read in a fresh process with the environment a server would have."""

import json

import pytest

from tests.processes import production_environment, run_python

SETUP = "import django; django.setup()"
SHOW_SETTINGS = (
    SETUP
    + """
import json
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_NAME": s.SESSION_COOKIE_NAME,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "CSRF_COOKIE_NAME": s.CSRF_COOKIE_NAME,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": s.SECURE_HSTS_PRELOAD,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "PASSWORD_HASHER": s.PASSWORD_HASHERS[0],
    "MIN_PASSWORD_LENGTH": [
        v["OPTIONS"]["min_length"] for v in s.AUTH_PASSWORD_VALIDATORS if "OPTIONS" in v
    ],
    "SESSION_ENGINE": s.SESSION_ENGINE,
    "TWO_FACTOR_REQUIRED_FOR_SUPERUSERS": s.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS,
    "TWO_FACTOR_REQUIRED_GROUPS": s.TWO_FACTOR_REQUIRED_GROUPS,
    "CONN_HEALTH_CHECKS": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "CONNECT_TIMEOUT": s.DATABASES["default"].get("OPTIONS", {}).get("connect_timeout"),
}))
"""
)


def _refusal(**overrides):
    result = run_python(SETUP, production_environment(**overrides))
    assert result.returncode == 1
    return result.stderr.strip().splitlines()[-1]


def test_settings_start_with_production_variables():
    result = run_python(
        SHOW_SETTINGS,
        production_environment(DATABASE_URL="postgres://kowes@db.internal:5432/kowes"),
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "PASSWORD_HASHER": "django.contrib.auth.hashers.Argon2PasswordHasher",
        "MIN_PASSWORD_LENGTH": [12],
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
        "TWO_FACTOR_REQUIRED_FOR_SUPERUSERS": True,
        "TWO_FACTOR_REQUIRED_GROUPS": ["Coordinators"],
        "CONN_HEALTH_CHECKS": True,
        "CONNECT_TIMEOUT": 5,
    }


def test_settings_refuse_to_start_without_secret_key():
    assert _refusal(SECRET_KEY=None).startswith(
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set."
    )


@pytest.mark.parametrize(
    "key",
    [
        "insecure-local-development-key-do-not-use-in-production",
        "django-insecure-" + "k3y!" * 15,
    ],
)
def test_settings_refuse_to_start_with_development_key(key):
    assert _refusal(SECRET_KEY=key) == (
        "django.core.exceptions.ImproperlyConfigured: "
        "SECRET_KEY is a development key: set a random one."
    )


@pytest.mark.parametrize(
    "key",
    [
        "Zq8#pL2@xW9!vN4$mK7%bR1^" * 2,  # 48 characters
        "abcdefghi" * 6,  # 54 characters, 9 different
    ],
)
def test_settings_refuse_to_start_with_weak_key(key):
    assert _refusal(SECRET_KEY=key) == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is too weak: it needs at "
        "least 50 characters, 10 of them different."
    )


@pytest.mark.parametrize("hosts", [None, "", " , "])
def test_settings_refuse_to_start_without_allowed_hosts(hosts):
    assert _refusal(ALLOWED_HOSTS=hosts) == (
        "django.core.exceptions.ImproperlyConfigured: "
        "ALLOWED_HOSTS is not set: list the site's host names, comma-separated."
    )


def test_settings_refuse_to_start_with_any_host():
    assert _refusal(ALLOWED_HOSTS="*") == (
        "django.core.exceptions.ImproperlyConfigured: "
        "ALLOWED_HOSTS=* accepts any Host header: list the names."
    )


def test_settings_refuse_to_start_with_unreadable_proxy_header():
    assert _refusal(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto") == (
        "django.core.exceptions.ImproperlyConfigured: "
        "SECURE_PROXY_SSL_HEADER='X-Forwarded-Proto' is not 'Header-Name: value'."
    )


def test_settings_write_emails_to_files_in_the_folder_given(tmp_path):
    backend = "django.core.mail.backends.filebased.EmailBackend"
    result = run_python(
        SETUP + "\nfrom django.core.mail import send_mail\n"
        "send_mail('Subject', 'Body', None, ['anna@example.org'])",
        production_environment(EMAIL_BACKEND=backend, EMAIL_FILE_PATH=str(tmp_path)),
    )

    assert result.returncode == 0, result.stderr
    [written] = tmp_path.iterdir()
    assert "To: anna@example.org" in written.read_text()


def test_settings_refuse_file_based_email_without_a_folder():
    assert _refusal(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend") == (
        "django.core.exceptions.ImproperlyConfigured: "
        "The file-based EMAIL_BACKEND needs EMAIL_FILE_PATH, a folder."
    )


def test_settings_start_with_development_defaults_when_debug_is_on():
    environment = production_environment(
        DEBUG="true", SECRET_KEY=None, ALLOWED_HOSTS=None, REDIS_URL=None
    )

    result = run_python(
        SETUP + "\nfrom django.conf import settings as s\n"
        "print(s.SECRET_KEY, s.ALLOWED_HOSTS, s.SESSION_COOKIE_NAME, s.SECURE_SSL_REDIRECT, "
        "s.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS, s.TWO_FACTOR_REQUIRED_GROUPS)",
        environment,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "insecure-local-development-key-do-not-use-in-production "
        "['localhost', '127.0.0.1', '[::1]'] sessionid False False []\n"
    )


def test_deploy_check_passes_with_production_variables():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        production_environment(),
    )

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def test_deploy_check_warns_of_a_per_process_cache():
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        production_environment(REDIS_URL=None),
    )

    assert result.returncode == 1
    assert "(kowes.W001) The cache is each process's own memory" in result.stderr
