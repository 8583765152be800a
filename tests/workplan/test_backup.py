from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from workplan.models import Activity, Contribution, Country, FocalPoint


def _snapshot():
    return {
        "activities": sorted(
            Activity.objects.values_list(
                "strand__workplan__slug", "code", "title", "budget_min", "budget_max", "status"
            )
        ),
        "bodies": sorted(Activity.objects.values_list("code", "bodies__code")),
        "contributions": sorted(Contribution.objects.values_list("donor", "amount_usd")),
        "countries": Country.objects.count(),
        "focal_points": sorted(FocalPoint.objects.values_list("user__username", "country__iso2")),
        "history": Activity.history.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_an_empty_database_gives_the_same_work_plan(
    tmp_path, workplan_2012, nfp_kenya
):
    activity = Activity.objects.get(code="1.4")
    activity.status = "in_progress"
    activity.save()
    Contribution.objects.create(
        workplan=workplan_2012,
        donor="Germany",
        amount_usd=Decimal("45000"),
        state="received",
        kind="earmarked",
        activity=activity,
        date="2012-06-01",
    )
    before = _snapshot()
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))

    call_command("flush", interactive=False, verbosity=0)
    assert not Activity.objects.exists()
    call_command("restore", str(path))

    assert _snapshot() == before


def test_restore_refuses_a_database_with_a_plan(tmp_path, workplan_2012):
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))
    with pytest.raises(CommandError, match="already holds work plans"):
        call_command("restore", str(path))


def test_restore_of_a_broken_file_changes_nothing(tmp_path, db):
    path = tmp_path / "broken.json.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError, match="not a readable backup"):
        call_command("restore", str(path))
    assert not Activity.objects.exists()
