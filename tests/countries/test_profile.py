"""The country profile: who reads it, what it shows, bounded queries; personal data rules and
erasure across pages, exports and the API."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from evaluation import invitations
from evaluation.models import Answer, Invitation, Response
from needs import nominations
from needs.models import FollowUp, Nomination, TrainingEvent, TrainingProgramme
from tests.loop import *  # noqa: F403

pytestmark = pytest.mark.django_db


def url(country):
    return f"/countries/{country.iso2}/"


@pytest.fixture
def held(training):
    """The training, moved to last month: it has been held."""
    today = timezone.localdate()
    TrainingEvent.objects.filter(pk=training.pk).update(
        start_date=today - timedelta(days=40),
        end_date=today - timedelta(days=37),
        nomination_deadline=today - timedelta(days=50),
    )
    training.refresh_from_db()
    return training


@pytest.fixture
def trained(nfp_kenya, secretariat, training, tests_pre_post, django_capture_on_commit_callbacks):
    """Kenya's trainee confirmed and tested before (1 of 3 right) and after (3 of 3)."""
    nomination = nominations.nomination_create(event=training, user=nfp_kenya, **TRAINEE)  # noqa: F405
    nominations.nomination_decide(nomination=nomination, user=secretariat, confirm=True)
    for stage, right in (("pre", 1), ("post", 3)):
        with django_capture_on_commit_callbacks(execute=True):
            invitations.invitations_send(
                questionnaire=tests_pre_post[stage], base_url="http://testserver"
            )
        invitation = Invitation.objects.get(questionnaire=tests_pre_post[stage])
        invitations.invitation_answer(
            token=invitations.invitation_token(invitation),
            answers={
                **answers_for(tests_pre_post[stage], right),  # noqa: F405
                tests_pre_post[stage].questions.get(order=9).pk: "Very useful",
            },
        )
    return nomination


# --- Who reads it -----------------------------------------------------------------------------


def test_country_nfp_reads_their_profile(client, nfp_kenya, kenya):
    client.force_login(nfp_kenya)
    assert client.get(url(kenya)).status_code == 200
    assert client.get("/countries/ke/").status_code == 200


def test_other_nfp_gets_404(client, nfp_germany, kenya):
    client.force_login(nfp_germany)
    assert client.get(url(kenya)).status_code == 404


@pytest.mark.parametrize("role", ["secretariat", "stc", "scc"])
def test_secretariat_and_committees_read_every_profile(client, request, role, kenya):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(kenya)).status_code == 200


def test_anonymous_is_sent_to_log_in(client, kenya):
    response = client.get(url(kenya))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_unknown_country_is_404(client, secretariat):
    client.force_login(secretariat)
    assert client.get("/countries/ZZ/").status_code == 404


# --- What it shows ----------------------------------------------------------------------------


def test_profile_shows_the_chain(client, nfp_kenya, kenya, trained, held):
    client.force_login(nfp_kenya)
    page = client.get(url(kenya)).content.decode()
    assert "Bycatch and fisheries interactions" in page
    assert held.title in page
    assert "Wanjiru Kamau" in page  # the country's own focal point sees its trainees
    assert 'id="trainees-confirmed">1<' in page
    assert "66.7" in page  # the knowledge gain, 33.3 -> 100.0
    # Two priority needs (5 and 4), both answered by the held training.
    assert 'id="needs-answered-share">100 %<' in page


def test_needs_answered_share_counts_only_held_trainings(client, secretariat, kenya, training):
    client.force_login(secretariat)
    page = client.get(url(kenya)).content.decode()
    assert 'id="needs-answered-share">0 %<' in page
    assert "0 of 2 priority needs" in page


def test_a_programme_with_a_held_training_answers_its_needs(
    client, secretariat, kenya, kenya_needs, loop_workplan
):
    programme = TrainingProgramme.objects.create(
        title="Reporting programme", workplan=loop_workplan, scope="regional", region="africa"
    )
    programme.needs.set([kenya_needs[1]])
    today = timezone.localdate()
    TrainingEvent.objects.create(
        programme=programme,
        kind="regional",
        title="Reporting, Africa",
        start_date=today - timedelta(days=10),
        end_date=today - timedelta(days=8),
    )
    FollowUp.objects.create(programme=programme, title="Refresher on the online system")
    client.force_login(secretariat)
    page = client.get(url(kenya)).content.decode()
    assert 'id="needs-answered-share">50 %<' in page
    assert "Reporting programme" in page
    assert "Refresher on the online system" in page


