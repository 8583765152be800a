"""Nominations: a focal point nominates within the seats and before the deadline, for a
training open to their country; the Secretariat decides; counts follow the confirmed ones."""

from datetime import timedelta

import pytest
from django.utils import timezone

from needs import nominations
from needs.models import Nomination, TrainingEvent
from tests.loop import *  # noqa: F403

pytestmark = pytest.mark.django_db


def nominate(user, event, **person):
    return nominations.nomination_create(event=event, user=user, **{**TRAINEE, **person})  # noqa: F405


def test_nfp_nominates_for_their_own_country(nfp_kenya, kenya, training):
    nomination = nominate(nfp_kenya, training)
    assert nomination.country == kenya
    assert nomination.status == Nomination.Status.PENDING
    assert nomination.nominated_by == nfp_kenya


def test_nomination_above_the_seats_is_refused_and_saves_nothing(nfp_kenya, training):
    nominate(nfp_kenya, training)
    nominate(nfp_kenya, training, **TRAINEE2)  # noqa: F405
    with pytest.raises(nominations.NominationRefused, match="used its 2 seats"):
        nominate(nfp_kenya, training, name="Third", email="third@example.org")
    assert Nomination.objects.filter(event=training).count() == 2


def test_a_declined_nomination_frees_its_seat(nfp_kenya, secretariat, training):
    first = nominate(nfp_kenya, training)
    nominate(nfp_kenya, training, **TRAINEE2)  # noqa: F405
    nominations.nomination_decide(nomination=first, user=secretariat, confirm=False)
    third = nominate(nfp_kenya, training, name="Third", email="third@example.org")
    assert third.pk


def test_a_declined_nomination_cannot_be_confirmed_once_its_seat_is_taken(
    nfp_kenya, secretariat, training
):
    first = nominate(nfp_kenya, training)
    nominate(nfp_kenya, training, **TRAINEE2)  # noqa: F405
    nominations.nomination_decide(nomination=first, user=secretariat, confirm=False)
    nominate(nfp_kenya, training, name="Third", email="third@example.org")
    with pytest.raises(nominations.NominationRefused, match="used its 2 seats"):
        nominations.nomination_decide(nomination=first, user=secretariat, confirm=True)
    first.refresh_from_db()
    assert first.status == Nomination.Status.DECLINED
    assert Nomination.objects.filter(event=training).holding_seats().count() == 2


def test_nomination_past_the_deadline_is_refused(nfp_kenya, training):
    training.nomination_deadline = timezone.localdate() - timedelta(days=1)
    training.save()
    with pytest.raises(nominations.NominationRefused, match="closed on"):
        nominate(nfp_kenya, training)
    assert not Nomination.objects.exists()


def test_another_regions_focal_point_cannot_nominate(nfp_germany, training):
    with pytest.raises(nominations.NominationRefused, match="Parties of Africa"):
        nominate(nfp_germany, training)
    assert not Nomination.objects.exists()


def test_a_country_not_invited_cannot_nominate(nfp_kenya, peru, training):
    training.participating_countries.set([peru])
    with pytest.raises(nominations.NominationRefused, match="other Parties"):
        nominate(nfp_kenya, training)


def test_the_same_person_twice_is_refused(nfp_kenya, training):
    nominate(nfp_kenya, training)
    with pytest.raises(nominations.NominationRefused, match="already nominated"):
        nominate(nfp_kenya, training, email=TRAINEE["email"].upper())  # noqa: F405
    assert Nomination.objects.count() == 1


def test_a_training_without_seats_takes_no_nominations(nfp_kenya, training):
    training.seats_per_party = None
    training.save()
    with pytest.raises(nominations.NominationRefused, match="no nominations"):
        nominate(nfp_kenya, training)


def test_counts_come_from_confirmed_nominations(nfp_kenya, secretariat, training):
    first = nominate(nfp_kenya, training)
    second = nominate(nfp_kenya, training, **TRAINEE2)  # noqa: F405
    nominations.nomination_decide(nomination=first, user=secretariat, confirm=True)
    nominations.nomination_decide(nomination=second, user=secretariat, confirm=False)
    training.refresh_from_db()
    assert (training.trainees_women, training.trainees_men, training.trainees_other) == (1, 0, 0)
    assert training.trainees_total == 1


def test_hand_entered_counts_stay_for_older_trainings(secretariat, kenya_needs):
    today = timezone.localdate()
    old = TrainingEvent.objects.create(
        kind="regional",
        title="2013 training",
        start_date=today - timedelta(days=900),
        end_date=today - timedelta(days=897),
        trainees_women=12,
        trainees_men=14,
    )
    nominations.event_sync_trainee_counts(old)
    old.refresh_from_db()
    assert old.trainees_total == 26


def test_only_the_secretariat_decides(nfp_kenya, training):
    nomination = nominate(nfp_kenya, training)
    with pytest.raises(nominations.NominationRefused):
        nominations.nomination_decide(nomination=nomination, user=nfp_kenya, confirm=True)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.PENDING


# --- Through the pages ----------------------------------------------------------------------


def test_calendar_is_public_and_details_are_not(client, training):
    calendar = client.get("/needs/trainings/")
    assert calendar.status_code == 200
    assert training.title in calendar.content.decode()
    detail = client.get(f"/needs/trainings/{training.pk}/").content.decode()
    assert "Nairobi" in detail
    assert "Bycatch and fisheries interactions" in detail
    assert "Gigiri" not in detail


