"""Page latency benchmark: gunicorn on PostgreSQL with demo data, each page against /healthz.

Run on demand (`make bench`), never in the test suite:

    .venv/bin/python bench/run.py [--scale large] [--requests 100] [--workers 2] [--reseed]

It prepares its own database (BENCH_DATABASE_URL, default cms_bench_pages: created, migrated,
the 2012-2014 plan loaded and `seed_demo --scale` added; kept between runs unless --reseed),
serves the app with gunicorn (production settings, a shared database cache so every worker sees
the same figures), logs in as the demo Standing Committee member, and measures sequentially from
one client:

- warm: median, p95 and throughput of each page, and the median's ratio to the /healthz floor;
- cold: the dashboard and the needs analysis right after a write (a contribution is added, which
  invalidates the cached figures), median over --cold-samples writes;
- transfer: the dashboard's HTML, CSS and JS as a browser fetches them, compressed (gzip).
"""

import argparse
import gzip
import http.client
import os
import re
import statistics
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PASSWORD = "bench-demo-passphrase-2012"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cms_bench_pages"
)


def _env():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_PRODUCTION="1",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        CACHE_URL="dbcache://cms_cache",
        LOG_LEVEL="ERROR",
        AXES_FAILURE_LIMIT="1000",
    )
    return env


def _manage(*args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=_env(), check=True)


