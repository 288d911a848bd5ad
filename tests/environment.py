"""The environment the test suite runs in: a pytest plugin (``-p tests.environment`` in
pyproject.toml), imported before pytest-django reads the settings.

With DEBUG off the settings demand a strong SECRET_KEY and explicit ALLOWED_HOSTS; the suite
brings its own, so that ``pytest`` needs no variables. It runs over plain HTTP (the test
client and the live server), and with two-factor authentication optional for everyone, so
that any test can log a superuser in with ``force_login``; the tests of two-factor
authentication turn the requirement on themselves. Values already in the environment win.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("TWO_FACTOR_REQUIRED_FOR_SUPERUSERS", "false")
os.environ.setdefault("TWO_FACTOR_REQUIRED_GROUPS", "")
