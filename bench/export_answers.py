"""Answer export benchmark: 150,000 answers as CSV from one gunicorn worker on PostgreSQL.

Run on demand, never in the test suite. It uses its own database (`cms_bench_export` unless
BENCH_EXPORT_DATABASE_URL says otherwise): created, migrated and seeded with
`seed_demo --scale large` on the first run (about a minute), reused afterwards (`--reseed` starts
again). It serves the app with gunicorn (one sync worker, production settings), logs in as the
demo Secretariat login and downloads, one after the other: the CSV and XLSX of the questionnaire
with the most answers, and the CSV of every answer (/evaluation/answers.csv). For each it prints
rows, bytes, time to the first byte and to the first data row, total time, and the worker's peak
resident memory (VmHWM from /proc/<worker pid>/status, reset before each download through
/proc/<pid>/clear_refs where the kernel allows it).

    .venv/bin/python bench/export_answers.py [--reseed] [--port 8797]

Targets (issue 7): the worker's peak under 150 MB; the first byte long before the last row.
"""

import argparse
import csv
import html
import http.client
import http.cookies
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PASSWORD = "bench-export-passphrase-2012"
USERNAME = "demo-secretariat"
DATABASE_URL = os.environ.get(
    "BENCH_EXPORT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cms_bench_export"
)
TARGET_MB = 150
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _env():
    # One sync worker: the process-local cache is enough, no cache table to create.
    return harness.server_env(DATABASE_URL, cache=None)


def _psql(database_url, sql):
    result = subprocess.run(
        ["psql", database_url, "-Atqc", sql], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else None


def _manage(*args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=_env(), check=True)


def _prepare(reseed):
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    answers = _psql(DATABASE_URL, "SELECT count(*) FROM evaluation_answer")
    if reseed or not answers or int(answers) < 100_000:
        print(f"Seeding {name} (seed_demo --scale large, about a minute)...", flush=True)
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        _manage("migrate", "--noinput", "-v0")
        _manage("seed_demo", "--scale", "large", "--password", PASSWORD)
    else:
        print(f"Reusing {name}: {int(answers):,} answers already there.")
        _manage("migrate", "--noinput", "-v0")
    _manage("collectstatic", "--noinput", "-v0")
    largest = _psql(
        DATABASE_URL,
        "SELECT r.questionnaire_id FROM evaluation_answer a JOIN evaluation_response r "
        "ON r.id = a.response_id WHERE r.status = 'submitted' "
        "GROUP BY r.questionnaire_id ORDER BY count(*) DESC, r.questionnaire_id LIMIT 1",
    )
    return int(largest)


def _worker_pid(master):
    """gunicorn's worker: the master's child."""
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def _status_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def _reset_peak(pid):
    """Reset VmHWM to the current RSS (Linux 4.0+: write 5 to clear_refs). True if it worked."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class Client:
    """A cookie-keeping HTTP client on one keep-alive connection."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.cookies = {}

    def _headers(self, extra=None):
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[key] = morsel.value

    def request(self, method, path, body=None, headers=None):
        self.conn.request(method, path, body=body, headers=self._headers(headers))
        response = self.conn.getresponse()
        self._keep(response)
        return response

    def login(self, username, password):
        page = self.request("GET", "/accounts/login/")
        token = html.unescape(_CSRF.search(page.read().decode()).group(1))
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        response = self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response.read()
        if response.status != 302:
            raise RuntimeError(f"login failed: HTTP {response.status}")

    def download(self, path, into):
        """GET path into a file; the times (s) to the first byte, first data row and end."""
        started = time.perf_counter()
        response = self.request("GET", path)
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}: {response.read()[:200]!r}")
        first_byte = first_row = None
        newlines = 0
        size = 0
        while chunk := response.read1(65536):
            now = time.perf_counter()
            if first_byte is None:
                first_byte = now - started
            if first_row is None:
                newlines += chunk.count(b"\n")
                if newlines >= 2:  # the header line and one row
                    first_row = now - started
            size += len(chunk)
            into.write(chunk)
        total = time.perf_counter() - started
        return {
            "first_byte": first_byte,
            "first_row": first_row or total,
            "total": total,
            "bytes": size,
            "type": response.getheader("Content-Type"),
            "length_header": response.getheader("Content-Length") is not None,
        }


def _count_rows(path, kind):
    if kind == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        return sum(1 for _ in workbook.active.iter_rows()) - 1
    with open(path, encoding="utf-8-sig", newline="") as file:
        return sum(1 for _ in csv.reader(file)) - 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="seed a fresh database")
    parser.add_argument("--port", type=int, default=8797)
    args = parser.parse_args()

    largest = _prepare(args.reseed)
    downloads = [
        (f"questionnaire {largest} CSV", f"/evaluation/questionnaires/{largest}/answers.csv"),
        (f"questionnaire {largest} XLSX", f"/evaluation/questionnaires/{largest}/answers.xlsx"),
        ("all answers CSV", "/evaluation/answers.csv"),
    ]
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "cms_capacity.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "1",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_env(),
    )
    results = []
    try:
        for _ in range(200):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", args.port, timeout=1)
                probe.request("GET", "/healthz")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        worker = _worker_pid(server.pid)
        client = Client(args.port)
        client.login(USERNAME, PASSWORD)
        client.request("GET", "/evaluation/").read()  # warm: imports, templates, connection
        for label, path in downloads:
            reset = _reset_peak(worker)
            before = _status_kb(worker, "VmHWM")
            suffix = ".xlsx" if path.endswith(".xlsx") else ".csv"
            with tempfile.NamedTemporaryFile(suffix=suffix) as file:
                timing = client.download(path, file)
                file.flush()
                rows = _count_rows(file.name, suffix[1:])
            after = _status_kb(worker, "VmHWM")
            results.append((label, rows, timing, before, after, reset))
        rss_now = _status_kb(worker, "VmRSS")
    finally:
        server.terminate()
        server.wait(timeout=10)

    print()
    print(
        f"{'export':28} {'rows':>8} {'MB':>7} {'1st byte':>9} {'1st row':>8} {'total':>8} "
        f"{'peak before':>12} {'peak after':>11}"
    )
    for label, rows, t, before, after, _reset in results:
        print(
            f"{label:28} {rows:8,} {t['bytes'] / 1e6:7.1f} {t['first_byte'] * 1000:7.0f}ms "
            f"{t['first_row'] * 1000:6.0f}ms {t['total']:7.2f}s {before / 1024:9.1f} MB "
            f"{after / 1024:8.1f} MB"
        )
    peak = max(after for *_rest, after, _reset in results)
    print(
        f"(one gunicorn sync worker, pid's VmHWM; worker RSS at the end {rss_now / 1024:.1f} MB; "
        f"peak reset before each download: {'yes' if all(r[-1] for r in results) else 'no'}; "
        f"{os.cpu_count()} cores)"
    )
    every = results[-1]
    streamed = every[2]["first_byte"] < every[2]["total"] / 10
    print(
        f"Worker peak {peak / 1024:.1f} MB: {'under' if peak / 1024 < TARGET_MB else 'OVER'} "
        f"the {TARGET_MB} MB target. All answers: first byte after "
        f"{every[2]['first_byte'] * 1000:.0f} ms of {every[2]['total']:.2f} s "
        f"({'streamed' if streamed else 'NOT streamed'}; Content-Length sent: "
        f"{every[2]['length_header']})."
    )


if __name__ == "__main__":
    main()
