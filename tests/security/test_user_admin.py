"""The Secretariat manages logins in the admin without being able to raise anyone's privileges.

Before: a Secretariat login posting ``is_superuser=on`` to /admin/auth/user/<own id>/change/
became superuser, and could grant permissions or set a superuser's password.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD
from workplan import roles
from workplan.models import FocalPoint

User = get_user_model()


def _logs_in(client, username, password):
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def _change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def _form(user, **extra):
    """Every field the Secretariat's change form has, as the page would post them."""
    focal_point = FocalPoint.objects.filter(user=user).first()
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": "nfp",
        "country": focal_point.country_id if focal_point else "",
        "is_active": "on",
        "_save": "Save",
    }
    data.update(extra)
    return data


def _snapshot(user):
    user = User.objects.get(pk=user.pk)
    return {
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "password": user.password,
        "permissions": sorted(user.user_permissions.values_list("pk", flat=True)),
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


@pytest.fixture
def other_group(db):
    return Group.objects.create(name="Auditors")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.fixture
def other_secretariat(db, django_user_model):
    user = django_user_model.objects.create_user("sec2", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.SECRETARIAT))
    return user


def _forbidden_fields(other_group):
    perm = Permission.objects.get(codename="delete_user")
    return {
        "is_superuser": {"is_superuser": "on"},
        "is_staff": {"is_staff": "on"},
        "user_permissions": {"user_permissions": [perm.pk]},
        "groups": {"groups": [other_group.pk]},
        "password": {
            "password": "md5$x$y",
            "password1": "N3w-pass-phrase!",
            "password2": "N3w-pass-phrase!",
        },
    }


@pytest.mark.parametrize(
    "field", ["is_superuser", "is_staff", "user_permissions", "groups", "password"]
)
def test_secretariat_posting_a_forbidden_field_on_a_focal_point_changes_nothing(
    client, secretariat, nfp_kenya, other_group, field
):
    client.force_login(secretariat)
    before = _snapshot(nfp_kenya)
    data = _form(nfp_kenya, first_name="Amina", **_forbidden_fields(other_group)[field])
    response = client.post(_change_url(nfp_kenya), data)
    assert response.status_code == 302  # the allowed part of the form is saved...
    assert User.objects.get(pk=nfp_kenya.pk).first_name == "Amina"
    assert _snapshot(nfp_kenya) == before  # ...and the forbidden field is ignored


@pytest.mark.parametrize(
    "field", ["is_superuser", "is_staff", "user_permissions", "groups", "password"]
)
@pytest.mark.parametrize("target", ["secretariat", "other_secretariat", "superuser"])
def test_secretariat_cannot_change_its_own_a_staff_or_a_superuser_account(
    client, request, secretariat, other_group, field, target
):
    account = request.getfixturevalue(target)
    client.force_login(secretariat)
    before = _snapshot(account)
    data = _form(account, first_name="Changed", **_forbidden_fields(other_group)[field])
    assert client.post(_change_url(account), data).status_code == 403
    assert _snapshot(account) == before
    assert User.objects.get(pk=account.pk).first_name != "Changed"


@pytest.mark.parametrize("target", ["secretariat", "superuser", "nfp_kenya"])
def test_secretariat_cannot_set_anyones_password(client, secretariat, request, target):
    account = request.getfixturevalue(target)
    client.force_login(secretariat)
    before = _snapshot(account)
    url = reverse("admin:auth_user_password_change", args=[account.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "password1": "N3w-pass-phrase!",
            "password2": "N3w-pass-phrase!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 403
    assert _snapshot(account) == before


def test_secretariat_reads_a_superuser_without_the_privilege_fields(client, secretariat, superuser):
    client.force_login(secretariat)
    page = client.get(_change_url(superuser)).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="_save"' not in page  # read-only


def test_secretariat_changes_role_and_country_of_a_focal_point(
    client, secretariat, nfp_kenya, peru
):
    client.force_login(secretariat)
    response = client.post(_change_url(nfp_kenya), _form(nfp_kenya, country=peru.pk))
    assert response.status_code == 302
    assert FocalPoint.objects.get(user=nfp_kenya).country == peru
    response = client.post(_change_url(nfp_kenya), _form(nfp_kenya, role="stc", country=""))
    assert response.status_code == 302
    assert _snapshot(nfp_kenya)["groups"] == [roles.STANDING_COMMITTEE]
    assert not FocalPoint.objects.filter(user=nfp_kenya).exists()


def test_a_focal_point_without_a_country_is_refused(client, secretariat, stc):
    client.force_login(secretariat)
    response = client.post(_change_url(stc), _form(stc, role="nfp", country=""))
    assert response.status_code == 200
    assert "A National Focal Point needs a country." in response.content.decode()
    assert _snapshot(stc)["groups"] == [roles.STANDING_COMMITTEE]


def test_secretariat_creates_a_login_that_chooses_its_own_password(client, secretariat, kenya):
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "amina",
            "first_name": "Amina",
            "last_name": "Otieno",
            "email": "amina@example.org",
            "role": "nfp",
            "country": kenya.pk,
            "send_reset_link": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    amina = User.objects.get(username="amina")
    assert not amina.is_superuser and not amina.is_staff
    assert not amina.has_usable_password()
    assert FocalPoint.objects.get(user=amina).country == kenya
    assert _snapshot(amina)["groups"] == [roles.NFP]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amina@example.org"]
    # The link in the e-mail lets her choose a password and log in with it.
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/reset/" in word)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Migratory-birds-2012", "new_password2": "Migratory-birds-2012"},
    )
    assert response.status_code == 302
    assert _logs_in(client, "amina", "Migratory-birds-2012")


