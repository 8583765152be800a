"""Training events from a spreadsheet, through the admin's import: preview, confirm, history,
a bad row named and nothing written, and a query count that does not grow with the rows."""

import io
import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
import tablib
from django.contrib.admin.models import ADDITION, LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from needs.models import Language, TrainingEvent, TrainingProgramme
from needs.resources import TrainingEventResource
from workplan.models import Country, Region

XLSX = "1"  # IMPORT_EXPORT_FORMATS = [CSV, XLSX]
HEADERS = [
    "programme",
    "kind",
    "title",
    "country",
    "region",
    "city",
    "start_date",
    "end_date",
    "language",
    "trainees_women",
    "trainees_men",
    "trainees_other",
    "participating_countries",
    "trainers",
    "estimated_cost",
    "actual_cost",
]


@pytest.fixture
def places(db, kenya, peru):
    tanzania = Country.objects.get_or_create(
        iso2="TZ", defaults={"name": "Tanzania", "region": Region.AFRICA, "is_party": True}
    )[0]
    return {"KE": kenya, "PE": peru, "TZ": tanzania}


@pytest.fixture
def programme(workplan):
    return TrainingProgramme.objects.create(
        title="Bycatch in East Africa", workplan=workplan, scope="regional", region="africa"
    )


@pytest.fixture
def french(db):
    return Language.objects.get_or_create(code="fr", defaults={"name": "French"})[0]


def _row(programme, n, country="KE", **extra):
    start = date(2013, 3, 4) + timedelta(days=7 * (n % 50))
    row = {
        "programme": programme.pk,
        "kind": "regional",
        "title": f"Regional training {n}",
        "country": country,
        "region": "africa",
        "city": "Nairobi",
        "start_date": start,
        "end_date": start + timedelta(days=3),
        "language": "fr",
        "trainees_women": 14,
        "trainees_men": 12,
        "trainees_other": 1,
        "participating_countries": "KE|TZ",
        "trainers": "A. Trainer\nB. Trainer",
        "estimated_cost": Decimal("60000.00"),
        "actual_cost": Decimal("58250.50"),
    }
    row.update(extra)
    return row


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row[name] for name in HEADERS])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "events.xlsx"
    return out


def _preview(client, rows):
    return client.post(
        reverse("admin:needs_trainingevent_import"),
        {"import_file": _xlsx(rows), "format": XLSX, "resource": "0"},
    )


def _confirm_form(response):
    for context in response.context:
        for layer in context.dicts:
            if "confirm_form" in layer:
                return layer["confirm_form"]
    return None


def _import(client, rows):
    """Preview then confirm, as an officer does; the confirming response."""
    preview = _preview(client, rows)
    confirm = _confirm_form(preview)
    assert confirm is not None, preview.content.decode()[:2000]
    return client.post(reverse("admin:needs_trainingevent_process_import"), confirm.initial)


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


def test_import_previews_then_creates_events_with_their_links_and_history(
    staff, secretariat, places, programme, french
):
    rows = [_row(programme, 1), _row(programme, 2, country="PE", participating_countries="PE")]
    preview = _preview(staff, rows)
    html = preview.content.decode()
    assert "Regional training 1" in html and "KE|TZ" in html  # the preview shows the values
    assert not TrainingEvent.objects.exists()  # the preview is a dry run

    response = _import(staff, rows)
    assert response.status_code == 302
    first = TrainingEvent.objects.get(title="Regional training 1")
    assert first.programme == programme and first.country == places["KE"]
    assert first.language == french
    assert first.trainees_total == 27 and first.actual_cost == Decimal("58250.50")
    assert set(first.participating_countries.values_list("iso2", flat=True)) == {"KE", "TZ"}
    second = TrainingEvent.objects.get(title="Regional training 2")
    assert second.country == places["PE"]
    assert list(second.participating_countries.all()) == [places["PE"]]
    records = TrainingEvent.history.all()
    assert records.count() == 2
    assert {(r.history_type, r.history_user) for r in records} == {("+", secretariat)}
    assert records.first().history_change_reason == "Imported from events.xlsx"
    # The admin's log names each event added (Django 5.1+: from the rows' instances).
    logged = LogEntry.objects.filter(action_flag=ADDITION, user=secretariat)
    assert sorted((int(e.object_id), e.object_repr) for e in logged) == sorted(
        (e.pk, str(e)) for e in TrainingEvent.objects.all()
    )


