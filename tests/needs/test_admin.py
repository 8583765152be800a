from datetime import date

import pytest
from django.urls import reverse

from needs.models import CountryResponse, TrainingEvent, TrainingNeed, TrainingProgramme
from tests.needs.conftest import need


@pytest.fixture
def submitted_need(open_round, kenya, lookups):
    response = CountryResponse.objects.create(
        round=open_round, country=kenya, status="submitted", submitted_at="2012-03-01T10:00Z"
    )
    return TrainingNeed.objects.create(response=response, **need(lookups, scope="national"))


@pytest.fixture
def programme(workplan):
    return TrainingProgramme.objects.create(
        title="Flyway training", workplan=workplan, scope="regional"
    )


def _event_data(programme, start, end, women, men):
    return {
        "programme": programme.pk,
        "kind": "regional",
        "title": "Nairobi workshop",
        "region": "africa",
        "city": "Nairobi",
        "start_date": start,
        "end_date": end,
        "trainees_women": women,
        "trainees_men": men,
        "trainees_other": 0,
        "trainers": "",
    }


def test_event_outside_the_plans_sizing_is_saved_with_a_warning(client, secretariat, programme):
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:needs_trainingevent_add"),
        _event_data(programme, "2013-03-04", "2013-03-11", 5, 5),
        follow=True,
    )
    page = response.content.decode()
    assert TrainingEvent.objects.count() == 1
    assert "It lasts 8 days" in page and "It has 10 trainees" in page


def test_event_within_the_plans_sizing_has_no_warning(client, secretariat, programme):
    client.force_login(secretariat)
    page = client.post(
        reverse("admin:needs_trainingevent_add"),
        _event_data(programme, "2013-03-04", "2013-03-07", 12, 13),
        follow=True,
    ).content.decode()
    assert TrainingEvent.objects.get().trainees_total == 25
    assert "the plan sizes" not in page


def test_event_ending_before_it_starts_is_refused(client, secretariat, programme):
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:needs_trainingevent_add"),
        _event_data(programme, "2013-03-04", "2013-03-01", 12, 13),
    )
    assert response.status_code == 200
    assert "must not be before the start date" in response.content.decode()
    assert not TrainingEvent.objects.exists()


def test_admin_action_creates_a_programme_from_selected_needs(client, secretariat, submitted_need):
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:needs_trainingneed_changelist"),
        {"action": "create_programme", "_selected_action": [submitted_need.pk]},
    )
    programme = TrainingProgramme.objects.get()
    assert response["Location"] == reverse(
        "admin:needs_trainingprogramme_change", args=[programme.pk]
    )
    assert list(programme.needs.all()) == [submitted_need]
    page = client.get(response["Location"]).content.decode()
    assert "1.1 Needs assessment conducted" in page


def test_secretariat_sees_responses_in_the_admin(client, secretariat, submitted_need):
    client.force_login(secretariat)
    page = client.get(reverse("admin:needs_countryresponse_changelist")).content.decode()
    assert "Kenya" in page
    change = client.get(
        reverse("admin:needs_countryresponse_change", args=[submitted_need.response_id])
    )
    assert "National reporting to CMS" in change.content.decode()


def test_programme_steps_follow_what_exists(programme, lookups):
    assert programme.current_step() == ""
    programme.modules.create(title="Module 1")
    TrainingEvent.objects.create(
        programme=programme,
        kind="national",
        title="E",
        start_date=date(2013, 1, 1),
        end_date=date(2013, 1, 3),
    )
    done = [code for code, _label, ok in programme.steps_reached() if ok]
    assert done == ["1.3", "1.4"]


def test_programme_budget_range_must_be_in_order(workplan):
    from django.core.exceptions import ValidationError

    programme = TrainingProgramme(
        title="P", workplan=workplan, scope="regional", budget_min=90000, budget_max=45000
    )
    with pytest.raises(ValidationError, match="maximum must not be below"):
        programme.full_clean()
