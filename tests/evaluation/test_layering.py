"""The floors hold: evaluation reads needs through needs' selectors and services, never imports
the handbook (which adds its dashboard section through workplan.panels), and never looks a
model up by name."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from workplan import panels

EVALUATION = Path(settings.BASE_DIR) / "evaluation"


def _modules():
    """evaluation's code: not its migrations, nor the demo data (a floor above every app)."""
    for path in sorted(EVALUATION.rglob("*.py")):
        if "migrations" in path.parts or path.name.startswith("demo") or path.stem == "seed_demo":
            continue
        yield path


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _outside_floor(path, app, allowed):
    """What ``path`` imports of ``app`` other than the ``allowed`` modules."""
    return sorted(
        name
        for name in set(_imports(path))
        if name.split(".")[0] == app and name != app and name.split(".")[1] not in allowed
    )


def test_evaluation_never_imports_the_handbook():
    found = {path.name: _outside_floor(path, "handbook", ()) for path in _modules()}
    found.update({p.name: ["handbook"] for p in _modules() if "handbook" in set(_imports(p))})
    assert {name: modules for name, modules in found.items() if modules} == {}


def test_evaluation_reads_needs_through_its_selectors_and_services():
    found = {p.name: _outside_floor(p, "needs", ("selectors", "services")) for p in _modules()}
    assert {name: modules for name, modules in found.items() if modules} == {}


def test_evaluation_looks_no_model_up_by_name():
    assert [p.name for p in _modules() if "get_model(" in p.read_text()] == []


@pytest.mark.django_db
def test_the_dashboard_shows_every_registered_section(workplan_2012, monkeypatch):
    """A section registered in workplan.panels reaches the figures the dashboard, the report,
    the PDF and the API are made of; the handbook's is registered by the handbook app."""
    from evaluation.selectors.dashboard import _dashboard_figures

    assert "handbook" in panels.sections(workplan_2012)
    monkeypatch.setitem(panels._providers, "extra", lambda plan: {"slug": plan.slug})
    figures = _dashboard_figures(workplan_2012)  # not the cached copy
    assert figures["extra"] == {"slug": workplan_2012.slug}
    assert "handbook" in figures