def test_unknown_country_names_row_and_column_and_writes_nothing(staff, places, programme, french):
    rows = [_row(programme, n) for n in range(1, 6)]
    rows[3]["country"] = "XX"
    response = _preview(staff, rows)
    assert _confirm_form(response) is None
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [4]
    # Named under the column's header, as the file shows it.
    assert result.invalid_rows[0].field_specific_errors == {
        "Host country (ISO code)": ["No country 'XX'."]
    }
    assert "No country &#x27;XX&#x27;." in response.content.decode()
    assert not TrainingEvent.objects.exists()
    assert not TrainingEvent.history.exists()


def test_unknown_participating_country_is_named_too(staff, places, programme, french):
    response = _preview(staff, [_row(programme, 1, participating_countries="KE|ZZ")])
    errors = response.context["result"].invalid_rows[0].field_specific_errors
    assert errors == {"Participating countries (ISO codes)": ["No country 'ZZ'."]}


def test_sizing_outside_the_plan_is_a_warning_not_a_refusal(staff, places, programme, french):
    long_one = _row(programme, 0, end_date=date(2013, 3, 13))  # 4 to 13 March: 10 days
    response = _import(staff, [long_one, _row(programme, 2)])
    shown = [str(m) for m in response.wsgi_request._messages]
    assert "Row 1: It lasts 10 days; the plan sizes a training at 3-4 days." in shown
    assert TrainingEvent.objects.count() == 2


def test_view_only_staff_cannot_import_events(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("admin:needs_trainingevent_import")).status_code == 403


def _queries_of_import(staff, programme, count):
    rows = [_row(programme, n) for n in range(count)]
    preview = _preview(staff, rows)
    confirm = _confirm_form(preview)
    with CaptureQueriesContext(connection) as queries:
        staff.post(reverse("admin:needs_trainingevent_process_import"), confirm.initial)
    return len(queries)


def _log_inserts(rows):
    fields = [f for f in LogEntry._meta.concrete_fields if not f.primary_key]
    return math.ceil(rows / connection.ops.bulk_batch_size(fields, [None] * rows))


def test_import_of_200_rows_runs_as_many_queries_as_50(staff, places, programme, french):
    # Session, user and permission reads; three lookup tables loaded once; per batch one insert
    # of events, one of history, one of participating countries; the sequence reset; one insert
    # of admin log entries. None of them per row.
    fifty = _queries_of_import(staff, programme, 50)
    two_hundred = _queries_of_import(staff, programme, 200)
    assert TrainingEvent.objects.count() == 250
    # PostgreSQL: both files are one batch and one insert of log entries, so the counts are
    # equal. SQLite caps a statement at 999 parameters: its batches are smaller (five more
    # statements for each extra one) and Django splits the log entries' insert.
    size = TrainingEventResource.batch_size_for(connection)
    extra_batches = math.ceil(200 / size) - math.ceil(50 / size)
    extra_log_inserts = _log_inserts(200) - _log_inserts(50)
    assert two_hundred == fifty + 5 * extra_batches + extra_log_inserts
    assert fifty <= 25 + 5 * math.ceil(50 / size)


def test_each_batch_costs_the_same_three_inserts(places, programme, french, secretariat):
    # Smaller batches, to see them: 200 rows are 10 batches of 20, 40 rows are two.
    class SmallBatches(TrainingEventResource):
        class Meta(TrainingEventResource.Meta):
            batch_size = 20

    def queries(count):
        rows = [_row(programme, n) for n in range(count)]
        dataset = tablib.Dataset(*[[r[h] for h in HEADERS] for r in rows], headers=HEADERS)
        with CaptureQueriesContext(connection) as captured:
            result = SmallBatches().import_data(dataset, dry_run=False, user=secretariat)
        assert not result.has_errors() and not result.has_validation_errors()
        return len(captured)

    two_batches, ten_batches = queries(40), queries(200)
    # Each batch: a savepoint, the inserts of events, history and participating countries, and
    # the savepoint's release.
    assert ten_batches - two_batches == 8 * 5
    assert TrainingEvent.history.filter(history_user=secretariat).count() == 240


