"""In real Chromium, the loop for one country: announced, nominated, decided, evaluated by
link, shown on Kenya's profile; Germany's focal point kept out."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from evaluation.models import Question, Questionnaire
from needs.models import Nomination, TrainingEvent
from tests.conftest import PASSWORD
from tests.loop import *  # noqa: F403

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, url, user):
    page.context.clear_cookies()
    page.goto(
        url.split("/", 3)[0]
        + "//"
        + url.split("/", 3)[2]
        + "/accounts/login/?next=/"
        + url.split("/", 3)[3]
    )
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form [type=submit]")


def _tests_for(event, activity):
    today = timezone.localdate()
    made = {}
    for stage in ("pre", "post"):
        questionnaire = Questionnaire.objects.create(
            title=f"Bycatch test ({stage})",
            purpose="training_impact",
            activity=activity,
            training_event=event,
            audience="participants",
            stage=stage,
            opens_on=today,
            closes_on=today + timedelta(days=60),
        )
        for order, (right, wrong) in enumerate(zip(RIGHT, WRONG, strict=True), start=1):  # noqa: F405
            Question.objects.create(
                questionnaire=questionnaire,
                order=order,
                text=f"{stage} question {order}",
                kind="single",
                choices=f"{right}\n{wrong}",
                correct_answer=right,
            )
        made[stage] = questionnaire
    return made


def _answer_by_link(browser, live_server, message, right):
    path = re.search(r"(/evaluation/invitation/[^/\s]+/)", message.body).group(1)
    context = browser.new_context()  # a trainee with no account and no session
    page = context.new_page()
    page.goto(live_server.url + path)
    assert page.locator("text=Log out").count() == 0
    for index in range(3):
        choice = RIGHT[index] if index < right else WRONG[index]  # noqa: F405
        page.get_by_label(choice, exact=True).check()
    with page.expect_navigation():
        page.click("button[name=submit]")
    assert "Thank you" in page.content()
    page.goto(live_server.url + path)  # used once: it says so
    assert "already used" in page.locator("#invitation-refused").inner_text()
    context.close()


def test_the_loop_for_kenya(
    page,
    browser,
    live_server,
    secretariat,
    nfp_kenya,
    nfp_germany,
    kenya,
    kenya_needs,
    workplan_2012,
    allow_async_unsafe,
):
    today = timezone.localdate()
    # The Secretariat announces a regional training answering two of Kenya's needs.
    _log_in(page, f"{live_server.url}/admin/needs/trainingevent/add/", secretariat)
    page.fill("#id_title", "Bycatch regional training, Africa")
    page.select_option("#id_kind", "regional")
    page.select_option("#id_region", "africa")
    page.fill("#id_city", "Mombasa")
    page.fill("#id_start_date", (today + timedelta(days=30)).isoformat())
    page.fill("#id_end_date", (today + timedelta(days=33)).isoformat())
    page.fill("#id_needs", f"{kenya_needs[0].pk},{kenya_needs[1].pk}")
    page.fill("#id_seats_per_party", "2")
    page.fill("#id_nomination_deadline", (today + timedelta(days=10)).isoformat())
    with page.expect_navigation():
        page.click("input[name=_save]")
    event = TrainingEvent.objects.get(title="Bycatch regional training, Africa")
    assert set(event.needs.all()) == set(kenya_needs[:2])

    # Kenya's focal point finds it in the calendar and nominates two trainees.
    _log_in(page, f"{live_server.url}/needs/trainings/", nfp_kenya)
    page.click("text=Bycatch regional training, Africa")
    for person in (TRAINEE, TRAINEE2):  # noqa: F405
        page.fill("#id_name", person["name"])
        page.fill("#id_email", person["email"])
        page.fill("#id_function", person["function"])
        page.fill("#id_institution", person["institution"])
        page.select_option("#id_gender", person["gender"])
        with page.expect_navigation():
            page.click("#nomination-form button[type=submit]")
        assert "is nominated" in page.locator(".alert-success").inner_text()
    assert page.locator("#nominations tbody tr").count() == 2
    assert "used all its seats" in page.locator("#nomination-closed").inner_text()

    # The Secretariat confirms one and declines the other.
    _log_in(page, f"{live_server.url}/needs/trainings/{event.pk}/", secretariat)
    first = page.locator("#nominations tbody tr", has_text=TRAINEE["name"])  # noqa: F405
    with page.expect_navigation():
        first.get_by_role("button", name="Confirm").click()
    second = page.locator("#nominations tbody tr", has_text=TRAINEE2["name"])  # noqa: F405
    with page.expect_navigation():
        second.get_by_role("button", name="Decline").click()
    assert "1 trainee confirmed" in page.locator("#trainee-counts").inner_text()

    # The focal point sees the decisions.
    _log_in(page, f"{live_server.url}/needs/trainings/{event.pk}/", nfp_kenya)
    assert "Confirmed" in page.locator("#nominations").inner_text()
    assert "Declined" in page.locator("#nominations").inner_text()

    # Pre- and post-training tests; the Secretariat sends the links from the admin.
    activity = workplan_2012.strands.get(number=1).activities.get(code="1.4")
    tests = _tests_for(event, activity)
    _log_in(page, f"{live_server.url}/admin/evaluation/questionnaire/", secretariat)
    for questionnaire in tests.values():
        page.check(f"input[name=_selected_action][value='{questionnaire.pk}']")
    page.select_option("select[name=action]", "send_invitations")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert "new invitation(s) sent" in page.content()
    assert sorted(m.to[0] for m in mail.outbox) == [TRAINEE["email"]] * 2  # noqa: F405

    # The confirmed trainee answers both through the links, without logging in.
    by_title = {m.subject: m for m in mail.outbox}
    _answer_by_link(browser, live_server, next(m for t, m in by_title.items() if "(pre)" in t), 1)
    _answer_by_link(browser, live_server, next(m for t, m in by_title.items() if "(post)" in t), 3)

    # Kenya's profile: the need, the training, one trainee and the knowledge gain.
    _log_in(page, f"{live_server.url}/countries/KE/", nfp_kenya)
    needs_table = page.locator(".country-needs").first.inner_text()
    assert "Bycatch and fisheries interactions" in needs_table
    assert "Bycatch regional training, Africa" in needs_table
    assert page.locator("#trainees-confirmed").inner_text() == "1"
    assert page.locator("#knowledge-gain").inner_text().startswith("66.7")
    assert "66.7" in page.locator("#country-trainings").inner_text()

    # Germany's focal point: 404 on Kenya's profile, and cannot nominate for Kenya.
    _log_in(page, f"{live_server.url}/needs/trainings/{event.pk}/", nfp_germany)
    assert "Parties of Africa" in page.locator("#nomination-closed").inner_text()
    assert page.locator("#nomination-form").count() == 0
    assert "Wanjiru" not in page.content()
    response = page.goto(f"{live_server.url}/countries/KE/")
    assert response.status == 404
    posted = page.request.post(
        f"{live_server.url}/needs/trainings/{event.pk}/nominate/",
        form={**TRAINEE2, "email": "third@example.org", "country": str(kenya.pk)},  # noqa: F405
        headers={"Referer": f"{live_server.url}/needs/trainings/{event.pk}/"},
    )
    assert posted.status in (403, 409)
    assert Nomination.objects.filter(event=event).count() == 2
