from decimal import Decimal

from workplan.models import Activity, Status, Strand


def test_activities_api_returns_the_plan(client, workplan_2012):
    data = client.get("/api/activities/").json()
    assert data["count"] == 14
    by_code = {row["code"]: row for row in data["results"]}
    assert by_code["1.4"]["budget_min_usd"] == "45000.00"
    assert by_code["1.4"]["budget_max_usd"] == "90000.00"
    assert by_code["2.4"]["budget_min_usd"] is None
    assert by_code["2.4"]["budget_text"] == "Shall be determined according to the need."
    assert set(by_code["2.1"]["responsible_bodies"]) == {
        "CMS Sec.",
        "NFPs",
        "ScC",
        "StC",
        "other relevant partners",
    }
    assert by_code["1.1"]["planned_start"] == "2012-01-01"
    assert by_code["1.1"]["strand"] == 1


def test_activities_filter_by_strand_phase_status(client, workplan_2012):
    Activity.objects.filter(code="2.3").update(status=Status.IN_PROGRESS)
    assert [r["code"] for r in client.get("/api/activities/?strand=3").json()["results"]] == [
        "3.1",
        "3.2",
    ]
    rows = client.get("/api/activities/?status=in_progress").json()["results"]
    assert [r["code"] for r in rows] == ["2.3"]
    rows = client.get("/api/activities/?phase=construction").json()["results"]
    assert {r["code"] for r in rows} == {"1.3", "2.3"}
    response = client.get("/api/activities/?phase=nonsense")
    assert response.status_code == 400
    assert "phase" in response.json()


def test_activities_api_pages_and_bounded_queries(
    client, workplan_2012, django_assert_max_num_queries
):
    strand = Strand.objects.get(workplan=workplan_2012, number=3)
    Activity.objects.bulk_create(
        Activity(
            strand=strand,
            code=f"3.{n}",
            title=f"Extra {n}",
            budget_min=Decimal(1),
            budget_max=Decimal(2),
        )
        for n in range(3, 200)
    )
    # count, page of activities with strand and work plan, bodies prefetch
    with django_assert_max_num_queries(3):
        data = client.get("/api/activities/?page=2").json()
    assert data["count"] == 211
    assert len(data["results"]) == 50


def test_workplans_api(client, workplan_2012):
    data = client.get("/api/workplans/").json()
    assert data["results"][0]["slug"] == "2012-2014"
    assert [s["number"] for s in data["results"][0]["strands"]] == [1, 2, 3]


def test_api_is_read_only(client, workplan_2012, secretariat):
    client.force_login(secretariat)
    response = client.post("/api/activities/", {"code": "9.9"}, content_type="application/json")
    assert response.status_code == 405
    assert not Activity.objects.filter(code="9.9").exists()


def test_openapi_schema(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert b"/api/activities/" in response.content
    assert b"budget_min_usd" in response.content


def test_workplans_api_lists_the_iati_file_and_its_licence(client, workplan_2012):
    row = client.get("/api/workplans/").json()["results"][0]
    assert row["iati_url"] == "http://testserver/evaluation/iati/2012-2014.xml"
    assert row["open_data_licence"]["name"] == "CC BY 4.0"
    assert client.get(row["iati_url"]).status_code == 200


def test_activities_api_gives_the_dac_sector(client, workplan_2012):
    rows = {r["code"]: r for r in client.get("/api/activities/").json()["results"]}
    assert rows["1.4"]["sector"] == "41081"
    assert rows["3.1"]["sector"] == "41010"
