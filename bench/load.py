"""Load test: 133 focal points submit their needs assessment at once while committee members
refresh the dashboard, against gunicorn on PostgreSQL. Run on demand:

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/load.py [--run-time 60s] [--workers 4]

It builds its own database (cms_load), one NFP login per Party and seven Standing Committee
logins, an open assessment round, serves the app with gunicorn, runs locust headless, prints
locust's latency table (p50, p95 per request) and errors, and checks afterwards that exactly one
response per Party exists and each holds its two needs.
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "load-test-passphrase-2012"
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cms_load")


def _env():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_PRODUCTION="1",
        SECRET_KEY="load-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",  # plain HTTP on loopback
        LOG_LEVEL="ERROR",
        # Many logins from one address in seconds: not an attack here.
        AXES_FAILURE_LIMIT="1000",
    )
    return env


def _prepare():
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    for args in (["migrate", "--noinput", "-v0"], ["load_workplan"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_env(), check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=_env(),
        check=True,
    )

    os.environ.update(_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_capacity.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.utils import timezone

    from needs.models import AssessmentRound, Language, TargetGroup, TrainingTopic, TrainingType
    from workplan.models import Country, WorkPlan
    from workplan.services import user_create

    today = timezone.localdate()
    assessment_round = AssessmentRound.objects.create(
        workplan=WorkPlan.objects.get(slug="2012-2014"),
        title="Load-test round",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )
    # 133 countries, Parties first (the country list has 131 Parties; two more join them).
    parties = list(Country.objects.order_by("-is_party", "iso2")[:133])
    for number, country in enumerate(parties, start=1):
        user_create(username=f"nfp{number:03d}", role="nfp", password=PASSWORD, country=country)
    for number in range(1, 8):
        user_create(username=f"stc{number:02d}", role="stc", password=PASSWORD)
    lookups = {
        "topic": TrainingTopic.objects.first().pk,
        "training_type": TrainingType.objects.first().pk,
        "target_group": TargetGroup.objects.first().pk,
        "language": Language.objects.first().pk,
    }
    return assessment_round, len(parties), lookups


def main():
    parser = argparse.ArgumentParser(description="Needs-assessment load test")
    parser.add_argument("--run-time", default="150s")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8798)
    args = parser.parse_args()

    assessment_round, parties, lookups = _prepare()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
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
    time.sleep(3)
    users = parties + 7
    try:
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),  # all at once
                "--run-time",
                args.run_time,
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "LOAD_PASSWORD": PASSWORD,
                "LOAD_ROUND": str(assessment_round.pk),
                "LOAD_NFPS": str(parties),
                "LOAD_LOOKUPS": ",".join(f"{k}={v}" for k, v in lookups.items()),
            },
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)

    from needs.models import CountryResponse

    responses = CountryResponse.objects.filter(round=assessment_round)
    submitted = responses.filter(status=CountryResponse.Status.SUBMITTED).count()
    total = responses.count()
    from django.db.models import Count

    wrong_needs = responses.annotate(n=Count("needs")).exclude(n=2).count()
    print(
        f"Responses stored: {total} (submitted {submitted}) for {parties} Parties; "
        f"responses without exactly 2 needs: {wrong_needs}"
    )
    ok = total == parties and submitted == parties and wrong_needs == 0
    print("CHECK", "OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
