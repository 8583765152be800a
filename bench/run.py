"""Page benchmark: every page's cost as a multiple of Django's own floor (/healthz), measured
two ways in one run, with the database cache and with Redis. Run on demand (`make bench`),
never in the test suite:

    .venv/bin/python bench/run.py [--cache db|redis|both] [--duration 8] [--connections 8]
        [--requests 100] [--workers 2] [--scale large] [--reseed] [--only dashboard]

It prepares its own database (BENCH_DATABASE_URL, default cms_bench_pages: created, migrated,
the 2012-2014 plan loaded and `seed_demo --scale` added once; reused until --reseed), serves the
app with gunicorn (gunicorn.conf.py, production settings over plain HTTP, --workers workers),
logs in as the demo Standing Committee member, Secretariat and focal point, and for each cache
(CACHE_URL=dbcache://cms_cache, then redis://127.0.0.1:6379/<--redis-db>) prints one table:

- sequential: one client, --requests requests per page after a warm-up: median and p95 latency,
  and the median as a multiple of the floor's;
- concurrent: wrk, --connections connections for --duration seconds per page, the role's
  session cookie sent with -H "Cookie: ...": requests/s and the floor's requests/s divided by
  the page's (the cost x floor), wrk's p50/p99, errors; each page marked met/missed against
  the 3x target (the PDF report is reported, not held to it);
- cold: the dashboard (and the needs analysis) on the first request after a write that retires
  every cached figure, median of --cold-samples writes (target: dashboard under 150 ms);
- transfer: the dashboard's HTML, CSS and JS as a browser fetches them, compressed (once).

The floor is /healthz measured the same two ways at the start and at the end of each table; the
ratios use the mean of the two, so a machine that gets busier during the run shows up as a gap
between them. The machine (cores, CPU, RAM, Python, PostgreSQL, Redis, load) is printed first.
"""

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import measure  # noqa: E402

PASSWORD = "bench-demo-passphrase-2012"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"{harness.POSTGRES}/cms_bench_pages")
TARGET = 3.0
COLD_TARGET_MS = 150
LOGINS = {"stc": "demo-stc", "secretariat": "demo-secretariat", "nfp": "demo-nfp"}
WHO = {None: "anonymous", "stc": "StC", "secretariat": "Secretariat", "nfp": "NFP"}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    role: str | None = None  # None: anonymous
    held: bool = True  # held to the 3x target
    cold: bool = False  # measured right after a write too

    @property
    def label(self):
        return f"{self.name} ({WHO[self.role]})"


def _prepare(scale, reseed):
    env = harness.server_env(DATABASE_URL)
    name = harness.database_name(DATABASE_URL)
    exists = harness.psql(
        DATABASE_URL, "postgres", f"SELECT 1 FROM pg_database WHERE datname='{name}'"
    )
    seeded = exists == "1" and harness.psql(
        DATABASE_URL, name, "SELECT count(*) FROM evaluation_answer"
    ) not in ("", "0")
    if reseed or not seeded:
        harness.database_recreate(DATABASE_URL)
        harness.manage(env, "createcachetable")
        harness.manage(env, "migrate", "--noinput", "-v0")
        harness.manage(env, "load_workplan")
        if scale != "none":
            started = time.monotonic()
            harness.manage(env, "seed_demo", "--scale", scale, "--password", PASSWORD)
            print(f"seed_demo --scale {scale}: {time.monotonic() - started:.1f} s")
    else:
        harness.manage(env, "createcachetable")
        harness.manage(env, "migrate", "--noinput", "-v0")
    harness.manage(env, "collectstatic", "--noinput", "-v0")


def _sql(query):
    return harness.psql(DATABASE_URL, harness.database_name(DATABASE_URL), query)