def _psql(database, sql):
    url = DATABASE_URL.rsplit("/", 1)[0] + "/" + database
    return subprocess.run(
        ["psql", url, "-tAqc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def _prepare(scale, reseed):
    name = DATABASE_URL.rsplit("/", 1)[1]
    exists = _psql("postgres", f"SELECT 1 FROM pg_database WHERE datname='{name}'") == "1"
    seeded = exists and _psql(name, "SELECT count(*) FROM evaluation_answer") not in ("", "0")
    if reseed or not seeded:
        _psql("postgres", f"DROP DATABASE IF EXISTS {name}")
        _psql("postgres", f"CREATE DATABASE {name}")
        _manage("createcachetable")
        _manage("migrate", "--noinput", "-v0")
        _manage("load_workplan")
        if scale != "none":
            started = time.monotonic()
            _manage("seed_demo", "--scale", scale, "--password", PASSWORD)
            print(f"seed_demo --scale {scale}: {time.monotonic() - started:.1f} s")
    else:
        _manage("createcachetable")
        _manage("migrate", "--noinput", "-v0")
    _manage("collectstatic", "--noinput", "-v0")


class Client:
    """One keep-alive HTTP connection with a cookie jar: what a browser tab does."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response, data

    def get(self, path, **headers):
        response, data = self.request("GET", path, headers=headers)
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}: {data[:300]!r}")
        return data

    def login(self, username):
        page = self.get("/accounts/login/").decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        body = f"username={username}&password={PASSWORD}&csrfmiddlewaretoken={token}"
        response, _data = self.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if response.status != 302:
            raise RuntimeError(f"login as {username} failed: HTTP {response.status}")


def _timed(client, path, count):
    for _ in range(5):  # warm-up
        client.get(path)
    samples = []
    start = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - start
    samples.sort()
    return {
        "median": statistics.median(samples),
        "p95": samples[max(0, int(len(samples) * 0.95) - 1)],
        "rps": count / elapsed,
    }


def _pages():
    """The pages of the issue, with the ids of the demo data's largest objects."""
    name = DATABASE_URL.rsplit("/", 1)[1]
    round_pk = _psql(
        name,
        "SELECT r.id FROM needs_assessmentround r JOIN needs_countryresponse c "
        "ON c.round_id = r.id GROUP BY r.id ORDER BY count(*) DESC, r.id LIMIT 1",
    )
    questionnaire_pk = _psql(
        name,
        "SELECT q.id FROM evaluation_questionnaire q JOIN evaluation_response r "
        "ON r.questionnaire_id = q.id GROUP BY q.id ORDER BY count(*) DESC, q.id LIMIT 1",
    )
    activity = _psql(
        name,
        "SELECT w.slug || '/activities/' || a.code FROM workplan_activity a "
        "JOIN workplan_strand s ON a.strand_id = s.id JOIN workplan_workplan w "
        "ON s.workplan_id = w.id ORDER BY w.start_year DESC, a.code LIMIT 1",
    )
    pages = [
        ("floor /healthz", "/healthz"),
        ("work plan overview", "/"),
        ("activity page", f"/workplans/{activity}/"),
        ("dashboard", "/evaluation/dashboard/"),
        ("API activities", "/api/activities/"),
    ]
    if round_pk:
        pages.append(("needs analysis", f"/needs/rounds/{round_pk}/analysis/"))
    if questionnaire_pk:
        pages.append(
            ("questionnaire results", f"/evaluation/questionnaires/{questionnaire_pk}/results/")
        )
    return pages


def _write():
    """A write the way the admin makes one: through the ORM, which invalidates the figures."""
    code = (
        "from decimal import Decimal; from workplan.models import Contribution, WorkPlan; "
        "from django.utils import timezone; "
        "Contribution.objects.create(workplan=WorkPlan.objects.order_by('-start_year').first(), "
        "donor='Bench', amount_usd=Decimal('1000'), state='pledged', kind='core', "
        "date=timezone.localdate())"
    )
    subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
    )


def _cold(client, path, samples):
    times = []
    for _ in range(samples):
        _write()
        t0 = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def _transfer(client, path):
    html = client.get(path, **{"Accept-Encoding": "identity"})
    assets = re.findall(rb'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html)
    total = len(gzip.compress(html))
    rows = [("HTML (gzip)", len(gzip.compress(html)))]
    for asset in assets:
        response, data = client.request("GET", asset.decode(), headers={"Accept-Encoding": "gzip"})
        encoded = response.headers.get("Content-Encoding", "identity")
        rows.append((f"{asset.decode().rsplit('/', 1)[1]} ({encoded})", len(data)))
        total += len(data)
    return rows, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--cold-samples", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--scale", choices=["none", "small", "large"], default="large")
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    _prepare(args.scale, args.reseed)
    pages = _pages()
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "cms_capacity.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_env(),
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request(
                    "GET", "/healthz"
                )
                break
            except OSError:
                time.sleep(0.1)
        client = Client(args.port)
        client.login("demo-stc")
        warm = [(name, _timed(client, path, args.requests)) for name, path in pages]
        cold = [
            (name, _cold(client, path, args.cold_samples))
            for name, path in pages
            if name in ("dashboard", "needs analysis")
        ]
        transfer_rows, transfer_total = _transfer(client, "/evaluation/dashboard/")
    finally:
        server.terminate()
        server.wait(timeout=10)

    floor = warm[0][1]["median"]
    print(f"\n{'page (warm)':28} {'median ms':>10} {'p95 ms':>8} {'req/s':>7} {'x floor':>8}")
    for name, r in warm:
        print(
            f"{name:28} {r['median']:10.2f} {r['p95']:8.2f} {r['rps']:7.1f} "
            f"{r['median'] / floor:8.2f}"
        )
    print(f"\n{'page (cold, right after a write)':34} {'median ms':>10} {'max ms':>8}")
    for name, (median, worst) in cold:
        print(f"{name:34} {median:10.2f} {worst:8.2f}")
    print("\ndashboard transfer, as a browser fetches it:")
    for name, size in transfer_rows:
        print(f"  {name:44} {size / 1024:8.1f} KB")
    print(f"  {'total':44} {transfer_total / 1024:8.1f} KB")
    print(
        f"\n({args.requests} sequential requests per page, {args.workers} gunicorn workers, "
        f"{os.cpu_count()} cores, data: seed_demo --scale {args.scale})"
    )


if __name__ == "__main__":
    main()
