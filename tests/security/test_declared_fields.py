"""Forms, resources and admins accept only the fields they declare: no ``fields = "__all__"``,
no ``exclude`` (a new model field would silently become writable), and a spreadsheet column
nobody declared changes nothing."""

import ast
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from import_export.resources import ModelResource

from workplan.models import Activity, Contribution
from workplan.roles import PROJECT_APPS

SCANNED = ("forms.py", "resources.py", "admin.py")
FILES = [
    path
    for app in PROJECT_APPS
    for name in SCANNED
    if (path := Path(settings.BASE_DIR) / app / name).exists()
]


def _assignments(tree):
    """(class name, attribute, value node) for every attribute assigned in a class body."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.Assign):
                    for target in statement.targets:
                        if isinstance(target, ast.Name):
                            yield node.name, target.id, statement.value


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_all_fields_and_no_exclude(path):
    offences = [
        f"{cls}.{name}"
        for cls, name, value in _assignments(ast.parse(path.read_text()))
        if (name == "exclude")
        or (name == "fields" and isinstance(value, ast.Constant) and value.value == "__all__")
    ]
    assert offences == [], f"{path}: declare the fields instead of {offences}"


def test_the_scan_covers_every_app():
    assert {path.parent.name for path in FILES} == set(PROJECT_APPS)


def _project_resources():
    seen, todo = [], [ModelResource]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in PROJECT_APPS and sub._meta.model is not None:
                seen.append(sub)
    return seen


def test_every_model_resource_lists_its_fields():
    resources = _project_resources()
    assert len(resources) >= 5
    missing = [r.__name__ for r in resources if not r._meta.fields]
    assert missing == []


# --- Spreadsheets with undeclared columns ----------------------------------------------------

CSV = "0"


def _import(client, model, body):
    upload = io.BytesIO(body.encode())
    upload.name = "rows.csv"
    url = reverse(f"admin:workplan_{model}_import")
    response = client.post(url, {"import_file": upload, "format": CSV, "resource": "0"})
    confirm = next(
        (
            layer["confirm_form"]
            for c in response.context
            for layer in c.dicts
            if "confirm_form" in layer
        ),
        None,
    )
    assert confirm is not None, response.content.decode()[-2000:]
    client.post(reverse(f"admin:workplan_{model}_process_import"), confirm.initial)


def test_contribution_import_ignores_country_and_status_columns(
    client, secretariat, workplan_2012, peru
):
    client.force_login(secretariat)
    _import(
        client,
        "contribution",
        "workplan,donor,donor_country,country,status,amount_usd,state,kind,activity,date\n"
        "2012-2014,Germany,DE,PE,cancelled,45000,received,earmarked,1.4,2012-06-01\n",
    )
    contribution = Contribution.objects.get()
    assert contribution.donor_country.iso2 == "DE"
    assert contribution.state == "received"
    assert not hasattr(contribution, "status")


def test_activity_import_ignores_undeclared_columns(client, secretariat, workplan_2012):
    client.force_login(secretariat)
    before = Activity.objects.get(code="1.3")
    _import(
        client,
        "activity",
        "workplan,strand,code,title,country,version,id,history_user,budget_min,budget_max\n"
        f"2012-2014,1,1.3,{before.title},PE,999,12345,1,30000,31000\n",
    )
    after = Activity.objects.get(code="1.3")
    assert after.pk == before.pk and after.budget_max == 31000
    assert after.strand_id == before.strand_id
    assert after.version != 999
    assert after.history.first().history_user is not None