def test_a_row_with_an_id_updates_that_event_with_history(staff, secretariat, places, programme):
    event = TrainingEvent.objects.create(
        programme=programme,
        kind="regional",
        title="Old title",
        start_date=date(2013, 1, 7),
        end_date=date(2013, 1, 10),
    )
    row = _row(programme, 1, title="New title", language="")
    dataset = tablib.Dataset([event.pk, *[row[h] for h in HEADERS]], headers=["id", *HEADERS])
    result = TrainingEventResource().import_data(dataset, dry_run=False, user=secretariat)
    assert not result.has_errors() and not result.has_validation_errors()
    event.refresh_from_db()
    assert event.title == "New title" and event.country == places["KE"]
    assert set(event.participating_countries.values_list("iso2", flat=True)) == {"KE", "TZ"}
    latest = event.history.first()
    assert latest.history_type == "~" and latest.history_user == secretariat


def test_export_round_trips_the_natural_keys(places, programme, french):
    event = TrainingEvent.objects.create(
        programme=programme,
        kind="tot",
        title="=HYPERLINK(1)",
        country=places["KE"],
        language=french,
        start_date=date(2013, 1, 7),
        end_date=date(2013, 1, 10),
    )
    event.participating_countries.set([places["TZ"], places["KE"]])
    exported = TrainingEventResource().export()
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert row["Programme (id)"] == programme.pk
    assert row["Programme title"] == "Bycatch in East Africa"
    assert row["Host country (ISO code)"] == "KE" and row["Language (code)"] == "fr"
    assert row["Participating countries (ISO codes)"] == "KE|TZ"
    assert row["Kind"] == "Training of trainers"  # the label, not the code
    assert row["Title"] == "'=HYPERLINK(1)"  # escaped for the spreadsheet


def _small_batches(size):
    class SmallBatches(TrainingEventResource):
        class Meta(TrainingEventResource.Meta):
            batch_size = size

    return SmallBatches


def _dataset(rows):
    return tablib.Dataset(*[[r[h] for h in HEADERS] for r in rows], headers=HEADERS)


def test_queries_grow_by_the_batch_never_by_the_row(
    places, programme, french, secretariat, django_assert_num_queries
):
    # Batches of 10: 15 and 11 rows are 2 batches, 45 rows 5. A batch of 10 rows and a batch of
    # one cost the same; three more batches cost three times a batch's five statements (its
    # savepoint, the inserts of events, history and participating countries, the release).
    # (A file that ends on a full batch costs two statements more: the library opens the
    # savepoint of its last, empty, batch.)
    resource = _small_batches(10)

    def run(count):
        rows = [_row(programme, n) for n in range(count)]
        result = resource().import_data(_dataset(rows), dry_run=False, user=secretariat)
        assert not result.has_errors() and not result.has_validation_errors()

    with CaptureQueriesContext(connection) as two_batches:
        run(15)
    fixed_and_two = len(two_batches)
    with django_assert_num_queries(fixed_and_two):
        run(11)
    with django_assert_num_queries(fixed_and_two + 3 * 5):
        run(45)
    assert TrainingEvent.objects.count() == 71
    assert TrainingEvent.history.count() == 71


def test_repeated_values_are_checked_on_every_row(places, programme, french, secretariat):
    # Each column's verdict on a value is remembered for the import: a bad value is refused on
    # every row that holds it, not only on the first.
    rows = [_row(programme, n) for n in range(6)]
    for n in (1, 4):
        rows[n]["country"] = "XX"
        rows[n]["title"] = "T" * 201
    result = TrainingEventResource().import_data(_dataset(rows), dry_run=True, user=secretariat)
    assert [row.number for row in result.invalid_rows] == [2, 5]
    for row in result.invalid_rows:
        assert set(row.error_dict) == {"country", "title"}
    assert not TrainingEvent.objects.exists()


def test_dry_run_writes_nothing_and_a_confirmed_import_makes_the_figures_stale(
    staff, places, programme, french, django_capture_on_commit_callbacks
):
    from workplan.cache import figures_generation

    before = figures_generation()
    with django_capture_on_commit_callbacks(execute=True):
        preview = _preview(staff, [_row(programme, 1), _row(programme, 2)])
    assert _confirm_form(preview) is not None
    assert not TrainingEvent.objects.exists() and not TrainingEvent.history.exists()
    assert figures_generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        _import(staff, [_row(programme, 1), _row(programme, 2)])
    assert TrainingEvent.objects.count() == 2
    assert figures_generation() != before