def test_a_partys_needs_are_named_only_to_who_may_read_its_response(
    client, nfp_germany, nfp_kenya, secretariat, training
):
    """The topics a training answers are public; whose needs they are, and their priority,
    come from a country's response: the Secretariat, committees and that country only."""
    url = f"/needs/trainings/{training.pk}/"
    for user in (None, nfp_germany):
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(url).content.decode()
        assert "Bycatch and fisheries interactions" in page
        assert "Kenya" not in page
        assert "priority 5" not in page
    for user in (nfp_kenya, secretariat):
        client.force_login(user)
        assert "Kenya (priority 5)" in " ".join(client.get(url).content.decode().split())


def test_logged_in_users_see_the_details(client, stc, training):
    client.force_login(stc)
    assert "Gigiri" in client.get(f"/needs/trainings/{training.pk}/").content.decode()


def test_nfp_nominates_through_the_page(client, nfp_kenya, training):
    client.force_login(nfp_kenya)
    response = client.post(f"/needs/trainings/{training.pk}/nominate/", TRAINEE)  # noqa: F405
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Wanjiru Kamau" in page
    assert "Awaiting the Secretariat" in page


def test_country_field_in_the_post_is_ignored(client, nfp_germany, kenya, training):
    """Germany's focal point cannot nominate for Kenya, whatever the form says."""
    client.force_login(nfp_germany)
    response = client.post(
        f"/needs/trainings/{training.pk}/nominate/",
        {**TRAINEE, "country": kenya.pk, "country_id": kenya.pk},  # noqa: F405
    )
    assert response.status_code == 409
    assert "Parties of Africa" in response.content.decode()
    assert not Nomination.objects.exists()


def test_refusal_on_the_page_says_why_and_keeps_the_form(client, nfp_kenya, training):
    training.nomination_deadline = timezone.localdate() - timedelta(days=1)
    training.save()
    client.force_login(nfp_kenya)
    response = client.post(f"/needs/trainings/{training.pk}/nominate/", TRAINEE)  # noqa: F405
    assert response.status_code == 409
    assert "closed on" in response.content.decode()
    assert not Nomination.objects.exists()


def test_bad_email_is_a_form_error(client, nfp_kenya, training):
    client.force_login(nfp_kenya)
    response = client.post(
        f"/needs/trainings/{training.pk}/nominate/",
        {**TRAINEE, "email": "not-an-address"},  # noqa: F405
    )
    assert response.status_code == 400
    assert not Nomination.objects.exists()


def test_secretariat_confirms_on_the_page_and_nfp_sees_the_decision(
    client, secretariat, nfp_kenya, training
):
    nomination = nominate(nfp_kenya, training)
    client.force_login(secretariat)
    response = client.post(f"/needs/nominations/{nomination.pk}/decide/", {"decision": "confirm"})
    assert response.status_code == 302
    client.force_login(nfp_kenya)
    page = client.get(f"/needs/trainings/{training.pk}/").content.decode()
    assert "Confirmed" in page


def test_nfp_cannot_decide(client, nfp_kenya, training):
    nomination = nominate(nfp_kenya, training)
    client.force_login(nfp_kenya)
    response = client.post(f"/needs/nominations/{nomination.pk}/decide/", {"decision": "confirm"})
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.PENDING


def test_other_nfps_and_committees_see_no_names(client, nfp_kenya, nfp_peru, stc, training):
    nominate(nfp_kenya, training)
    for user in (nfp_peru, stc):
        client.force_login(user)
        page = client.get(f"/needs/trainings/{training.pk}/").content.decode()
        assert "Wanjiru" not in page
        assert "wanjiru@" not in page
    client.logout()
    assert "Wanjiru" not in client.get(f"/needs/trainings/{training.pk}/").content.decode()


def test_calendar_query_count_does_not_grow(client, training, django_assert_max_num_queries):
    today = timezone.localdate()
    for n in range(40):
        event = TrainingEvent.objects.create(
            kind="regional",
            title=f"Past training {n:02d}",
            start_date=today - timedelta(days=n + 10),
            end_date=today - timedelta(days=n + 8),
        )
        event.needs.set(training.needs.all())
    # Anonymous: upcoming events and their needs; past ones counted, one page and its needs.
    with django_assert_max_num_queries(5):
        response = client.get("/needs/trainings/")
    page = response.content.decode()
    assert "Past training 00" in page and "Past training 30" not in page
    assert "Page 1 of 2" in page
    assert "Past training 30" in client.get("/needs/trainings/?page=2").content.decode()


@pytest.mark.parametrize(
    ("language", "title", "refusal"),
    [
        ("fr", "Calendrier des formations", "Cette formation est destinée aux Parties"),
        ("es", "Calendario de formaciones", "Esta formación es para las Partes"),
    ],
)
def test_pages_and_refusals_in_french_and_spanish(
    client, nfp_germany, training, language, title, refusal
):
    client.cookies["django_language"] = language
    assert title in client.get("/needs/trainings/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    client.force_login(nfp_germany)
    page = client.get(f"/needs/trainings/{training.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert refusal in page.content.decode()


@pytest.mark.parametrize(
    ("language", "kind"), [("fr", "Formation régionale"), ("es", "Formación regional")]
)
def test_the_kind_of_training_is_translated_on_the_calendar(client, training, language, kind):
    page = client.get("/needs/trainings/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert kind in page
    assert "Regional training" not in page
