import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from needs.models import CountryResponse, TrainingNeed
from tests.needs.conftest import need
from workplan import roles
from workplan.models import Country, FocalPoint, Region

REGIONS = [code for code, _label in Region.choices]


@pytest.fixture
def many_countries(open_round, lookups, django_user_model):
    """130 Parties: a third submitted with two needs, a third in draft, a third not started."""
    countries = Country.objects.bulk_create(
        Country(
            iso2=f"{chr(65 + i // 26)}{chr(65 + i % 26)}",
            name=f"Country {i:03}",
            region=REGIONS[i % len(REGIONS)],
            is_party=True,
        )
        for i in range(130)
    )
    group = Group.objects.get(name=roles.NFP)
    users = django_user_model.objects.bulk_create(
        django_user_model(username=f"nfp{i}", email=f"nfp{i}@example.org") for i in range(130)
    )
    group.user_set.add(*users)
    FocalPoint.objects.bulk_create(
        FocalPoint(user=user, country=country) for user, country in zip(users, countries)
    )
    now = timezone.now()
    for index, country in enumerate(countries):
        if index % 3 == 2:
            continue
        submitted = index % 3 == 0
        response = CountryResponse.objects.create(
            round=open_round,
            country=country,
            status="submitted" if submitted else "draft",
            submitted_at=now if submitted else None,
        )
        TrainingNeed.objects.bulk_create(
            [
                TrainingNeed(response=response, **need(lookups, "topic", priority=5)),
                TrainingNeed(response=response, **need(lookups, "topic2", priority=1, urgency=1)),
            ]
        )
    return countries


def test_status_page_counts_every_party_in_bounded_queries(
    client, secretariat, open_round, many_countries, django_assert_max_num_queries
):
    client.force_login(secretariat)
    # session, user, groups, round, the Parties with their response subqueries,
    # the reminder-recipient count, plus savepoint/message overhead.
    with django_assert_max_num_queries(10):
        page = client.get(reverse("needs:round-status", kwargs={"pk": open_round.pk}))
    html = page.content.decode()
    assert page.context["totals"] == {
        "label": "",
        "submitted": 44,
        "draft": 43,
        "not_started": 43,
        "total": 130,
    }
    assert html.count('data-status="not_started"') == 43
    assert "Country 000" in html


def test_analysis_ranks_topics_by_score_in_bounded_queries(
    client, secretariat, open_round, many_countries, django_assert_max_num_queries
):
    client.force_login(secretariat)
    url = reverse("needs:round-analysis", kwargs={"pk": open_round.pk})
    # session, user, groups, round, lookups for the two filter selects,
    # by-topic aggregate, by-topic-and-region aggregate.
    with django_assert_max_num_queries(10):
        page = client.get(url)
    by_topic = page.context["by_topic"]
    # Only the 44 submitted responses count: 5 x 3 x 44 beats 1 x 1 x 44.
    assert [(row["topic__name"], row["score"]) for row in by_topic] == [
        ("National reporting to CMS", 660.0),
        ("Bycatch and fisheries interactions", 44.0),
    ]
    html = page.content.decode()
    assert "mean priority (1-5)" in html
    assert (
        'id="needs-chart-data"' in html
        and "<script>"
        not in html.replace('type="application/json"', "").split("needs-chart-data")[0][-200:]
    )


def test_analysis_filters_by_region_and_can_include_drafts(
    client, secretariat, open_round, many_countries
):
    client.force_login(secretariat)
    url = reverse("needs:round-analysis", kwargs={"pk": open_round.pk})
    africa = client.get(url, {"region": "africa"}).context["by_topic"][0]
    assert africa["countries"] == len(
        [i for i in range(130) if i % 3 == 0 and REGIONS[i % 6] == "africa"]
    )
    with_drafts = client.get(url, {"include_drafts": "on"}).context["by_topic"][0]
    assert with_drafts["countries"] == 87


def test_reminder_goes_to_focal_points_that_have_not_submitted(
    client, secretariat, open_round, many_countries, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    # Queued in the request, delivered once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:round-remind", kwargs={"pk": open_round.pk}))
    assert len(mailoutbox) == 86
    recipients = {address for mail in mailoutbox for address in mail.to}
    assert "nfp0@example.org" not in recipients  # Country 000 submitted
    assert "nfp1@example.org" in recipients and "nfp2@example.org" in recipients


def test_export_csv_escapes_formulae(client, secretariat, open_round, kenya, lookups):
    response = CountryResponse.objects.create(
        round=open_round,
        country=kenya,
        constraints_and_gaps='=HYPERLINK("http://evil","x")',
    )
    TrainingNeed.objects.create(response=response, **need(lookups, note="+1+cmd|' /C calc'!A0"))
    client.force_login(secretariat)
    for kind, text in (("responses", "'=HYPERLINK"), ("needs", "'+1+cmd")):
        url = reverse(
            "needs:round-export", kwargs={"pk": open_round.pk, "kind": kind, "fmt": "csv"}
        )
        body = client.get(url).content
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert "Kenya" in rows[1]
        assert any(cell.startswith(text) for cell in rows[1])


def test_export_xlsx_is_a_spreadsheet(client, secretariat, open_round):
    client.force_login(secretariat)
    url = reverse(
        "needs:round-export", kwargs={"pk": open_round.pk, "kind": "needs", "fmt": "xlsx"}
    )
    response = client.get(url)
    assert response.content[:2] == b"PK"
    assert "spreadsheetml" in response["Content-Type"]
