"""Every French and Spanish catalogue is complete, and holds every message the code marks."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from workplan.management.commands.update_catalogues import APPS_WITH_CATALOGUE, update_catalogues

BASE = Path(settings.BASE_DIR)
CATALOGUE_DIRS = [Path("locale"), *(Path(app) / "locale" for app in APPS_WITH_CATALOGUE)]
CATALOGUES = [
    folder / code / "LC_MESSAGES" / "django.po"
    for folder in CATALOGUE_DIRS
    for code in ("fr", "es")
]
# What makemessages reads: the code, the templates, the catalogues (to merge into).
SOURCES = [
    "manage.py",
    "cms_capacity",
    "workplan",
    "needs",
    "handbook",
    "evaluation",
    "demo",
    "countries",
    "templates",
    "locale",
]


def _entries(path):
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def _key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_catalogue_has_no_untranslated_or_fuzzy_message(catalogue):
    entries = _entries(BASE / catalogue)
    assert entries, f"{catalogue} is empty"
    untranslated = [e.msgid for e in entries if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{catalogue}: untranslated: {untranslated}"
    assert not fuzzy, f"{catalogue}: fuzzy: {fuzzy}"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_catalogue_is_valid_and_keeps_every_placeholder(catalogue):
    """msgfmt --check: well-formed, and each translation has the same %(name)s as its msgid."""
    if not shutil.which("msgfmt"):
        pytest.fail("GNU gettext (msgfmt) is needed: apt-get install gettext")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(BASE / catalogue)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_compiled_catalogue_is_up_to_date(catalogue):
    """The .mo Django reads holds the same translations as the .po beside it."""
    po = {_key(e): e.msgstr or e.msgstr_plural for e in _entries(BASE / catalogue)}
    mo = {
        _key(e): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(BASE / catalogue.with_suffix(".mo")))
    }
    mo.pop((None, "", None), None)  # the header
    assert {k: v for k, v in po.items() if k[1]} == mo, f"run compilemessages for {catalogue}"


def test_makemessages_adds_nothing_missing_from_the_catalogues(tmp_path):
    """Extract again into a copy of the project: every marked message is already translated."""
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        pytest.fail("GNU gettext (xgettext, msgmerge) is needed: apt-get install gettext")
    for name in SOURCES:
        source = BASE / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    update_catalogues(tmp_path, python=sys.executable)
    for catalogue in CATALOGUES:
        known = {_key(e) for e in _entries(BASE / catalogue)}
        extracted = {_key(e) for e in _entries(tmp_path / catalogue)}
        missing = sorted(msgid for _ctx, msgid, _plural in extracted - known)
        assert not missing, f"{catalogue} lacks messages the code marks: {missing}"
