"""A write never depends on the cache: invalidation runs after the commit, and a cache that is
down (or whose table does not exist yet) is logged, never raised.

Before: with CACHE_URL=dbcache://cms_cache, ``migrate`` on an empty PostgreSQL database died
with "current transaction is aborted" (a data migration's save bumped the cache generation
inside the migration's transaction, and the cache table did not exist yet).
"""

import logging
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from workplan.cache import GENERATION_KEY, figures_cached
from workplan.models import Body, Contribution

ROOT = Path(__file__).resolve().parents[2]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the aborted-transaction failure is PostgreSQL's"
)


def _contribution(workplan, donor="Germany"):
    return Contribution.objects.create(
        workplan=workplan,
        donor=donor,
        amount_usd=Decimal("1000"),
        state="received",
        kind="core",
        date="2012-06-01",
    )


def test_the_generation_moves_only_when_the_write_commits(
    workplan_2012, django_capture_on_commit_callbacks
):
    figures_cached("probe", [], lambda: "old")
    generation = cache.get(GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _contribution(workplan_2012)
        assert cache.get(GENERATION_KEY) == generation  # not inside the writer's transaction
    assert callbacks
    assert cache.get(GENERATION_KEY) > generation
    assert figures_cached("probe", [], lambda: "new") == "new"


@pytest.fixture
def missing_cache_table(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cms_cache_that_does_not_exist",
        }
    }


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }


@pytest.mark.parametrize("outage", ["missing_cache_table", "redis_down"])
def test_a_write_succeeds_and_the_outage_is_logged(
    request, workplan_2012, caplog, django_capture_on_commit_callbacks, outage
):
    request.getfixturevalue(outage)
    caplog.set_level(logging.WARNING, logger="workplan.cache")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _contribution(workplan_2012)
        # The transaction is still usable after the signal fired.
        Body.objects.create(code="RAMSAR", name="Ramsar Convention", kind="partner")
        _contribution(workplan_2012, donor="Norway")
    assert Contribution.objects.filter(donor__in=["Germany", "Norway"]).count() == 2
    assert Body.objects.filter(code="RAMSAR").exists()
    assert "Cache unavailable while invalidating the cached figures" in caplog.text


@pytest.mark.parametrize("outage", ["missing_cache_table", "redis_down"])
def test_figures_are_computed_when_the_cache_is_down(request, db, caplog, outage):
    request.getfixturevalue(outage)
    with transaction.atomic():
        assert figures_cached("probe", [1], lambda: 42) == 42
        assert Body.objects.count() >= 0  # the transaction survived the failed cache read
    assert "Cache unavailable" in caplog.text


# --- migrate on an empty PostgreSQL database, in a subprocess, with each supported cache ------


def _run(args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def empty_database(db):
    """A new, empty PostgreSQL database named after the test database, dropped afterwards."""
    import psycopg2

    params = connection.settings_dict
    name = f"{params['NAME']}_fresh"[:63]
    admin = psycopg2.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"],
        port=params["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    yield f"postgres://{user}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


CACHE_ORDERS = [
    ("dbcache://cms_cache", ["migrate", "createcachetable"]),
    ("dbcache://cms_cache", ["createcachetable", "migrate"]),
    ("redis://127.0.0.1:6379/15", ["migrate"]),
    ("locmemcache://", ["migrate"]),
]


@on_postgresql
@pytest.mark.parametrize(("cache_url", "commands"), CACHE_ORDERS, ids=lambda v: str(v))
def test_migrate_on_an_empty_database_with_each_cache(empty_database, cache_url, commands):
    if cache_url.startswith("redis"):
        import redis

        try:
            redis.Redis.from_url(cache_url).ping()
        except redis.ConnectionError:
            pytest.skip("no Redis server at 127.0.0.1:6379")
    env = {
        **os.environ,
        "DATABASE_URL": empty_database,
        "CACHE_URL": cache_url,
        "DJANGO_SETTINGS_MODULE": "cms_capacity.settings",
    }
    for command in commands:
        result = _run([command, "--noinput"] if command == "migrate" else [command], env)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "current transaction is aborted" not in result.stderr
    # The roles of the data migration are there, and the cache works afterwards.
    check = _run(
        [
            "shell",
            "-c",
            "from django.contrib.auth.models import Group; from workplan.cache import "
            "figures_cached; print(Group.objects.count(), figures_cached('t', [], lambda: 7))",
        ],
        env,
    )
    assert check.returncode == 0, check.stderr[-3000:]
    assert check.stdout.splitlines()[-1].split() == ["4", "7"]
