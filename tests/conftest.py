"""Fixtures for every app: one user per role, the loaded 2012-2014 plan, and the browser."""

import os
import shutil

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from workplan import roles
from workplan.models import Country, FocalPoint, Region

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _zeal_patched():
    # django-zeal (N+1 detector) is wired in for tests only: patch Django's related
    # descriptors once, then every request runs inside zeal's middleware (below).
    from zeal.constants import initialize_app_registry
    from zeal.patch import patch

    initialize_app_registry()
    patch()


@pytest.fixture(autouse=True)
def _zeal_per_request(settings):
    # A GET whose view lazy-loads the same relation row after row raises zeal.NPlusOneError.
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.n_plus_one.zeal_middleware"]


@pytest.fixture(autouse=True)
def _mail_and_files(settings, tmp_path):
    # The outbox delivers into Django's test mailbox (``mailoutbox``); uploads go to a
    # temporary folder, never into the project's media/.
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached figures must not leak from one test to the next (SQLite reuses primary keys).
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    # A request in another language leaves it active in the thread; start each test in English.
    with translation.override("en"):
        yield


def _user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def kenya(db):
    return Country.objects.get_or_create(
        iso2="KE", defaults={"name": "Kenya", "region": Region.AFRICA, "is_party": True}
    )[0]


@pytest.fixture
def peru(db):
    return Country.objects.get_or_create(
        iso2="PE", defaults={"name": "Peru", "region": Region.CSA, "is_party": True}
    )[0]


@pytest.fixture
def secretariat(db, django_user_model):
    return _user(django_user_model, "sec", roles.SECRETARIAT, is_staff=True)


@pytest.fixture
def nfp_kenya(db, django_user_model, kenya):
    user = _user(django_user_model, "nfp_ke", roles.NFP)
    FocalPoint.objects.create(user=user, country=kenya)
    return user


@pytest.fixture
def nfp_peru(db, django_user_model, peru):
    user = _user(django_user_model, "nfp_pe", roles.NFP)
    FocalPoint.objects.create(user=user, country=peru)
    return user


@pytest.fixture
def stc(db, django_user_model):
    return _user(django_user_model, "stc", roles.STANDING_COMMITTEE)


@pytest.fixture
def scc(db, django_user_model):
    return _user(django_user_model, "scc", roles.SCIENTIFIC_COUNCIL)


@pytest.fixture
def viewer(db, django_user_model):
    """View-only staff: into the admin, with every view_* permission of the project and no role."""
    from django.contrib.auth.models import Permission

    user = _user(django_user_model, "viewer", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=roles.PROJECT_APPS, codename__startswith="view_"
        )
    )
    return user


@pytest.fixture
def workplan_2012(db):
    """The real 2012-2014 plan, loaded the way `make run` loads it."""
    from workplan.services import countries_load, workplan_load

    countries_load()
    workplan, _report = workplan_load()
    return workplan


# --- Browser -------------------------------------------------------------------------------


def _browser_available():
    return os.path.exists(CHROMIUM) and shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


def pytest_runtest_setup(item):
    if "browser" not in item.keywords or _browser_available():
        return
    if os.environ.get("CMS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Chromium is required here (CMS_REQUIRE_BROWSER=1) but {CHROMIUM} is missing.")
    pytest.skip(f"Chromium not found at {CHROMIUM}")


def pytest_configure(config):
    # Playwright's sync API keeps an event loop running in the test thread for the whole
    # session, so Django's async-safety guard would refuse even the test database setup. The
    # project has no async views; the guard is lifted for the test process only.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def allow_async_unsafe(monkeypatch):
    """Kept for tests that ask for it by name; browser-marked tests get it automatically."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
