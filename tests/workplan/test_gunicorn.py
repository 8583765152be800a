"""gunicorn.conf.py, as the README's production command uses it.

Before: gunicorn's default trusted X-Forwarded-Proto from 127.0.0.1, so a plain-HTTP request
carrying "X-Forwarded-Proto: https" was treated as HTTPS (no redirect) even with
TRUSTED_PROXY_COUNT=0.
"""

import http.client
import multiprocessing
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"


def _load(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "TRUSTED_PROXY_COUNT", "FORWARDED_ALLOW_IPS", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    namespace = {"__file__": str(CONF)}
    exec(compile(CONF.read_text(), str(CONF), "exec"), namespace)  # noqa: S102 - our own file
    config = Config()
    for key, value in namespace.items():
        if key in config.settings:
            config.set(key, value)
    return config


def test_workers_follow_the_cores(monkeypatch):
    assert _load(monkeypatch).workers == multiprocessing.cpu_count() * 2 + 1
    assert _load(monkeypatch, WEB_CONCURRENCY="3").workers == 3


def test_no_forwarded_header_is_trusted_without_declared_proxies(monkeypatch):
    assert _load(monkeypatch).forwarded_allow_ips == []
    assert _load(monkeypatch, TRUSTED_PROXY_COUNT="1").forwarded_allow_ips == [
        "127.0.0.1",
        "::1",
    ]
    config = _load(monkeypatch, TRUSTED_PROXY_COUNT="1", FORWARDED_ALLOW_IPS="10.0.0.5")
    assert config.forwarded_allow_ips == ["10.0.0.5"]


def test_a_bad_number_stops_with_a_clear_message(monkeypatch):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
        _load(monkeypatch, WEB_CONCURRENCY="many")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(tmp_path, proxies):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_PRODUCTION": "1",
        "SECRET_KEY": "k" * 20 + "-a-test-only-secret-key-of-fifty-chars-or-more",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}",
        "WEB_CONCURRENCY": "1",
        "PORT": str(port),
        "TRUSTED_PROXY_COUNT": str(proxies),
        "TRUST_X_FORWARDED_PROTO": "0",
    }
    env.pop("FORWARDED_ALLOW_IPS", None)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", str(CONF)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("gunicorn did not start within 60 s")


def _get(port, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/healthz", headers=headers)
    response = connection.getresponse()
    connection.close()
    return response


@pytest.mark.parametrize(("proxies", "expected"), [(0, 301), (1, 200)])
def test_forwarded_proto_is_believed_only_from_a_declared_proxy(tmp_path, proxies, expected):
    process, port = _serve(tmp_path, proxies)
    try:
        response = _get(port, {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        # 301: still plain HTTP to the app, sent to HTTPS; 200: the proxy's word is taken.
        assert response.status == expected
        if expected == 301:
            assert response.getheader("Location") == "https://127.0.0.1/healthz"
    finally:
        process.terminate()
        process.wait(timeout=30)
