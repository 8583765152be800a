"""What the benchmarks share: the environment of a production-like server, its database, a
gunicorn process to measure, an HTTP client with a cookie jar, and a description of the machine.

Used by bench/run.py (pages) and bench/load.py (the burst of submissions).
"""

import http.client
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def cache_url(kind, redis_db):
    """The CACHE_URL of a cache kind: the database's cache table, or one Redis database."""
    if kind == "db":
        return "dbcache://cms_cache"
    if kind == "redis":
        return f"redis://127.0.0.1:6379/{redis_db}"
    raise ValueError(kind)


def server_env(database_url, cache="dbcache://cms_cache", **extra):
    """Production settings (DEBUG off, manifest static files, hardened cookies) over plain HTTP on
    loopback: what a server behind a TLS-terminating proxy runs, minus the TLS. With
    ``cache=None`` CACHE_URL is left as the caller's environment has it (by default the
    process-local cache)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_PRODUCTION="1",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        LOG_LEVEL="ERROR",
        # Many logins from one address within seconds: not an attack here.
        AXES_FAILURE_LIMIT="1000",
    )
    if cache is not None:
        env["CACHE_URL"] = cache
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env, *args, capture=False):
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )


def psql(database_url, database, sql):
    url = database_url.rsplit("/", 1)[0] + "/" + database
    return subprocess.run(
        ["psql", url, "-tAqc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def database_name(database_url):
    return database_url.rsplit("/", 1)[1]


def database_recreate(database_url):
    name = database_name(database_url)
    psql(database_url, "postgres", f"DROP DATABASE IF EXISTS {name}")
    psql(database_url, "postgres", f"CREATE DATABASE {name}")


def redis_ping():
    try:
        import redis

        return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means "no Redis here"
        return False


class Server:
    """gunicorn with the project's gunicorn.conf.py (as in production), on one port."""

    def __init__(self, env, port, workers):
        self.port = port
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the server
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": str(workers),
                # The PDF report takes seconds under load; the default 60 s stays.
            },
            stdout=subprocess.DEVNULL,  # the access log: one line per request
            stderr=self.log,
        )

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer on port {self.port} within {timeout} s")

    def worker_pids(self):
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in out.split()]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self.wait_ready()

    def __exit__(self, *exc):
        self.stop()


class Client:
    """One keep-alive HTTP connection with a cookie jar: what a browser tab does."""

    def __init__(self, port, timeout=600):
        self.port = port
        self.timeout = timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies = {}

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except Exception as error:
                # A fresh connection for the next request, whatever went wrong with this one.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                # A connection the server dropped while idle is retried once, for GETs only (a
                # POST may have been processed).
                dropped = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
                if attempt == 2 or method != "GET" or not isinstance(error, dropped):
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[key] = morsel.value
                else:
                    self.cookies.pop(key, None)
        return response, data

    def get(self, path, **headers):
        response, data = self.request("GET", path, headers=headers)
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}: {data[:300]!r}")
        return data

    def post_form(self, path, fields, **headers):
        from urllib.parse import urlencode

        return self.request(
            "POST",
            path,
            body=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
        )

    def login(self, username, password):
        page = self.get("/accounts/login/").decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        response, _data = self.post_form(
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        if response.status != 302:
            raise RuntimeError(f"login as {username} failed: HTTP {response.status}")
        return self


def _first_line(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "?"
    return out.strip().splitlines()[0] if out.strip() else "?"


def machine(database_url):
    """The machine the numbers come from, as one paragraph for the results."""
    cpu = "?"
    memory = "?"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", cpuinfo)[1].strip()
        kb = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, TypeError):
        pass
    postgres = psql(database_url, "postgres", "SHOW server_version")
    redis_version = "not running"
    if redis_ping():
        import redis

        redis_version = redis.Redis(host="127.0.0.1", port=6379).info("server")["redis_version"]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    wrk = _first_line(["wrk", "--version"]) if shutil.which("wrk") else "not installed"
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} RAM, {platform.platform(terse=True)}, "
        f"Python {platform.python_version()}, PostgreSQL {postgres}, Redis {redis_version}, "
        f"{wrk.split(' Copyright')[0]}; load average at start {load}"
    )