def pages():
    """The pages of issue 17, with the demo data's largest objects."""
    round_pk = _sql(
        "SELECT r.id FROM needs_assessmentround r JOIN needs_countryresponse c "
        "ON c.round_id = r.id GROUP BY r.id ORDER BY count(*) DESC, r.id LIMIT 1"
    )
    questionnaire_pk = _sql(
        "SELECT q.id FROM evaluation_questionnaire q JOIN evaluation_response r "
        "ON r.questionnaire_id = q.id GROUP BY q.id ORDER BY count(*) DESC, q.id LIMIT 1"
    )
    activity = _sql(
        "SELECT w.slug || '/activities/' || a.code FROM workplan_activity a "
        "JOIN workplan_strand s ON a.strand_id = s.id JOIN workplan_workplan w "
        "ON s.workplan_id = w.id ORDER BY w.start_year DESC, a.code LIMIT 1"
    )
    # The focal point's survey: the round open today that closes last.
    open_round = _sql(
        "SELECT id FROM needs_assessmentround WHERE opens_on <= current_date "
        "AND closes_on >= current_date ORDER BY closes_on DESC, id DESC LIMIT 1"
    )
    found = [
        Page("work plan overview", "/"),
        Page("work plan overview", "/", "stc"),
        Page("activity page", f"/workplans/{activity}/"),
        Page("activity page", f"/workplans/{activity}/", "stc"),
        Page("dashboard", "/evaluation/dashboard/", "stc", cold=True),
        Page("API activities", "/api/activities/"),
        Page("API activities, 10 rows", "/api/activities/?page_size=10"),
    ]
    if round_pk:
        found.append(
            Page("needs analysis", f"/needs/rounds/{round_pk}/analysis/", "secretariat", cold=True)
        )
    if questionnaire_pk:
        found.append(
            Page(
                "questionnaire results",
                f"/evaluation/questionnaires/{questionnaire_pk}/results/",
                "secretariat",
            )
        )
    if open_round:
        found.append(Page("NFP survey form", f"/needs/rounds/{open_round}/response/", "nfp"))
    else:
        print("No needs-assessment round is open in this database: the NFP survey form is skipped.")
    found.append(Page("PDF report", "/evaluation/report.pdf", "stc", held=False))
    return found


def _write(env):
    """A write the way the admin makes one: through the ORM, which retires the figures."""
    code = (
        "from decimal import Decimal; from workplan.models import Contribution, WorkPlan; "
        "from django.utils import timezone; "
        "Contribution.objects.create(workplan=WorkPlan.objects.order_by('-start_year').first(), "
        "donor='Bench', amount_usd=Decimal('1000'), state='pledged', kind='core', "
        "date=timezone.localdate())"
    )
    harness.manage(env, "shell", "-c", code, capture=True)


@dataclass
class Row:
    page: Page
    seq: measure.Sequential
    conc: measure.Concurrent