def test_creating_a_focal_point_without_a_country_creates_nothing(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "amina", "email": "a@example.org", "role": "nfp", "_save": "Save"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="amina").exists()
    assert not mail.outbox


def _action(client, action, *users):
    return client.post(
        reverse("admin:auth_user_changelist"),
        {"action": action, "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_deactivate_action_skips_staff_and_superusers(
    client, secretariat, nfp_kenya, superuser, other_secretariat
):
    client.force_login(secretariat)
    response = _action(client, "deactivate", nfp_kenya, superuser, other_secretariat)
    assert "2 superuser or staff logins were left unchanged" in response.content.decode()
    assert not User.objects.get(pk=nfp_kenya.pk).is_active
    assert User.objects.get(pk=superuser.pk).is_active
    assert User.objects.get(pk=other_secretariat.pk).is_active
    client.logout()
    assert not _logs_in(client, "nfp_ke", PASSWORD)


def test_send_password_reset_action(client, secretariat, nfp_kenya, stc, superuser):
    nfp_kenya.email = "ke@example.org"
    nfp_kenya.save()
    client.force_login(secretariat)
    response = _action(client, "send_password_reset", nfp_kenya, stc, superuser)
    page = response.content.decode()
    assert "A password-reset link was sent to 1 login." in page
    assert "1 login has no e-mail address" in page  # stc has none
    assert [message.to for message in mail.outbox] == [["ke@example.org"]]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_superuser_still_manages_everything(client, superuser, secretariat, other_group):
    client.force_login(superuser)
    data = _form(secretariat, role="secretariat", is_staff="on", is_superuser="on")
    data["groups"] = [other_group.pk]
    response = client.post(_change_url(secretariat), data)
    assert response.status_code == 302
    after = _snapshot(secretariat)
    assert after["is_superuser"] and after["is_staff"]
    assert after["groups"] == sorted(["Auditors", roles.SECRETARIAT])


def test_changelist_query_count_does_not_grow_with_users(
    client, secretariat, django_user_model, kenya, django_assert_max_num_queries
):
    nfp = Group.objects.get(name=roles.NFP)
    for n in range(30):
        user = django_user_model.objects.create_user(f"nfp{n}", email=f"n{n}@example.org")
        user.groups.add(nfp)
        FocalPoint.objects.create(user=user, country=kenya)
    client.force_login(secretariat)
    # session, user, user's groups/permissions for the admin, count, page, role groups prefetch,
    # filter facets: bounded whatever the number of rows.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 200
    assert "nfp29" in response.content.decode() or "nfp0" in response.content.decode()


def test_superuser_can_still_set_a_password(client, superuser, nfp_kenya):
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[nfp_kenya.pk])
    response = client.post(
        url,
        {
            "password1": "N3w-pass-phrase!",
            "password2": "N3w-pass-phrase!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=nfp_kenya.pk).check_password("N3w-pass-phrase!")


def test_moving_a_focal_point_keeps_one_main_per_country(
    client, secretariat, nfp_kenya, nfp_peru, peru
):
    """Kenya's main focal point moved to Peru stayed "main": Peru had two main focal points
    (reminders go to the main one first)."""
    client.force_login(secretariat)
    response = client.post(_change_url(nfp_kenya), _form(nfp_kenya, country=peru.pk))
    assert response.status_code == 302
    assert FocalPoint.objects.filter(country=peru, is_main=True).count() == 1
    assert FocalPoint.objects.get(user=nfp_peru).is_main
