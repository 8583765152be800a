import pytest
from django.core.management import CommandError, call_command

from workplan import roles
from workplan.models import FocalPoint


def test_add_nfp_with_country_from_environment_password(db, kenya, monkeypatch, client):
    monkeypatch.setenv("CMS_USER_PASSWORD", "a-long-enough-passphrase-2012")
    call_command("add_user", "amina", "--role", "nfp", "--country", "ke")
    focal_point = FocalPoint.objects.select_related("user", "country").get()
    assert focal_point.country == kenya
    assert roles.is_nfp(focal_point.user)
    assert not focal_point.user.is_staff
    response = client.post(
        "/accounts/login/", {"username": "amina", "password": "a-long-enough-passphrase-2012"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(focal_point.user.pk)


def test_add_secretariat_is_staff(db, monkeypatch, django_user_model):
    monkeypatch.setenv("CMS_USER_PASSWORD", "a-long-enough-passphrase-2012")
    call_command("add_user", "sam", "--role", "secretariat")
    user = django_user_model.objects.get(username="sam")
    assert user.is_staff and roles.is_secretariat(user)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--role", "nfp"], "needs --country"),
        (["x", "--role", "nfp", "--country", "ZZ"], "No country with code"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(
    db, monkeypatch, django_user_model, args, message
):
    monkeypatch.setenv("CMS_USER_PASSWORD", "a-long-enough-passphrase-2012")
    with pytest.raises(CommandError, match=message):
        call_command("add_user", *args)
    assert not django_user_model.objects.exists()


def test_weak_password_refused(db, monkeypatch, django_user_model):
    monkeypatch.setenv("CMS_USER_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("add_user", "weak", "--role", "stc")
    assert not django_user_model.objects.exists()


def test_roles_are_groups_with_permissions(db):
    from django.contrib.auth.models import Group

    sec = Group.objects.get(name=roles.SECRETARIAT)
    stc = Group.objects.get(name=roles.STANDING_COMMITTEE)
    assert sec.permissions.filter(codename="change_activity").exists()
    assert sec.permissions.filter(codename="import_activity").exists()
    assert stc.permissions.filter(codename="view_activity").exists()
    assert not stc.permissions.filter(codename="change_activity").exists()
    assert not Group.objects.get(name=roles.NFP).permissions.exists()