def test_handbook_copies_and_workshops_received(client, stc, kenya, loop_workplan):
    from datetime import date

    from handbook.models import Distribution, Edition, HandbookPlan, ToTWorkshop

    plan = HandbookPlan.objects.create(workplan=loop_workplan)
    editions = [
        Edition.objects.create(plan=plan, language=language, version="1")
        for language in ("en", "fr")
    ]
    for edition in editions:
        Distribution.objects.create(
            edition=edition, country=kenya, copies=40, date=date(2025, 5, 1)
        )
    event = TrainingEvent.objects.create(
        kind="tot",
        title="ToT Nairobi",
        start_date=date(2025, 6, 1),
        end_date=date(2025, 6, 3),
        country=kenya,
    )
    ToTWorkshop.objects.create(event=event, edition=editions[0])
    client.force_login(stc)
    page = client.get(url(kenya)).content.decode()
    assert "80" in page
    assert "ToT Nairobi" in page
    assert "40 copies of" in page


def test_committee_member_sees_counts_never_names(client, stc, kenya, trained, held):
    client.force_login(stc)
    page = client.get(url(kenya)).content.decode()
    assert 'id="trainees-confirmed">1<' in page
    assert "66.7" in page
    for personal in TRAINEE.values():  # noqa: F405
        if personal != "woman":
            assert personal not in page


def test_only_the_secretariat_sees_scores_beside_a_name(
    client, secretariat, nfp_kenya, kenya, trained
):
    client.force_login(secretariat)
    assert "Score before" in client.get(url(kenya)).content.decode()
    client.force_login(nfp_kenya)
    assert "Score before" not in client.get(url(kenya)).content.decode()


def test_query_count_does_not_grow_with_rounds_trainings_or_trainees(
    client,
    secretariat,
    kenya,
    nfp_kenya,
    trained,
    kenya_needs,
    django_assert_max_num_queries,
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(kenya)).status_code == 200
        return len(queries)

    client.force_login(secretariat)
    before = count()
    # More of everything: rounds with needs, trainings with confirmed trainees.
    today = timezone.localdate()
    response = kenya_needs[0].response
    for n in range(4):
        assessment_round = type(response.round).objects.create(
            workplan=response.round.workplan,
            title=f"Round {n}",
            opens_on=today - timedelta(days=400 + n),
            closes_on=today - timedelta(days=300 + n),
        )
        copy = type(response).objects.create(
            round=assessment_round,
            country=kenya,
            status="submitted",
            submitted_at=timezone.now(),
        )
        for need in kenya_needs:
            need.pk = None
            need.response = copy
            need.save()
        event = TrainingEvent.objects.create(
            kind="regional",
            title=f"Extra training {n}",
            region="africa",
            start_date=today + timedelta(days=5),
            end_date=today + timedelta(days=7),
            seats_per_party=3,
            nomination_deadline=today + timedelta(days=2),
        )
        event.needs.set(copy.needs.all())
        for k in range(3):
            nomination = nominations.nomination_create(
                event=event,
                user=nfp_kenya,
                name=f"Trainee {n}-{k}",
                email=f"t{n}{k}@example.org",
                gender="man",
            )
            nominations.nomination_decide(nomination=nomination, user=secretariat, confirm=True)
    after = count()
    assert after == before
    # session, user, groups, country, needs, their programmes, their trainings, the
    # programmes' trainings, the country's trainings, follow-ups, scores, names, handbook
    # (copies, workshops), open rounds: 16.
    with django_assert_max_num_queries(16):
        client.get(url(kenya))


# --- Personal data: erasure, exports, the API -------------------------------------------------


