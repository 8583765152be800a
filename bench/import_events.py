"""Import benchmark: XLSX files of training events (2,000 and 10,000 rows) through the admin's
import path, against a plain bulk_create of the same rows, on PostgreSQL, in one run.

Run on demand, never in the test suite:

    .venv/bin/python bench/import_events.py [--rows 10000] [--small 2000] [--repeat 3] [--profile]

It (re)creates its own database (`cms_bench_import`, or IMPORT_BENCH_DATABASE_URL), migrates,
loads the countries and the 2012-2014 plan, creates a few training programmes, and builds the
sheets in memory with openpyxl (realistic rows: programme ids, Parties as hosts, 2-8
participating countries of the same region, French/English/Spanish, 3-4 day events, costs).

For each size, timed one after the other in each of --repeat rounds (medians printed):
(a) "bulk_create": ``TrainingEvent.objects.bulk_create`` of the same rows, built from the
    sheet beforehand (parsing not timed), in one transaction, without history or
    participating countries: the floor;
(b) "read": the sheet read into a dataset by the admin's XLSX format
    (workplan.spreadsheets.XLSX, python-calamine), and by the library's (openpyxl);
(c) "import": what the admin's two requests run, each with a fresh TrainingEventResource:
    - preview = the XLSX read into a dataset + ``import_data(dry_run=True)`` (admin import_action:
      one transaction, rolled back, the diff of each row kept for the preview page);
    - confirm = the XLSX read again + ``import_data(dry_run=False)`` with use_transactions
      (admin process_import: one transaction, committed, history records naming the user and
      participating countries written), then, apart, the admin's log entries for the rows.

The target (issue 17) is confirm <= 3x bulk_create. Queries are counted with
connection.execute_wrapper during the confirmed import at both sizes and divided by the number
of batches. --profile prints a cProfile of one confirmed import of the larger file.
"""

import argparse
import io
import math
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "IMPORT_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cms_bench_import"
)
TOPICS = [
    "National reporting to CMS",
    "Bycatch and fisheries interactions",
    "Flyway conservation",
    "Marine turtle monitoring",
    "Illegal killing of birds",
    "Ecological networks",
]
TRAINERS = ["A. Mensah", "B. Okafor", "C. Ruiz", "D. Lefèvre", "E. Tanaka", "F. Haddad"]


def _setup_django():
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    os.environ.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="cms_capacity.settings",
        DJANGO_PRODUCTION="1",
        SECRET_KEY="bench-import-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="ERROR",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _fixtures():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from needs.models import TrainingProgramme
    from workplan import roles
    from workplan.models import Country
    from workplan.services import countries_load, workplan_load

    countries_load()
    workplan, _report = workplan_load()
    programmes = [
        TrainingProgramme.objects.create(
            title=f"{topic} ({region})", workplan=workplan, scope="regional", region=region
        )
        for topic, region in zip(
            TOPICS, ["africa", "asia", "csa", "europe", "oceania", "africa"], strict=True
        )
    ]
    user = get_user_model().objects.create_user("bench-officer", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.SECRETARIAT))
    parties = list(Country.objects.parties().order_by("iso2"))
    return programmes, parties, user


def _rows(count, programmes, parties):
    rnd = random.Random(2012)
    by_region = {}
    for country in parties:
        by_region.setdefault(country.region, []).append(country)
    rows = []
    for n in range(count):
        programme = programmes[n % len(programmes)]
        host = rnd.choice(parties)
        neighbours = by_region[host.region]
        others = rnd.sample(neighbours, min(len(neighbours), rnd.randint(2, 8)))
        start = date(2012, 1, 9) + timedelta(days=rnd.randrange(0, 3 * 365))
        estimated = Decimal(rnd.randrange(45_000, 90_001, 250))
        women, men = rnd.randint(8, 22), rnd.randint(8, 22)
        rows.append(
            [
                programme.pk,
                rnd.choice(["regional", "regional", "national", "tot"]),
                f"{TOPICS[n % len(TOPICS)]}: training {n + 1} in {host.name}",
                host.iso2,
                host.region,
                f"City {rnd.randint(1, 40)}",
                start,
                start + timedelta(days=rnd.choice([2, 3, 3, 4])),
                rnd.choice(["en", "fr", "es"]),
                women,
                men,
                rnd.choice([0, 0, 1, 2]),
                "|".join(sorted({c.iso2 for c in [host, *others]})),
                "\n".join(rnd.sample(TRAINERS, 2)),
                estimated,
                (estimated * Decimal("0.93")).quantize(Decimal("0.01")),
            ]
        )
    return rows