class _RowLoop(TrainingEventResource):
    """The same resource through the library's row loop (an overridden row hook turns the
    column-by-column import off)."""

    def before_import_row(self, row, **kwargs):
        return super().before_import_row(row, **kwargs)


def _written():
    events = TrainingEvent.objects.order_by("pk").prefetch_related("participating_countries")
    fields = [f.attname for f in TrainingEvent._meta.concrete_fields if not f.primary_key]
    return [
        (
            *(getattr(e, name) for name in fields),
            sorted(c.iso2 for c in e.participating_countries.all()),
            [(h.history_type, h.history_user_id, h.history_change_reason) for h in e.history.all()],
        )
        for e in events
    ]


def test_new_events_are_built_by_column_as_the_row_loop_builds_them(
    places, programme, french, secretariat, monkeypatch
):
    from needs.resources import event_columns

    taken = []
    by_column = event_columns.import_by_column
    monkeypatch.setattr(
        event_columns,
        "import_by_column",
        lambda *a, **k: taken.append(result := by_column(*a, **k)) or result,
    )
    rows = [_row(programme, n, country="KE" if n % 3 else "PE") for n in range(25)]
    rows[2].update(end_date=rows[2]["start_date"] + timedelta(days=9), trainees_men=40)
    rows[5].update(language="", participating_countries="", trainers="", actual_cost=None)
    rows[7].update(kind="Training of trainers", programme="")  # a label; no programme

    def run(resource):
        TrainingEvent.objects.all().delete()
        result = resource().import_data(
            _dataset(rows),
            dry_run=False,
            user=secretariat,
            file_name="events.xlsx",
            retain_instance_in_row_result=True,
        )
        assert not result.has_errors() and not result.has_validation_errors()
        written = _written()
        rows_seen = [(r.import_type, str(r.instance), r.instance.pk) for r in result.rows]
        pks = [e.pk for e in TrainingEvent.objects.order_by("pk")]
        return written, rows_seen, pks, dict(result.totals), result.sizing_warnings

    sized = _small_batches(10)  # 25 rows: three batches

    class SizedRowLoop(sized):
        def before_import_row(self, row, **kwargs):
            return super().before_import_row(row, **kwargs)

    by_row = run(SizedRowLoop)
    assert taken == []
    by_col = run(sized)
    assert len(taken) == 1 and taken[0] is not None  # this one went by column
    written_r, seen_r, pks_r, totals_r, warnings_r = by_row
    written_c, seen_c, pks_c, totals_c, warnings_c = by_col
    assert written_c == written_r and len(written_c) == 25
    assert [(t, name) for t, name, _pk in seen_c] == [(t, name) for t, name, _pk in seen_r]
    assert [pk for _t, _n, pk in seen_c] == pks_c
    assert totals_c == totals_r == {**totals_r, "new": 25}
    assert warnings_c == warnings_r and [n for n, _w in warnings_c] == [3, 3]


@pytest.mark.parametrize(
    "bad",
    [
        {"country": "XX"},
        {"title": "T" * 201},
        {"end_date": date(2013, 1, 1)},  # before its start
        {"estimated_cost": Decimal("-1")},
        {"participating_countries": "KE|ZZ"},
        {"kind": "webinar"},
    ],
)
def test_a_confirmed_file_with_a_bad_row_is_reported_as_the_row_loop_reports_it(
    places, programme, french, secretariat, bad
):
    # The admin previews first, so a bad row rarely reaches the real run; when it does, the
    # column path writes nothing and the row loop reports the row, as it always has.
    rows = [_row(programme, n) for n in range(6)]
    rows[4].update(bad)

    def run(resource):
        result = resource().import_data(_dataset(rows), dry_run=False, user=secretariat)
        errors = [(r.number, r.error_dict) for r in result.invalid_rows]
        written = TrainingEvent.objects.count()
        TrainingEvent.objects.all().delete()
        return errors, written

    by_column, by_row = run(TrainingEventResource), run(_RowLoop)
    assert by_column == by_row
    assert [number for number, _errors in by_column[0]] == [5]
