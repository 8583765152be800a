"""Page latency benchmark: gunicorn on PostgreSQL, each page against the /healthz floor.

Run on demand (`make bench`), never in the test suite. It creates its own database
(`cms_bench` unless BENCH_DATABASE_URL says otherwise), migrates, loads the 2012-2014 plan
(and, if `seed_demo` exists, `--scale` demo data), serves the app with gunicorn on 127.0.0.1
and requests each page sequentially from one client, warm. Prints median, p95, throughput and
the median's ratio to the floor.

    .venv/bin/python bench/run.py [--requests 200] [--workers 2] [--scale small]
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PAGES = [
    ("floor /healthz", "/healthz"),
    ("work plan overview", "/"),
    ("activity page", "/workplans/2012-2014/activities/1.4/"),
    ("API activities", "/api/activities/"),
]


def _env(database_url):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_PRODUCTION="1",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="ERROR",
    )
    return env


def _manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _recreate_database(url):
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)


def _get(conn, path):
    conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}: {body[:200]!r}")
    return len(body)


def _measure(port, path, count):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(10):  # warm-up
        _get(conn, path)
    samples = []
    start = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter()
        _get(conn, path)
        samples.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - start
    conn.close()
    samples.sort()
    return {
        "median": statistics.median(samples),
        "p95": samples[int(len(samples) * 0.95) - 1],
        "rps": count / elapsed,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--scale", choices=["none", "small", "large"], default="none")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cms_bench")
    env = _env(url)
    _recreate_database(url)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "load_workplan")
    if args.scale != "none":
        _manage(env, "seed_demo", "--scale", args.scale)
    _manage(env, "collectstatic", "--noinput", "-v0")

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
        env={**env, "TRUST_X_FORWARDED_PROTO": "1"},
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
        results = [(name, _measure(args.port, path, args.requests)) for name, path in PAGES]
    finally:
        server.terminate()
        server.wait(timeout=10)

    floor = results[0][1]["median"]
    print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'req/s':>7} {'x floor':>8}")
    for name, r in results:
        print(
            f"{name:28} {r['median']:10.2f} {r['p95']:8.2f} {r['rps']:7.1f} "
            f"{r['median'] / floor:8.2f}"
        )
    print(
        f"({args.requests} sequential requests per page, {args.workers} gunicorn workers, "
        f"{os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