def _headers():
    """The resource's columns less the id and the read-only programme title: a file of new
    events, in the order _rows builds its cells."""
    from needs.resources import TrainingEventResource

    return [n for n in TrainingEventResource.Meta.fields if n not in ("id", "programme_title")]


def _xlsx(rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(_headers())
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _empty_tables():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE needs_trainingevent_participating_countries, needs_historicaltrainingevent,"
            " needs_trainingevent, django_admin_log RESTART IDENTITY CASCADE"
        )
        cursor.execute("VACUUM ANALYZE needs_trainingevent")


def _dataset(data):
    """What the admin does with the uploaded file (tmp storage read, then create_dataset with
    the admin's XLSX format: workplan.spreadsheets.XLSX, python-calamine)."""
    from workplan.spreadsheets import XLSX

    return XLSX().create_dataset(data)


def _dataset_openpyxl(data):
    """The library's own XLSX reader (openpyxl, read-only mode), for comparison."""
    from import_export.formats.base_formats import XLSX

    return XLSX().create_dataset(data)


def _import(data, user, *, dry_run):
    from needs.resources import TrainingEventResource

    dataset = _dataset(data)
    result = TrainingEventResource().import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        file_name="events.xlsx",
        user=user,
        **({} if dry_run else {"retain_instance_in_row_result": True}),
    )
    if result.has_errors() or result.has_validation_errors():
        problems = [e.error for e in result.base_errors]
        problems += [(r.number, r.error_dict) for r in result.invalid_rows[:3]]
        raise SystemExit(f"the import failed: {problems}")
    return result


