"""The Secretariat keeps the plan in the admin: lists, edits, history, import and export."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from workplan.models import Activity, Contribution

CSV, XLSX = "0", "1"  # positions in IMPORT_EXPORT_FORMATS


@pytest.fixture
def staff_client(client, secretariat):
    client.force_login(secretariat)
    return client


def test_changelist_filters_and_searches(
    staff_client, workplan_2012, django_assert_max_num_queries
):
    url = reverse("admin:workplan_activity_changelist")
    # session, user, groups-perms..., count, rows, bodies prefetch, filter choices: bounded
    with django_assert_max_num_queries(20):
        response = staff_client.get(
            url, {"strand__id__exact": workplan_2012.strands.get(number=2).pk}
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2.3" in html and "CMS Handbook designed" in html
    assert "Needs Assessment conducted" not in html
    response = staff_client.get(url, {"q": "Handbook designed"})
    assert response.context["cl"].result_count == 1
    response = staff_client.get(url, {"budget": "tbd"})
    assert [a.code for a in response.context["cl"].result_list] == ["2.4"]


def _change_form_data(response):
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("bodies", "depends_on"):
            data[name] = [obj.pk for obj in value] if value else []
        elif value is None:
            data[name] = ""
        else:
            data[name] = value
    data["version"] = form["version"].value()
    for key in ("updates-TOTAL_FORMS", "updates-INITIAL_FORMS"):
        data[key] = "0"
    return data


def test_change_activity_records_history(staff_client, workplan_2012, secretariat):
    activity = Activity.objects.get(code="1.3")
    url = reverse("admin:workplan_activity_change", args=[activity.pk])
    data = _change_form_data(staff_client.get(url))
    data.update(status="in_progress", budget_max="35000")
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert activity.status == "in_progress" and activity.budget_max == Decimal("35000")
    latest = activity.history.first()
    assert latest.history_user == secretariat
    assert latest.budget_max == Decimal("35000")


def test_change_refuses_min_above_max(staff_client, workplan_2012):
    activity = Activity.objects.get(code="1.3")
    url = reverse("admin:workplan_activity_change", args=[activity.pk])
    data = _change_form_data(staff_client.get(url))
    data.update(budget_min="50000", budget_max="40000")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "The maximum must not be below the minimum." in response.content.decode()
    activity.refresh_from_db()
    assert activity.budget_min == Decimal("30000")


def test_second_of_two_concurrent_saves_is_refused(client, workplan_2012, secretariat):
    client.force_login(secretariat)
    activity = Activity.objects.get(code="1.3")
    url = reverse("admin:workplan_activity_change", args=[activity.pk])
    first = _change_form_data(client.get(url))
    second = dict(first)
    # The admin edits the three languages side by side: the English title is title_en.
    first["title_en"] = "First editor's title"
    assert client.post(url, first).status_code == 302
    second["title_en"] = "Second editor's title"
    response = client.post(url, second)
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.title == "First editor's title"


def _context(response, key):
    for context in response.context:
        for layer in context.dicts:
            if key in layer:
                return layer[key]
    return None


def _csv(rows):
    header = "workplan,strand,code,title,phase,status,budget_min,budget_max,budget_text\n"
    return io.BytesIO((header + "".join(r + "\n" for r in rows)).encode())


def _import(client, upload, name="activities.csv", fmt=CSV):
    upload.name = name
    url = reverse("admin:workplan_activity_import")
    return client.post(url, {"import_file": upload, "format": fmt, "resource": "0"})


def test_import_preview_then_confirm(staff_client, workplan_2012):
    upload = _csv(
        [
            "2012-2014,3,3.3,Joint indicators with Ramsar,planning,not_started,1000,2000,US$1-2",
            "2012-2014,1,1.4,Tailor-made training programmes conducted,implementation,"
            'in_progress,45000,90000,"around US$45,000-90,000"',
        ]
    )
    response = _import(staff_client, upload)
    assert response.status_code == 200
    assert not Activity.objects.filter(code="3.3").exists()  # dry run wrote nothing
    confirm = _context(response, "confirm_form")
    assert confirm is not None
    response = staff_client.post(reverse("admin:workplan_activity_process_import"), confirm.initial)
    assert response.status_code == 302
    new = Activity.objects.get(code="3.3")
    assert new.strand.number == 3 and new.budget_max == Decimal("2000")
    assert Activity.objects.get(code="1.4").status == "in_progress"
    assert Activity.objects.count() == 15


def test_import_with_bad_rows_reports_them_and_writes_nothing(staff_client, workplan_2012):
    upload = _csv(
        [
            "2012-2014,3,3.3,Good row,planning,not_started,1000,2000,x",
            "2012-2014,3,3.4,Min above max,planning,not_started,5000,2000,x",
            "2012-2014,9,9.1,No such strand,planning,not_started,,,",
            "2012-2014,3,3.5,Bad phase,dancing,not_started,,,",
        ]
    )
    response = _import(staff_client, upload)
    html = response.content.decode()
    assert _context(response, "confirm_form") is None
    assert "The maximum must not be below the minimum." in html
    assert "dancing" in html
    assert (
        "No strand &#x27;9&#x27; in work plan &#x27;2012-2014&#x27; (its strands: 1, 2, 3)." in html
    )
    assert Activity.objects.count() == 14


def test_malformed_file_is_refused_with_a_message(staff_client, workplan_2012):
    upload = io.BytesIO(b"\x00\x01\x02 not a spreadsheet \xff\xfe")
    response = _import(staff_client, upload, name="junk.xlsx", fmt=XLSX)
    assert response.status_code == 200
    assert _context(response, "confirm_form") is None
    assert "error" in response.content.decode().lower()
    assert Activity.objects.count() == 14


def test_export_xlsx_with_values_as_typed(staff_client, workplan_2012):
    url = reverse("admin:workplan_activity_export")
    form = staff_client.get(url).context["form"]
    data = {"format": XLSX, "resource": "0"}
    data.update({name: "on" for name in form.fields if name.startswith("activityresource_")})
    response = staff_client.post(url, data)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    header = rows[0]
    row = dict(
        zip(header, next(r for r in rows[1:] if r[header.index("Code")] == "1.4"), strict=True)
    )
    assert row["Work plan"] == "2012-2014"
    assert Decimal(str(row["Budget minimum (US$)"])) == Decimal("45000")
    assert len(rows) == 15


def test_contribution_earmarked_needs_activity(staff_client, workplan_2012):
    url = reverse("admin:workplan_contribution_add")
    response = staff_client.post(
        url,
        {
            "workplan": workplan_2012.pk,
            "donor": "Germany",
            "amount_usd": "20000",
            "state": "pledged",
            "kind": "earmarked",
            "activity": "",
            "date": "2012-05-01",
            "note": "",
            "version": "",
        },
    )
    assert response.status_code == 200
    assert "An earmarked contribution needs an activity." in response.content.decode()
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "nfp_kenya", "stc"])
def test_admin_closed_to_non_staff(client, workplan_2012, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:workplan_activity_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_import_contributions_earmarked_and_core(staff_client, workplan_2012):
    upload = io.BytesIO(
        b"workplan,donor,donor_country,amount_usd,state,kind,activity,date\n"
        b"2012-2014,Germany,DE,45000,received,earmarked,1.4,2012-06-01\n"
        b"2012-2014,Norway,NO,10000,pledged,core,,2012-07-01\n"
    )
    upload.name = "contributions.csv"
    url = reverse("admin:workplan_contribution_import")
    response = staff_client.post(url, {"import_file": upload, "format": CSV, "resource": "0"})
    confirm = _context(response, "confirm_form")
    assert confirm is not None, response.content.decode()[-3000:]
    staff_client.post(reverse("admin:workplan_contribution_process_import"), confirm.initial)
    imported = Contribution.objects.for_workplan(workplan_2012).values_list("state", "amount_usd")
    assert sorted(imported) == [("pledged", Decimal("10000")), ("received", Decimal("45000"))]
    assert Contribution.objects.get(donor="Germany").activity.code == "1.4"


def test_import_contribution_to_unknown_activity_writes_nothing(staff_client, workplan_2012):
    upload = io.BytesIO(
        b"workplan,donor,donor_country,amount_usd,state,kind,activity,date\n"
        b"2012-2014,Germany,DE,45000,received,earmarked,7.7,2012-06-01\n"
    )
    upload.name = "contributions.csv"
    url = reverse("admin:workplan_contribution_import")
    response = staff_client.post(url, {"import_file": upload, "format": CSV, "resource": "0"})
    assert _context(response, "confirm_form") is None
    assert "No activity &#x27;7.7&#x27; in work plan &#x27;2012-2014&#x27;." in (
        response.content.decode()
    )
    assert not Contribution.objects.exists()


def test_sector_is_edited_in_the_activity_form(staff_client, workplan_2012):
    activity = Activity.objects.get(code="3.1")
    html = staff_client.get(reverse("admin:workplan_activity_change", args=[activity.pk]))
    html = html.content.decode()
    assert 'name="sector"' in html and "41081 Environmental education/training" in html
    filtered = staff_client.get(reverse("admin:workplan_activity_changelist"), {"sector": "41081"})
    assert sorted(a.code for a in filtered.context["cl"].result_list) == [
        "1.3", "1.4", "1.6", "2.3", "2.4"
    ]  # fmt: skip
