"""View-only staff open every changelist but change nothing: add and change POSTs, import and
export are 403. Import and export each need their own permission, which every ModelAdmin's model
declares, so the Secretariat (all project permissions) keeps them."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from import_export.admin import ExportMixin, ImportMixin

from workplan import roles
from workplan.models import Contribution

PROJECT_ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in roles.PROJECT_APPS
    ),
    key=lambda pair: pair[0]._meta.label,
)
IDS = [model._meta.label for model, _admin in PROJECT_ADMINS]
IMPORTERS = [(m, a) for m, a in PROJECT_ADMINS if isinstance(a, ImportMixin)]
EXPORTERS = [(m, a) for m, a in PROJECT_ADMINS if isinstance(a, ExportMixin)]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def rows(workplan_2012):
    """The loaded plan plus a contribution, so change forms have something to refuse."""
    Contribution.objects.create(
        workplan=workplan_2012, donor="Norway", amount_usd="1000", kind="core", date="2012-01-01"
    )


def test_every_project_model_with_an_admin_is_covered():
    assert len(PROJECT_ADMINS) > 20 and IMPORTERS and EXPORTERS


# Trainees' names and who answered which link: the Secretariat's role only, whatever the
# view permissions (README, "Personal data").
PERSONAL_DATA = [
    (m, a) for m, a in PROJECT_ADMINS if f"view_{m._meta.model_name}" in roles.PERSONAL_DATA_VIEWS
]
NOT_PERSONAL = [pair for pair in PROJECT_ADMINS if pair not in PERSONAL_DATA]


@pytest.mark.parametrize(("model", "model_admin"), PERSONAL_DATA, ids=lambda v: str(v))
def test_personal_data_is_the_secretariats_even_for_view_only_staff(
    client, viewer, secretariat, model, model_admin
):
    client.force_login(viewer)
    assert client.get(_url(model, "changelist")).status_code == 403
    client.force_login(secretariat)
    assert client.get(_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize(
    ("model", "model_admin"), NOT_PERSONAL, ids=[m._meta.label for m, _a in NOT_PERSONAL]
)
def test_view_only_staff_reads_the_changelist_and_cannot_add_or_change(
    client, viewer, rows, model, model_admin
):
    client.force_login(viewer)
    assert client.get(_url(model, "changelist")).status_code == 200
    assert client.get(_url(model, "add")).status_code == 403
    count = model.objects.count()
    assert client.post(_url(model, "add"), {}).status_code == 403
    obj = model.objects.first()
    if obj is not None:
        assert client.get(_url(model, "change", obj.pk)).status_code == 200  # read-only form
        assert client.post(_url(model, "change", obj.pk), {}).status_code == 403
        assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.count() == count


@pytest.mark.parametrize(
    ("model", "model_admin"), IMPORTERS, ids=lambda v: getattr(v, "__name__", "")
)
def test_view_only_staff_cannot_import_and_secretariat_can(
    client, viewer, secretariat, model, model_admin
):
    client.force_login(viewer)
    assert client.get(_url(model, "import")).status_code == 403
    assert client.post(_url(model, "import"), {}).status_code == 403
    client.force_login(secretariat)
    assert client.get(_url(model, "import")).status_code == 200


@pytest.mark.parametrize(
    ("model", "model_admin"), EXPORTERS, ids=lambda v: getattr(v, "__name__", "")
)
def test_view_only_staff_cannot_export_and_secretariat_can(
    client, viewer, secretariat, model, model_admin
):
    client.force_login(viewer)
    assert client.get(_url(model, "export")).status_code == 403
    assert client.post(_url(model, "export"), {"format": "0"}).status_code == 403
    client.force_login(secretariat)
    assert client.get(_url(model, "export")).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), PROJECT_ADMINS, ids=IDS)
def test_import_and_export_permissions_are_declared_and_held_by_the_secretariat(
    db, model, model_admin
):
    needed = []
    if isinstance(model_admin, ImportMixin):
        needed.append(f"import_{model._meta.model_name}")
    if isinstance(model_admin, ExportMixin):
        needed.append(f"export_{model._meta.model_name}")
    declared = {codename for codename, _name in model._meta.permissions}
    assert set(needed) <= declared, f"{model._meta.label} lacks {set(needed) - declared}"
    held = set(
        Group.objects.get(name=roles.SECRETARIAT)
        .permissions.filter(content_type__app_label=model._meta.app_label)
        .values_list("codename", flat=True)
    )
    assert set(needed) <= held


def test_no_import_or_export_url_without_its_admin_mixin():
    # A model whose admin has no import mixin offers no import page at all.
    for model, model_admin in PROJECT_ADMINS:
        if not isinstance(model_admin, ImportMixin):
            with pytest.raises(NoReverseMatch):
                _url(model, "import")


def test_the_outbox_is_the_secretariats_only(client, viewer, stc, secretariat):
    """Its bodies hold password-reset links, trainees' personal answer links and their names:
    a committee member in the admin, or view-only staff, must not read them."""
    from workplan import outbox
    from workplan.models import OutboxMessage

    message = outbox.message_queue(
        recipient="a@b.org",
        subject="Password reset",
        body="https://example.org/reset/MQ/token/",
        deliver=False,
    )
    stc.is_staff = True
    stc.save()
    assert not stc.has_perm("workplan.view_outboxmessage")
    for user in (viewer, stc):
        client.force_login(user)
        assert client.get(_url(OutboxMessage, "changelist")).status_code == 403
        assert client.get(_url(OutboxMessage, "change", message.pk)).status_code == 403
    client.force_login(secretariat)
    assert client.get(_url(OutboxMessage, "change", message.pk)).status_code == 200
