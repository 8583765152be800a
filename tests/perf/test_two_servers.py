"""Several machines: two app servers on one PostgreSQL database and one Redis, as behind a proxy.

Each server is its own gunicorn (production settings, plain HTTP) with its own memory; they share
only the database (sessions, data) and Redis (CACHE_URL: the cached figures and their
generation). A request may reach either, so a write through one must show on the very next
request through the other, and a login made on one must hold on the other.

The servers read the test database from outside the test's process, so the test's data is
committed (a transactional test), and the cache keys carry a prefix of their own so that another
run sharing the Redis never mixes with this one.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.perf.servers import ROOT, Browser, Server, production_env
from workplan.models import Activity, Contribution

REDIS_DB = int(os.environ.get("CMS_TEST_REDIS_DB", "15"))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two servers share one database server; the SQLite test database is in memory",
    ),
]


def _redis():
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CMS_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required here (CMS_REQUIRE_REDIS=1): {error}")
        pytest.skip(f"Redis does not answer at 127.0.0.1:6379 ({error})")
    return client


@pytest.fixture(scope="module")
def two_servers(django_db_setup, django_db_blocker):
    """Servers A and B, started once for the module; the Redis keys they wrote are removed."""
    redis_client = _redis()
    prefix = f"two-servers-{secrets.token_hex(4)}"
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = production_env(database_url, f"redis://127.0.0.1:6379/{REDIS_DB}", prefix)
    _collect_static(env)
    servers = [Server(env), Server(env)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers, lambda: _forget(redis_client, prefix)
    finally:
        for server in servers:
            server.stop()
        _forget(redis_client, prefix)


def _collect_static(env):
    """Production serves the files whitenoise collected, by the names in their manifest; they are
    collected again (about 40 s) only when a file in static/ is newer than the manifest."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file())
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def _forget(redis_client, prefix):
    """Empty this run's part of the shared cache: the test database is emptied between tests
    without the writes that would retire its cached figures."""
    keys = list(redis_client.scan_iter(f"{prefix}:*"))
    if keys:
        redis_client.delete(*keys)


def _with_real_password(user):
    # The suite hashes with MD5 for speed; the servers run the production hashers.
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def test_a_login_on_one_server_holds_on_the_other(two_servers, workplan_2012, stc):
    (a, b), forget = two_servers
    forget()
    _with_real_password(stc)
    browser = Browser()
    status, location, _page = browser.get(b, "/evaluation/dashboard/")
    assert status == 302 and "/accounts/login/" in location

    browser.login(a, stc.username, PASSWORD)
    status, _location, page = browser.get(b, "/evaluation/dashboard/")
    assert status == 200
    assert f'title="{stc.username}"' in page  # the navbar's "Log out" names the user

    # Logged out through B: A no longer knows the session either.
    logout = "/accounts/logout/"
    status, _location, _page = browser.submit(b, "/evaluation/dashboard/", {}, having=logout)
    assert status == 302
    status, location, _page = browser.get(a, "/evaluation/dashboard/")
    assert status == 302 and "/accounts/login/" in location


def test_a_write_through_one_server_shows_on_the_next_request_through_the_other(
    two_servers, workplan_2012, secretariat, stc
):
    (a, b), forget = two_servers
    forget()
    _with_real_password(secretariat)
    _with_real_password(stc)
    activity = Activity.objects.get(strand__workplan=workplan_2012, code="1.1")
    activity_path = f"/workplans/{workplan_2012.slug}/activities/1.1/"
    reader = Browser()
    reader.login(b, stc.username, PASSWORD)
    for _ in range(2):  # the second request is served from the cache
        pages = {path: reader.get(b, path)[2] for path in ("/evaluation/dashboard/", activity_path)}
    overview = Browser().get(b, "/")[2]
    assert "Two-servers donor" not in pages["/evaluation/dashboard/"]
    assert "Completed" not in pages[activity_path] and "Completed" not in overview

    writer = Browser()
    writer.login(a, secretariat.username, PASSWORD)
    status, _location, page = writer.submit(
        a,
        "/admin/workplan/contribution/add/",
        {
            "workplan": str(workplan_2012.pk),
            "donor": "Two-servers donor",
            "amount_usd": "12345",
            "state": Contribution.State.PLEDGED,
            "kind": Contribution.Kind.CORE,
            "date": timezone.localdate().isoformat(),
        },
        having="donor",
    )
    assert status == 302, page
    status, _location, page = writer.submit(
        a,
        f"/admin/workplan/activity/{activity.pk}/change/",
        {
            "status": "completed",
            "updates-0-date": timezone.localdate().isoformat(),
            "updates-0-phase": activity.phase,
            "updates-0-status": "completed",
            "updates-0-note": "Reported through server A",
        },
        having="status",
    )
    assert status == 302, page
    assert activity.updates.filter(note="Reported through server A").exists()

    # The very next requests, through B.
    assert "Two-servers donor" in reader.get(b, "/evaluation/dashboard/")[2]
    page = reader.get(b, activity_path)[2]
    assert "Reported through server A" in page and "Completed" in page
    assert "Completed" in Browser().get(b, "/")[2]
    assert "Reported through server A" in Browser().get(b, activity_path)[2]
