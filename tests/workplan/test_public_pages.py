"""The public reads the adopted plan without logging in."""

import pytest
from django.urls import reverse

from workplan.cache import figures_invalidate
from workplan.models import Activity, Phase, Status, Strand, WorkPlan


def test_overview_shows_every_activity_and_budget_totals(client, workplan_2012):
    response = client.get(reverse("workplan:home"))
    assert response.status_code == 200
    html = response.content.decode()
    for activity in Activity.objects.for_workplan(workplan_2012):
        assert f'data-activity="{activity.code}"' in html
        assert activity.title in html
    assert "US$45,000–US$90,000 per regional training" in html
    assert "US$70,000–US$120,000" in html
    assert "To be determined" in html
    # 30,000 + 45,000 + 70,000 = 145,000; 30,000 + 90,000 + 120,000 = 240,000
    assert "US$145,000–US$240,000" in html
    assert "1 activity's budget is still to be determined" in html


def test_overview_reflects_a_staff_edit(client, workplan_2012):
    activity = Activity.objects.get(code="1.1")
    activity.status = Status.COMPLETED
    activity.phase = Phase.FEEDBACK
    activity.save()
    html = client.get(workplan_2012.get_absolute_url()).content.decode()
    row = html.split('data-activity="1.1"')[1].split("</tr>")[0]
    assert "Completed" in row and "Feedback and M&amp;E" in row


def test_activity_page(client, workplan_2012):
    activity = Activity.objects.get(code="1.4")
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tailor-made training programmes conducted" in html
    assert "Each regional training of 3-4 days for 20-40 trainees" in html
    assert "1.3 Tailor-made training programme designed" in html  # follows 1.3
    assert "1.5 Progress on training programme" in html  # leads to 1.5


def test_unknown_activity_is_404(client, workplan_2012):
    url = reverse("workplan:activity-detail", kwargs={"slug": "2012-2014", "code": "9.9"})
    assert client.get(url).status_code == 404


def test_home_without_a_plan_is_404_not_500(client, db):
    assert client.get(reverse("workplan:home")).status_code == 404


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def _grow(workplan, total):
    strand = Strand.objects.get(workplan=workplan, number=3)
    Activity.objects.bulk_create(
        Activity(strand=strand, code=f"3.{n}", title=f"Extra {n}", budget_min=1, budget_max=2)
        for n in range(3, 3 + total - Activity.objects.count())
    )
    figures_invalidate()  # bulk_create sends no signal: the bulk paths invalidate by hand


@pytest.mark.parametrize("url_name", ["workplan:home"])
def test_overview_query_count_does_not_grow_with_activities(
    client,
    workplan_2012,
    django_assert_max_num_queries,
    url_name,
    django_capture_on_commit_callbacks,
):
    # 1 work plan, 1 strands, 1 activities, 1 bodies (prefetch): 4 whatever the size.
    with django_assert_max_num_queries(4):
        client.get(reverse(url_name))
    with django_capture_on_commit_callbacks(execute=True):
        _grow(workplan_2012, 500)
    assert Activity.objects.count() == 500
    with django_assert_max_num_queries(4):
        response = client.get(reverse(url_name))
    assert 'data-activity="3.488"' in response.content.decode()  # the last one added


def test_activity_page_query_count(client, workplan_2012, django_assert_max_num_queries):
    url = Activity.objects.get(code="1.4").get_absolute_url()
    # work plan, activity+strand, bodies, depends_on, enables, updates
    with django_assert_max_num_queries(6):
        client.get(url)


def test_workplan_list(client, workplan_2012):
    WorkPlan.objects.create(
        slug="2015-2017", title="Work Plan 2015-2017", start_year=2015, end_year=2017
    )
    html = client.get(reverse("workplan:workplan-list")).content.decode()
    assert html.index("2015-2017") < html.index("2012-2014")


def test_overview_links_the_iati_file_with_its_licence(client, workplan_2012):
    html = client.get(workplan_2012.get_absolute_url()).content.decode()
    link = reverse("evaluation:iati-export", args=[workplan_2012.slug])
    assert f'href="{link}"' in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0<' in html
    # The link leads to the file, for anyone.
    assert client.get(link)["Content-Type"] == "application/xml"
