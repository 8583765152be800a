"""The NFP survey form costs the same number of queries whatever the number of needs: each
lookup list is read once per request (not once per row and select), and the needs are checked
and written in bulk."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from needs import services
from needs.models import CountryResponse, TrainingNeed
from tests.needs.conftest import need, post_data


@pytest.fixture
def edit_url(open_round):
    return reverse("needs:response-edit", kwargs={"round_pk": open_round.pk})


def _stored(open_round, kenya, nfp, lookups, count):
    """The country's response as a draft with ``count`` needs (and nothing else stored)."""
    CountryResponse.objects.filter(round=open_round, country=kenya).delete()
    return services.response_save_draft(
        assessment_round=open_round,
        country=kenya,
        user=nfp,
        answers={"existing_capacities": "Some."},
        needs=[need(lookups, priority=1 + i % 5) for i in range(count)],
    )


def _post_data(response, lookups, action, count):
    """The form as a browser posts it: every stored row changed and as many rows added."""
    rows = [{**need(lookups, priority=5), "id": row.pk} for row in response.needs.all()]
    rows += [need(lookups, topic="topic2") for _ in range(count)]
    return post_data(
        lookups,
        rows,
        action=action,
        existing=count,
        version=response.version,
        key=str(uuid.uuid4()),
    )


def test_form_get_costs_the_same_with_1_and_10_needs(
    client, nfp_kenya, kenya, open_round, lookups, edit_url, django_assert_max_num_queries
):
    client.force_login(nfp_kenya)
    _stored(open_round, kenya, nfp_kenya, lookups, 1)
    client.get(edit_url)  # the session is read once, as on any later request
    with CaptureQueriesContext(connection) as one:
        assert client.get(edit_url).status_code == 200
    _stored(open_round, kenya, nfp_kenya, lookups, 10)
    with django_assert_max_num_queries(len(one)):
        page = client.get(edit_url)
    html = page.content.decode()
    assert 'name="needs-9-topic"' in html and "Bycatch and fisheries interactions" in html


@pytest.mark.parametrize("action", ["save", "submit"])
def test_post_costs_the_same_with_1_and_10_needs(
    client, nfp_kenya, kenya, open_round, lookups, edit_url, action, django_assert_max_num_queries
):
    client.force_login(nfp_kenya)
    client.get(edit_url)
    data = _post_data(_stored(open_round, kenya, nfp_kenya, lookups, 1), lookups, action, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.post(edit_url, data).status_code == 302
    assert (
        TrainingNeed.objects.count() == 2 and TrainingNeed.objects.filter(priority=5).count() == 1
    )

    data = _post_data(_stored(open_round, kenya, nfp_kenya, lookups, 10), lookups, action, 10)
    with django_assert_max_num_queries(len(one)):
        assert client.post(edit_url, data).status_code == 302
    response = CountryResponse.objects.get(round=open_round, country=kenya)
    assert response.needs.count() == 20 and response.needs.filter(priority=5).count() == 10
    assert response.needs.filter(topic=lookups["topic2"]).count() == 10
    expected = CountryResponse.Status.SUBMITTED if action == "submit" else "draft"
    assert response.status == expected
    # Every row written in bulk still has its history, by the focal point.
    assert TrainingNeed.history.filter(history_user=nfp_kenya).count() >= 20


def test_service_still_refuses_a_priority_or_urgency_out_of_range(
    nfp_kenya, kenya, open_round, lookups
):
    from django.core.exceptions import ValidationError

    for bad in ({"priority": 6}, {"priority": 0}, {"urgency": 4}):
        with pytest.raises(ValidationError):
            services.response_save_draft(
                assessment_round=open_round,
                country=kenya,
                user=nfp_kenya,
                needs=[need(lookups, **bad)],
            )
    assert not TrainingNeed.objects.exists()


def test_an_inactive_lookup_stays_valid_only_on_the_row_that_chose_it(
    client, nfp_kenya, kenya, open_round, lookups, edit_url
):
    response = _stored(open_round, kenya, nfp_kenya, lookups, 1)
    lookups["topic"].is_active = False
    lookups["topic"].save()
    client.force_login(nfp_kenya)
    html = client.get(edit_url).content.decode()
    assert html.count(">National reporting to CMS<") == 1  # its own row only, not the template
    stored = response.needs.get()
    data = post_data(
        lookups,
        [{**need(lookups), "id": stored.pk}, need(lookups)],
        existing=1,
        version=response.version,
    )
    page = client.post(edit_url, data)
    assert page.status_code == 400  # the new row may not choose it
    assert 'name="needs-1-topic"' in page.content.decode()


def test_a_constraint_added_later_is_still_validated(monkeypatch, open_round, kenya, lookups):
    """The priority and urgency ranges are checked in Python; any other constraint of a need
    goes through Django's own check instead of being skipped."""
    from django.core.exceptions import ValidationError
    from django.db.models import CheckConstraint, Q

    response = CountryResponse.objects.create(round=open_round, country=kenya)
    extra = CheckConstraint(condition=Q(expected_trainees__lte=100), name="need_at_most_100")
    monkeypatch.setattr(TrainingNeed._meta, "constraints", [*TrainingNeed._meta.constraints, extra])
    too_many = TrainingNeed(response=response, **need(lookups, expected_trainees=500))
    with pytest.raises(ValidationError):
        too_many.full_clean(exclude=["response"])
    TrainingNeed(response=response, **need(lookups)).full_clean(exclude=["response"])
