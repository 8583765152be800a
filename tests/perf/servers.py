"""Real app servers for tests that need more than one: gunicorn processes on the test database,
a browser-like HTTP client, and a reader of HTML forms to post them back as a browser would."""

import http.client
import os
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, cache_url, key_prefix):
    """Production settings (DEBUG off, manifest static files, PBKDF2 passwords), over plain HTTP."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        CACHE_KEY_PREFIX=key_prefix,
        DJANGO_PRODUCTION="1",
        SECRET_KEY="two-servers-" + "s" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        LOG_LEVEL="ERROR",
    )
    return env


class Server:
    """One gunicorn instance (gunicorn.conf.py, one worker): one machine of several."""

    def __init__(self, env):
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start within {timeout} s")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stderr.close()


class Browser:
    """A cookie jar that can send each request to any of the servers, as a proxy would."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, fields=None):
        headers = {"Host": "127.0.0.1", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1{path}"
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[key] = morsel.value
                else:
                    self.cookies.pop(key, None)
        return response.status, response.getheader("Location"), text

    def get(self, server, path):
        return self.request(server, "GET", path)

    def submit(self, server, path, changes, having):
        """GET the page, take its form with a field (or action) ``having`` as it stands, apply
        ``changes`` and POST it where the form posts."""
        status, _location, page = self.get(server, path)
        assert status == 200, f"GET {path}: HTTP {status}"
        action, fields = read_form(page, having)
        for name, value in dict(changes).items():
            fields[name] = value if isinstance(value, list) else [value]
        return self.request(server, "POST", action or path, fields)

    def login(self, server, username, password):
        status, location, _page = self.submit(
            server,
            "/accounts/login/",
            {"username": username, "password": password},
            having="username",
        )
        assert status == 302, f"login as {username}: HTTP {status}"
        return location


class _FormReader(HTMLParser):
    """Every POST form of a page, with the fields a browser would send for it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (the form's attributes, {name: [values]})
        self.fields = None
        self._select = None  # [name, multiple, chosen, first]
        self._textarea = None

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.fields = {}
            self.forms.append((attrs, self.fields))
        if self.fields is None or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = [attrs["name"], "multiple" in attrs, [], None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[3] is None:
                self._select[3] = value
            if "selected" in attrs:
                self._select[2].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self.fields is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._add(*self._textarea)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple, chosen, first = self._select
            for value in chosen or ([] if multiple else [first or ""]):
                self._add(name, value)
            self._select = None
        elif tag == "form":
            self.fields = None


def read_form(html, having):
    """The action and the fields a browser would send of the page's first POST form that has a
    field named ``having`` or posts to ``having``."""
    reader = _FormReader()
    reader.feed(html)
    for attrs, fields in reader.forms:
        if having in fields or attrs.get("action") == having:
            return attrs.get("action") or None, fields
    raise AssertionError(f"no POST form with a field or action {having!r} on the page")
