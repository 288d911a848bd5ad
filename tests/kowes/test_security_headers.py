import json
import re
from pathlib import Path

import pytest

from tests.processes import BASE_DIR, production_environment, run_python

PUBLIC_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@pytest.mark.django_db
def test_public_page_sends_security_headers(client):
    response = client.get("/")

    assert response.status_code == 200
    assert {
        name: response.headers.get(name)
        for name in (
            "Content-Security-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
        )
    } == {
        "Content-Security-Policy": PUBLIC_CSP,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    assert "Content-Security-Policy-Report-Only" not in response.headers


@pytest.mark.django_db
def test_admin_csp_carries_the_nonce_of_the_page(client):
    response = client.get("/admin/login/")

    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])[1]
    assert response.headers["Content-Security-Policy"] == (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
        f"style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    html = response.content.decode()
    stylesheets = re.findall(r"<link rel=\"stylesheet\"[^>]*>", html)
    assert stylesheets
    assert all(f'nonce="{nonce}"' in tag for tag in stylesheets)


@pytest.mark.django_db
def test_admin_pages_are_never_cached(admin_client):
    for path in ("/admin/login/", "/admin/", "/admin/accounts/user/", "/admin/two-factor/"):
        response = admin_client.get(path)

        assert response.status_code in (200, 302), path
        assert response.headers["Cache-Control"] == (
            "max-age=0, no-cache, no-store, must-revalidate, private"
        ), path


def _templates():
    return sorted((BASE_DIR / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda path: str(path.name))
def test_template_has_no_inline_script_or_style(template: Path):
    """The CSP allows no inline code: no <style>, no style= or on…= attribute, no <script>
    without src (JSON-LD goes through {% json_ld %}, a data block the CSP does not run)."""
    source = template.read_text()

    assert re.findall(r"<style\b|\sstyle=|\son[a-z]+=", source, re.IGNORECASE) == []
    scripts = re.findall(r"<script\b[^>]*>", source, re.IGNORECASE)
    assert [tag for tag in scripts if "src=" not in tag] == []


def test_production_responses_over_https_carry_hsts():
    """Through the TLS proxy (X-Forwarded-Proto: https): HSTS; over plain HTTP: a redirect,
    except for the health endpoints the load balancer probes."""
    code = """
import django, json
django.setup()
from django.test import Client
client = Client(HTTP_HOST="kowes.example.org")
secure = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
plain = client.get("/aktualnosci/")
probe = client.get("/healthz")
print(json.dumps({
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "redirect": [plain.status_code, plain.headers.get("Location")],
    "probe": [probe.status_code, probe.headers.get("Strict-Transport-Security")],
}))
"""
    result = run_python(code, production_environment())

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "hsts": "max-age=31536000; includeSubDomains; preload",
        "redirect": [301, "https://kowes.example.org/aktualnosci/"],
        "probe": [200, None],
    }