def test_erasure_removes_identity_and_keeps_answers_and_counts(
    client, secretariat, kenya, trained, held
):
    answers_before = Answer.objects.count()
    nominations.nomination_erase(nomination=trained, user=secretariat)
    trained.refresh_from_db()
    assert (trained.name, trained.email, trained.function, trained.institution) == ("", "", "", "")
    assert trained.is_erased
    assert Answer.objects.count() == answers_before
    assert Response.objects.filter(status="submitted").count() == 2
    held.refresh_from_db()
    assert (held.trainees_women, held.trainees_total) == (1, 1)
    client.force_login(secretariat)
    page = client.get(url(kenya)).content.decode()
    assert "Wanjiru" not in page
    assert "identity erased" in page
    assert 'id="trainees-confirmed">1<' in page
    assert "66.7" in page
    assert "Wanjiru" not in client.get(f"/needs/trainings/{held.pk}/").content.decode()


def test_erasure_is_the_secretariats(nfp_kenya, trained):
    with pytest.raises(nominations.NominationRefused):
        nominations.nomination_erase(nomination=trained, user=nfp_kenya)
    trained.refresh_from_db()
    assert trained.name == TRAINEE["name"]  # noqa: F405


def test_erasure_through_the_admin_action(client, secretariat, trained):
    """Erasure cannot be undone: the action first asks, like Django's delete."""
    client.force_login(secretariat)
    data = {"action": "erase", "_selected_action": [trained.pk]}
    asked = client.post("/admin/needs/nomination/", data)
    assert asked.status_code == 200
    assert "cannot be undone" in asked.content.decode()
    assert not Nomination.objects.get(pk=trained.pk).is_erased
    french = client.post("/admin/needs/nomination/", data, HTTP_ACCEPT_LANGUAGE="fr")
    assert "irréversible" in french.content.decode()
    response = client.post("/admin/needs/nomination/", {**data, "post": "yes"})
    assert response.status_code == 302
    assert Nomination.objects.get(pk=trained.pk).is_erased


def test_committee_member_cannot_open_nominations_in_the_admin(client, django_user_model, trained):
    from django.contrib.auth.models import Group

    member = django_user_model.objects.create_user("stc_staff", password="x", is_staff=True)
    member.groups.add(Group.objects.get(name="Standing Committee"))
    client.force_login(member)
    assert client.get("/admin/needs/nomination/").status_code == 403
    assert client.get(f"/admin/needs/nomination/{trained.pk}/change/").status_code in (302, 403)
    assert client.get("/admin/evaluation/invitation/").status_code == 403


def test_no_trainee_name_in_committee_exports_or_the_api(
    client, stc, workplan_2012, trained, held, tests_pre_post
):
    client.force_login(stc)
    pages = [
        "/evaluation/dashboard/",
        f"/evaluation/dashboard/?workplan={workplan_2012.slug}",
        "/evaluation/report/",
        "/evaluation/answers.csv",
        f"/evaluation/questionnaires/{tests_pre_post['pre'].pk}/results/",
        f"/evaluation/questionnaires/{tests_pre_post['pre'].pk}/answers.csv",
        f"/api/dashboard/{workplan_2012.slug}/",
        "/api/activities/",
        f"/evaluation/iati/{workplan_2012.slug}.xml",
        "/needs/trainings/",
        f"/needs/trainings/{held.pk}/",
    ]
    seen = 0
    for path in pages:
        response = client.get(path)
        if response.status_code != 200:
            continue
        seen += 1
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        assert "Wanjiru" not in text, path
        assert "wanjiru@" not in text, path
    assert seen >= 6
    assert mail.outbox  # the trainee did get their links (names go only there)


def test_a_trainee_of_a_training_not_yet_held_is_confirmed_not_trained(
    client, nfp_kenya, secretariat, kenya, training
):
    nomination = nominations.nomination_create(event=training, user=nfp_kenya, **TRAINEE)  # noqa: F405
    nominations.nomination_decide(nomination=nomination, user=secretariat, confirm=True)
    client.force_login(nfp_kenya)
    page = client.get(url(kenya)).content.decode()
    assert 'id="trainees-confirmed">1<' in page
    assert "Trainees confirmed" in page
    assert ">Trained<" not in page
    assert "Trainees trained" not in page