def _instances(data):
    """The sheet's rows as unsaved TrainingEvents: the input of the plain bulk_create."""
    from needs.models import Language, TrainingEvent, TrainingProgramme
    from workplan.models import Country

    countries = {c.iso2: c for c in Country.objects.all()}
    programmes = {p.pk: p for p in TrainingProgramme.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    events = []
    for row in _dataset(data).dict:
        events.append(
            TrainingEvent(
                programme=programmes[int(row["programme"])],
                kind=row["kind"],
                title=row["title"],
                country=countries[row["country"]],
                region=row["region"],
                city=row["city"],
                start_date=_day(row["start_date"]),
                end_date=_day(row["end_date"]),
                language=languages[row["language"]],
                trainees_women=int(row["trainees_women"]),
                trainees_men=int(row["trainees_men"]),
                trainees_other=int(row["trainees_other"]),
                trainers=row["trainers"],
                estimated_cost=Decimal(str(row["estimated_cost"])),
                actual_cost=Decimal(str(row["actual_cost"])),
            )
        )
    return events


def _day(value):
    """A date cell: a date from calamine, a date-time at midnight from openpyxl."""
    return value.date() if isinstance(value, datetime) else value


def _timed(function):
    from django.db import transaction

    _empty_tables()
    t0 = time.perf_counter()
    with transaction.atomic():
        function()
    return time.perf_counter() - t0


def _count_queries(data, user):
    from django.db import connection

    kinds = Counter()

    def counter(execute, sql, params, many, context):
        kinds[sql.split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    _empty_tables()
    with connection.execute_wrapper(counter):
        _import(data, user, dry_run=False)
    return kinds


def _admin_log(result, user):
    """What the admin does after the confirmed import (ImportMixin.process_result, Django 5.1+):
    one log entry per row, each naming its event."""
    from django.contrib.admin.models import ADDITION, LogEntry

    instances = [row.instance for row in result.rows if row.instance is not None]
    LogEntry.objects.log_actions(
        user.pk, instances, ADDITION, change_message="new through import_export"
    )


def _measure(data, events, user, repeat):
    """Medians of ``repeat`` rounds; the figures of one round are taken one after the other,
    so each ratio compares times measured under the same load."""
    from needs.models import TrainingEvent

    samples = {
        name: []
        for name in ("bulk_create", "read", "read_openpyxl", "preview", "confirm", "admin_log")
    }
    for _ in range(repeat):
        fresh = [_copy(event) for event in events]
        samples["bulk_create"].append(
            _timed(lambda fresh=fresh: TrainingEvent.objects.bulk_create(fresh, batch_size=1000))
        )
        samples["read"].append(_timed(lambda: _dataset(data)))
        samples["read_openpyxl"].append(_timed(lambda: _dataset_openpyxl(data)))
        samples["preview"].append(_timed(lambda: _import(data, user, dry_run=True)))
        done = {}
        samples["confirm"].append(
            _timed(lambda done=done: done.setdefault("result", _import(data, user, dry_run=False)))
        )
        t0 = time.perf_counter()
        _admin_log(done["result"], user)
        samples["admin_log"].append(time.perf_counter() - t0)
    assert TrainingEvent.objects.count() == len(events)
    return {name: statistics.median(values) for name, values in samples.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of one confirmed import"
    )
    args = parser.parse_args()

    _setup_django()
    from django.db import connection

    from needs.resources import TrainingEventResource

    programmes, parties, user = _fixtures()
    rows = _rows(args.rows, programmes, parties)
    t0 = time.perf_counter()
    files = {count: _xlsx(rows[:count]) for count in (args.small, args.rows)}
    built = time.perf_counter() - t0
    print(
        f"{args.rows} rows: an XLSX of {len(files[args.rows]) / 1024:.0f} KiB; "
        f"files built in {built:.2f} s"
    )
    version = connection.pg_version // 10000
    print(f"PostgreSQL {version}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")

    for count, data in files.items():
        median = _measure(data, _instances(data), user, args.repeat)
        base = median["bulk_create"]
        print(f"\n{count} rows, median of {args.repeat} rounds (seconds, x bulk_create):")
        lines = [
            ("bulk_create of the events", median["bulk_create"]),
            ("read the XLSX, calamine", median["read"]),
            ("read the XLSX, openpyxl", median["read_openpyxl"]),
            ("import, confirm (real run)", median["confirm"]),
            ("  of which reading (calamine)", median["read"]),
            ("  of which import_data", median["confirm"] - median["read"]),
            ("  then the admin's log entries", median["admin_log"]),
            ("import, preview (dry run)", median["preview"]),
        ]
        for label, seconds in lines:
            print(f"  {label:32} {seconds:6.2f} s  {seconds / base:5.2f}x")
        verdict = "met" if median["confirm"] <= 3 * base else "MISSED"
        print(f"  target, confirm <= 3x bulk_create: {verdict}")

    size = TrainingEventResource.batch_size_for(connection)
    print(f"\nqueries of the confirmed import (batch size {size}):")
    counted = {}
    for count, data in files.items():
        kinds = _count_queries(data, user)
        batches = math.ceil(count / size)
        total = sum(kinds.values())
        counted[count] = (total, batches)
        detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        print(f"  {count:6} rows: {total:3} queries in {batches} batches ({detail})")
    (q1, b1), (q2, b2) = counted[args.small], counted[args.rows]
    if b2 != b1:
        per_batch = (q2 - q1) / (b2 - b1)
        fixed = q1 - b1 * per_batch
        same = q2 == fixed + b2 * per_batch
        print(
            f"  per batch: {per_batch:.1f} queries at both sizes"
            f" ({'the same' if same else 'NOT the same'}); fixed: {fixed:.0f}"
        )

    if args.profile:
        _profile(files[args.rows], user)


def _profile(data, user):
    import cProfile
    import pstats

    from django.db import transaction

    _empty_tables()
    profile = cProfile.Profile()
    with transaction.atomic():
        profile.runcall(_import, data, user, dry_run=False)
    stats = pstats.Stats(profile)
    print("\ncProfile of one confirmed import (cumulative):")
    stats.sort_stats("cumulative").print_stats(40)
    print("\ncProfile of one confirmed import (own time):")
    stats.sort_stats("tottime").print_stats(25)


def _copy(event):
    from needs.models import TrainingEvent

    return TrainingEvent(**{f.attname: getattr(event, f.attname) for f in event._meta.fields})


if __name__ == "__main__":
    main()