def _measure_page(args, clients, port, page):
    client = clients[page.role]
    count = args.requests if page.held else max(3, args.requests // 20)
    seq = measure.sequential(client, page.path, count)
    cookie = client.cookie_header() if page.role else ""
    # A page of several seconds (the PDF) gets as many connections as workers: more would only
    # queue, and the queue outlives wrk's run.
    connections = args.connections if page.held else min(args.connections, args.workers)
    # Long enough for each connection to finish a few of them.
    duration = max(args.duration, math.ceil(3 * seq.median / 1000))
    conc = measure.concurrent(port, page.path, cookie, connections, duration)
    client.get("/healthz")  # answered once the workers are free again
    return Row(page, seq, conc)


def run_cache(args, kind, page_list, with_transfer):
    """One table: every page measured both ways with one cache backend."""
    url = harness.cache_url(kind, args.redis_db)
    env = harness.server_env(DATABASE_URL, url)
    floor = Page("floor /healthz", "/healthz")
    with harness.Server(env, args.port, args.workers) as server:
        clients = {None: harness.Client(server.port)}
        for role, username in LOGINS.items():
            clients[role] = harness.Client(server.port).login(username, PASSWORD)
        floors = [_measure_page(args, clients, server.port, floor)]
        rows = []
        failed = []
        # The floor is measured again after the pages held to the target and before the others
        # (the PDF report), whose long requests still queue on the workers after wrk stops.
        for page in sorted(page_list, key=lambda p: not p.held):
            if not page.held and len(floors) == 1:
                floors.append(_measure_page(args, clients, server.port, floor))
            try:
                rows.append(_measure_page(args, clients, server.port, page))
            except Exception as error:  # noqa: BLE001 - one failing page keeps the others' table
                failed.append((page, error))
                clients[page.role].get("/healthz")
            print(f"  measured {page.label}", file=sys.stderr)
        if len(floors) == 1:
            floors.append(_measure_page(args, clients, server.port, floor))
        cold = [
            (page, measure.cold(clients[page.role], page.path, lambda: _write(env), args.cold))
            for page in page_list
            if page.cold and args.cold
        ]
        sizes = None
        if with_transfer:
            sizes = measure.transfer(clients["stc"], "/evaluation/dashboard/")
    _print_table(args, kind, url, floors, rows, cold, sizes)
    for page, error in failed:
        print(f"\n**{page.label} failed**: {str(error)[:300]}")
    return rows


def _print_table(args, kind, url, floors, rows, cold, sizes):
    floor_ms = sum(f.seq.median for f in floors) / 2
    floor_rps = sum(f.conc.rps for f in floors) / 2
    name = {"db": "database cache", "redis": "Redis cache"}[kind]
    print(f"\n### Pages, {name} (CACHE_URL={url})\n")
    print(
        "| page | sequential median ms | p95 ms | x floor | concurrent req/s | p50 ms | p99 ms "
        "| cost x floor | errors | 3x target |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for index, f in enumerate(floors):
        when = "start" if index == 0 else "end"
        print(
            f"| floor /healthz ({when}) | {f.seq.median:.2f} | {f.seq.p95:.2f} | "
            f"{f.seq.median / floor_ms:.2f} | {f.conc.rps:.0f} | {f.conc.p50:.1f} | "
            f"{f.conc.p99:.1f} | {floor_rps / f.conc.rps:.2f} | {f.conc.errors} | |"
        )
    met = 0
    held = 0
    for row in rows:
        cost = floor_rps / row.conc.rps if row.conc.rps else float("inf")
        if row.page.held:
            held += 1
            met += cost <= TARGET and row.conc.errors == 0
            verdict = "met" if cost <= TARGET and row.conc.errors == 0 else "**missed**"
        else:
            verdict = "not held"
        print(
            f"| {row.page.label} | {row.seq.median:.2f} | {row.seq.p95:.2f} | "
            f"{row.seq.median / floor_ms:.2f} | {row.conc.rps:.1f} | {row.conc.p50:.1f} | "
            f"{row.conc.p99:.1f} | {cost:.2f} | {row.conc.errors} | {verdict} |"
        )
    print(
        f"\n{met} of {held} pages within {TARGET:.0f}x the floor in throughput "
        f"(floor: {floor_rps:.0f} req/s with {args.connections} connections, {floor_ms:.2f} ms "
        f"median alone; {args.requests} sequential requests per page, wrk {args.duration} s)."
    )
    if cold:
        print("\n| right after a write | median ms | max ms | target |")
        print("|---|---|---|---|")
        for page, (median, worst) in cold:
            target = ""
            if page.name == "dashboard":
                target = f"met (< {COLD_TARGET_MS})" if median < COLD_TARGET_MS else "**missed**"
            print(f"| {page.label} | {median:.1f} | {worst:.1f} | {target} |")
        print(f"\n(median of {args.cold} writes: a contribution added each time)")
    if sizes:
        rows, total = sizes
        print("\nDashboard transfer, as a browser fetches it:\n")
        for label, size in rows:
            print(f"  {label:44} {size / 1024:8.1f} KB")
        print(f"  {'total':44} {total / 1024:8.1f} KB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", choices=["db", "redis", "both"], default="both")
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("BENCH_REDIS_DB", 1)))
    parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--requests", type=int, default=100, help="sequential requests per page")
    parser.add_argument("--cold", type=int, default=7, help="writes for the cold samples")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--scale", choices=["none", "small", "large"], default="large")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    args = parser.parse_args()

    kinds = ["db", "redis"] if args.cache == "both" else [args.cache]
    if "redis" in kinds and not harness.redis_ping():
        parser.error("Redis does not answer at 127.0.0.1:6379 (start redis-server, or --cache db)")
    _prepare(args.scale, args.reseed)
    print(f"Machine: {harness.machine(DATABASE_URL)}")
    print(
        f"Server: gunicorn, {args.workers} sync workers, production settings; "
        f"data: seed_demo --scale {args.scale} ({harness.database_name(DATABASE_URL)})"
    )
    page_list = [p for p in pages() if not args.only or args.only in p.name]
    for index, kind in enumerate(kinds):
        run_cache(args, kind, page_list, with_transfer=index == 0 and not args.only)


if __name__ == "__main__":
    main()
