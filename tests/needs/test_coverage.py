"""Coverage on the needs analysis: priority needs no programme answers yet, and the next
programme made from them in one step."""

import pytest

from needs.models import TrainingProgramme
from tests.loop import *  # noqa: F403

pytestmark = pytest.mark.django_db


def analysis(kenya_needs):
    return f"/needs/rounds/{kenya_needs[0].response.round_id}/analysis/"


def test_unanswered_priority_needs_are_listed(client, secretariat, kenya_needs):
    client.force_login(secretariat)
    page = client.get(analysis(kenya_needs)).content.decode()
    coverage = page[page.index('id="coverage"') :]
    assert "Bycatch and fisheries interactions" in coverage
    assert "National reporting to CMS" in coverage
    assert "Ecological networks" not in coverage  # priority 2: not a priority need
    assert "Create programme" in coverage


def test_one_step_programme_from_a_topic(client, secretariat, kenya_needs):
    client.force_login(secretariat)
    response = client.post(
        f"/needs/rounds/{kenya_needs[0].response.round_id}/programme/",
        {"topic": kenya_needs[0].topic_id},
    )
    programme = TrainingProgramme.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/needs/trainingprogramme/{programme.pk}/change/"
    assert list(programme.needs.all()) == [kenya_needs[0]]
    page = client.get(analysis(kenya_needs)).content.decode()
    coverage = page[page.index('id="coverage"') :]
    assert "Bycatch and fisheries interactions" not in coverage
    assert "National reporting to CMS" in coverage


def test_committee_reads_coverage_but_cannot_create(client, stc, kenya_needs):
    client.force_login(stc)
    page = client.get(analysis(kenya_needs)).content.decode()
    assert "Bycatch and fisheries interactions" in page[page.index('id="coverage"') :]
    assert "Create programme" not in page
    response = client.post(
        f"/needs/rounds/{kenya_needs[0].response.round_id}/programme/",
        {"topic": kenya_needs[0].topic_id},
    )
    assert response.status_code == 403
    assert not TrainingProgramme.objects.exists()


def test_a_topic_without_unanswered_needs_changes_nothing(client, secretariat, kenya_needs):
    client.force_login(secretariat)
    response = client.post(
        f"/needs/rounds/{kenya_needs[0].response.round_id}/programme/",
        {"topic": kenya_needs[2].topic_id},  # priority 2 only
    )
    assert response.status_code == 302
    assert not TrainingProgramme.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Select at least one training need" in page
