"""Production mode is safe by construction; development runs with nothing set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 20 + "production-secret-for-the-deploy-check-only" + "y" * 20


def _manage(*args, **env):
    drop = ("DJANGO_PRODUCTION", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in drop}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_PRODUCTION="1",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="cms.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "cms.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": SECRET}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_or_hosts(env, message):
    result = _manage("check", DJANGO_PRODUCTION="1", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/healthz", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_content_security_policy_forbids_inline_scripts(client, workplan_2012):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for tag in ("<script>", '<script type="text/javascript">', ' style="', "<style"):
            if tag in text:
                offenders.append(f"{path.relative_to(ROOT)}: {tag.strip()}")
    assert offenders == []


@pytest.mark.parametrize(
    ("cache_url", "expected"),
    [("dbcache://cms_cache", "20000"), ("locmemcache://cms", "20000"), ("redis://h:6379/1", "-")],
)
def test_the_page_cache_is_not_culled_at_djangos_300_entries(cache_url, expected):
    """Pages are cached per language, country and role: far more than Django's default 300
    entries, which would keep culling them (Redis has its own limit, and refuses the option)."""
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.CACHES['default'].get('OPTIONS', {}).get('MAX_ENTRIES', '-'))",
        CACHE_URL=cache_url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
