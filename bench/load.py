"""Load test: 133 focal points log in and submit their needs assessment at once while 7 Standing
Committee members refresh the dashboard, against gunicorn on PostgreSQL. Run on demand:

    .venv/bin/python bench/load.py [--workers 4] [--cache db|redis] [--profile] [--fresh]

It prepares its own database (LOAD_DATABASE_URL, default cms_load: migrated, the 2012-2014 plan,
one focal point per Party and seven committee logins, all with production password hashes;
kept between runs unless --fresh), opens a new assessment round, serves the app with gunicorn
(gunicorn.conf.py, production settings, a shared cache), and drives it from one thread per
person, each with its own connection and cookies:

- every focal point logs in (a PBKDF2 hash each: CPU-bound, they queue) and waits for the others;
- then all at once: the survey form, a draft with two training needs, the form again, submit;
- meanwhile each committee member refreshes the dashboard every 1-2 s until the focal points
  are done.

It prints p50/p95 of each kind of request and the errors, then checks in the database that the
round holds exactly one submitted response per focal point, each with its two needs. With
--profile, py-spy samples every gunicorn worker during the submissions (after the logins) and
the report names the functions the time goes to (bench/profile_summary.py).
"""

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
import measure  # noqa: E402

PASSWORD = "load-test-passphrase-2012"
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", f"{harness.POSTGRES}/cms_load")
STC = 7
_INPUT = re.compile(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


def _django(env):
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_capacity.settings")
    sys.path.insert(0, str(harness.ROOT))
    import django

    django.setup()


def _prepare(env, nfps, fresh):
    name = harness.database_name(DATABASE_URL)
    exists = harness.psql(
        DATABASE_URL, "postgres", f"SELECT 1 FROM pg_database WHERE datname='{name}'"
    )
    if fresh or exists != "1":
        harness.database_recreate(DATABASE_URL)
    harness.manage(env, "createcachetable")
    harness.manage(env, "migrate", "--noinput", "-v0")
    harness.manage(env, "load_workplan", capture=True)
    harness.manage(env, "collectstatic", "--noinput", "-v0")
    _django(env)
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from needs.models import AssessmentRound, Language, TargetGroup, TrainingTopic, TrainingType
    from workplan.models import Country, WorkPlan
    from workplan.services import user_create

    users = get_user_model().objects
    # Parties first (the country list has 131 Parties; two more countries join them).
    parties = list(Country.objects.order_by("-is_party", "iso2")[:nfps])
    for number, country in enumerate(parties, start=1):
        if not users.filter(username=f"nfp{number:03d}").exists():
            user_create(username=f"nfp{number:03d}", role="nfp", password=PASSWORD, country=country)
    for number in range(1, STC + 1):
        if not users.filter(username=f"stc{number:02d}").exists():
            user_create(username=f"stc{number:02d}", role="stc", password=PASSWORD)
    today = timezone.localdate()
    assessment_round = AssessmentRound.objects.create(
        workplan=WorkPlan.objects.get(slug="2012-2014"),
        title=f"Load-test round {timezone.now():%Y-%m-%d %H:%M:%S}",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )
    lookups = {
        "topic": TrainingTopic.objects.first().pk,
        "training_type": TrainingType.objects.first().pk,
        "target_group": TargetGroup.objects.first().pk,
        "language": Language.objects.first().pk,
    }
    return assessment_round, len(parties), lookups


class Recorder:
    """Latencies and errors of each kind of request, from every thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = {}
        self.errors = {}

    def timed(self, name, call):
        t0 = time.perf_counter()
        try:
            result = call()
        except Exception as error:  # noqa: BLE001 - counted, reported, the run goes on
            self.error(name, repr(error))
            return None
        with self.lock:
            self.samples.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
        return result

    def error(self, name, what):
        with self.lock:
            self.errors.setdefault(name, []).append(what)

    def table(self):
        print("\n| request | count | errors | p50 ms | p95 ms | max ms |")
        print("|---|---|---|---|---|---|")
        for name in ("login", "survey form", "save draft", "submit", "dashboard (StC)"):
            samples = self.samples.get(name, [])
            errors = len(self.errors.get(name, []))
            if not samples:
                print(f"| {name} | 0 | {errors} | | | |")
                continue
            print(
                f"| {name} | {len(samples)} | {errors} | "
                f"{measure.percentile(samples, 0.5):,.0f} | "
                f"{measure.percentile(samples, 0.95):,.0f} | {max(samples):,.0f} |"
            )
        for name, whats in self.errors.items():
            print(f"errors in {name}: {whats[:3]}")
        return sum(len(e) for e in self.errors.values())


def _needs_fields(page, number, lookups, submit):
    fields = dict(_INPUT.findall(page))
    data = {
        "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
        "submission_key": fields.get("submission_key", ""),
        "existing_capacities": f"Capacities of nfp{number:03d}",
        "ongoing_initiatives": "NBSAP review",
        "constraints_and_gaps": "Few trained staff",
        "version": fields.get("version", ""),
        "needs-TOTAL_FORMS": "2",
        # After the draft the form lists the two stored needs: sent back with their ids.
        "needs-INITIAL_FORMS": fields.get("needs-INITIAL_FORMS", "0"),
        "needs-MIN_NUM_FORMS": "0",
        "needs-MAX_NUM_FORMS": "1000",
    }
    for n in range(2):
        data.update(
            {
                f"needs-{n}-topic": lookups["topic"],
                f"needs-{n}-priority": str(5 - n),
                f"needs-{n}-urgency": "2",
                f"needs-{n}-scope": "national",
                f"needs-{n}-training_type": lookups["training_type"],
                f"needs-{n}-target_group": lookups["target_group"],
                f"needs-{n}-language": lookups["language"],
                f"needs-{n}-expected_trainees": "25",
                f"needs-{n}-note": "",
            }
        )
        if fields.get(f"needs-{n}-id"):
            data[f"needs-{n}-id"] = fields[f"needs-{n}-id"]
    if submit:
        data["submit"] = "1"
    return data


def _focal_point(port, number, url, lookups, recorder, logged_in, burst):
    client = harness.Client(port)
    recorder.timed("login", lambda: client.login(f"nfp{number:03d}", PASSWORD))
    logged_in.wait()  # a barrier: every focal point logged in, then the burst
    burst.wait()
    for name, submit in (("save draft", False), ("submit", True)):
        page = recorder.timed("survey form", lambda: client.get(url).decode())
        if page is None:
            return
        data = _needs_fields(page, number, lookups, submit)
        answer = recorder.timed(name, lambda data=data: client.post_form(url, data))
        if answer is None:
            return
        response, body = answer
        if response.status != 302:
            recorder.error(name, f"HTTP {response.status}: {body[:200]!r}")
            return


def _committee_member(port, number, recorder, done):
    client = harness.Client(port)
    recorder.timed("login", lambda: client.login(f"stc{number:02d}", PASSWORD))
    while not done.is_set():
        recorder.timed("dashboard (StC)", lambda: client.get("/evaluation/dashboard/"))
        done.wait(random.uniform(1, 2))  # noqa: S311 - a think time, not a secret


def _profiler(server, output):
    return subprocess.Popen(
        [
            str(harness.BIN / "py-spy"),
            "record",
            "--pid",
            str(server.process.pid),
            "--subprocesses",
            "--rate",
            "200",
            "--format",
            "raw",
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main():
    parser = argparse.ArgumentParser(description="Needs-assessment load test")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8798)
    parser.add_argument("--nfps", type=int, default=133)
    parser.add_argument("--cache", choices=["db", "redis"], default="db")
    parser.add_argument("--redis-db", type=int, default=int(os.environ.get("BENCH_REDIS_DB", 1)))
    parser.add_argument("--profile", action="store_true", help="py-spy during the submissions")
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    args = parser.parse_args()

    env = harness.server_env(DATABASE_URL, harness.cache_url(args.cache, args.redis_db))
    assessment_round, nfps, lookups = _prepare(env, args.nfps, args.fresh)
    print(f"Machine: {harness.machine(DATABASE_URL)}")
    url = f"/needs/rounds/{assessment_round.pk}/response/"
    recorder = Recorder()
    logged_in = threading.Barrier(nfps + 1)  # the focal points and this thread
    burst = threading.Event()
    done = threading.Event()
    profile = Path(tempfile.gettempdir()) / f"cms-load-profile-{os.getpid()}.txt"
    with harness.Server(env, args.port, args.workers) as server:
        focal_points = [
            threading.Thread(
                target=_focal_point,
                args=(server.port, n, url, lookups, recorder, logged_in, burst),
            )
            for n in range(1, nfps + 1)
        ]
        committee = [
            threading.Thread(target=_committee_member, args=(server.port, n, recorder, done))
            for n in range(1, STC + 1)
        ]
        started = time.monotonic()
        for thread in committee + focal_points:
            thread.start()
        logged_in.wait()
        logins = time.monotonic() - started
        profiler = _profiler(server, profile) if args.profile else None
        burst_started = time.monotonic()
        burst.set()
        for thread in focal_points:
            thread.join()
        burst_seconds = time.monotonic() - burst_started
        if profiler:
            profiler.send_signal(signal.SIGINT)
            profiler.wait(timeout=60)
        done.set()
        for thread in committee:
            thread.join()

    print(
        f"\n{nfps} focal points and {STC} committee members, {args.workers} gunicorn workers, "
        f"{args.cache} cache: logins took {logins:.1f} s, the submissions {burst_seconds:.1f} s."
    )
    errors = recorder.table()

    from django.db.models import Count

    from needs.models import CountryResponse

    responses = CountryResponse.objects.filter(round=assessment_round)
    submitted = responses.filter(status=CountryResponse.Status.SUBMITTED).count()
    total = responses.count()
    wrong_needs = responses.annotate(n=Count("needs")).exclude(n=2).count()
    print(
        f"\nResponses stored: {total} (submitted {submitted}) for {nfps} focal points; "
        f"responses without exactly 2 needs: {wrong_needs}; request errors: {errors}"
    )
    ok = errors == 0 and total == nfps and submitted == nfps and wrong_needs == 0
    print("CHECK", "OK" if ok else "FAILED")
    if args.profile and profile.exists():
        import profile_summary

        profile_summary.report(profile)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
