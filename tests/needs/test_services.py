import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.formats import date_format

from needs import services
from needs.models import CountryResponse, TrainingNeed
from tests.needs.conftest import ANSWERS, need

Status = CountryResponse.Status


def _draft(round_, country, user, lookups, needs=None):
    return services.response_save_draft(
        assessment_round=round_,
        country=country,
        user=user,
        answers=ANSWERS,
        needs=[need(lookups)] if needs is None else needs,
    )


def test_draft_can_be_saved_again_and_again_without_a_second_response(
    open_round, kenya, nfp_kenya, lookups
):
    first = _draft(open_round, kenya, nfp_kenya, lookups).needs.get()
    response = _draft(
        open_round, kenya, nfp_kenya, lookups, [need(lookups, id=first.pk), need(lookups, "topic2")]
    )
    assert CountryResponse.objects.count() == 1
    assert response.status == Status.DRAFT
    assert response.updated_by == nfp_kenya
    assert response.needs.count() == 2


def test_saving_the_same_rows_again_updates_them_in_place(open_round, kenya, nfp_kenya, lookups):
    response = _draft(open_round, kenya, nfp_kenya, lookups)
    row = response.needs.get()
    _draft(open_round, kenya, nfp_kenya, lookups, [need(lookups, id=row.pk, priority=2)])
    row.refresh_from_db()
    assert row.priority == 2
    assert TrainingNeed.objects.count() == 1


def test_submit_records_who_and_when_and_locks(open_round, kenya, nfp_kenya, lookups):
    _draft(open_round, kenya, nfp_kenya, lookups)
    response = services.response_submit(
        assessment_round=open_round, country=kenya, user=nfp_kenya, submission_key=uuid.uuid4()
    )
    assert response.status == Status.SUBMITTED
    assert response.submitted_by == nfp_kenya and response.submitted_at
    with pytest.raises(ValidationError, match="read-only"):
        _draft(open_round, kenya, nfp_kenya, lookups)


def test_submit_twice_with_the_same_key_returns_the_same_response(
    open_round, kenya, nfp_kenya, lookups
):
    key = uuid.uuid4()
    kwargs = {
        "assessment_round": open_round,
        "country": kenya,
        "user": nfp_kenya,
        "submission_key": key,
        "answers": ANSWERS,
        "needs": [need(lookups)],
    }
    first = services.response_submit(**kwargs)
    second = services.response_submit(**kwargs)
    assert first.pk == second.pk
    assert second.submitted_at == first.submitted_at
    assert CountryResponse.objects.count() == 1 and TrainingNeed.objects.count() == 1


def test_submit_from_another_tab_is_refused_with_who_submitted(
    open_round, kenya, nfp_kenya, lookups
):
    _draft(open_round, kenya, nfp_kenya, lookups)
    services.response_submit(
        assessment_round=open_round, country=kenya, user=nfp_kenya, submission_key=uuid.uuid4()
    )
    with pytest.raises(ValidationError, match="already submitted.*nfp_ke"):
        services.response_submit(
            assessment_round=open_round, country=kenya, user=nfp_kenya, submission_key=uuid.uuid4()
        )


def test_submit_without_needs_is_refused_and_changes_nothing(open_round, kenya, nfp_kenya):
    with pytest.raises(ValidationError, match="at least one training need"):
        services.response_submit(
            assessment_round=open_round, country=kenya, user=nfp_kenya, answers=ANSWERS, needs=[]
        )
    assert not CountryResponse.objects.exists()


def test_closed_round_refuses_changes_with_the_closing_date(
    closed_round, kenya, nfp_kenya, lookups
):
    closed = date_format(closed_round.closes_on)  # the reader's date format, never ISO
    with pytest.raises(ValidationError, match=f"closed on {closed}"):
        _draft(closed_round, kenya, nfp_kenya, lookups)
    assert not CountryResponse.objects.exists()


def test_returned_response_can_be_edited_and_submitted_again(
    open_round, kenya, nfp_kenya, secretariat, lookups
):
    _draft(open_round, kenya, nfp_kenya, lookups)
    response = services.response_submit(
        assessment_round=open_round, country=kenya, user=nfp_kenya, submission_key=uuid.uuid4()
    )
    response = services.response_return(
        response=response, user=secretariat, reason="Add the trainee numbers."
    )
    assert response.status == Status.RETURNED
    assert response.return_reason == "Add the trainee numbers."
    response = _draft(open_round, kenya, nfp_kenya, lookups)
    assert response.status == Status.RETURNED
    response = services.response_submit(
        assessment_round=open_round, country=kenya, user=nfp_kenya, submission_key=uuid.uuid4()
    )
    assert response.status == Status.SUBMITTED


def test_return_needs_a_reason(open_round, kenya, nfp_kenya, secretariat, lookups):
    _draft(open_round, kenya, nfp_kenya, lookups)
    response = services.response_submit(assessment_round=open_round, country=kenya, user=nfp_kenya)
    with pytest.raises(ValidationError):
        services.response_return(response=response, user=secretariat, reason="  ")


def test_a_draft_cannot_be_returned(open_round, kenya, nfp_kenya, secretariat, lookups):
    response = _draft(open_round, kenya, nfp_kenya, lookups)
    with pytest.raises(ValidationError, match="Only a submitted"):
        services.response_return(response=response, user=secretariat, reason="x")


def test_nfp_can_ask_to_reopen_with_a_reason(open_round, kenya, nfp_kenya, lookups):
    _draft(open_round, kenya, nfp_kenya, lookups)
    response = services.response_submit(assessment_round=open_round, country=kenya, user=nfp_kenya)
    response = services.response_request_reopen(
        response=response, user=nfp_kenya, reason="We forgot a need."
    )
    assert response.reopen_requested
    assert response.reopen_requested_by == nfp_kenya


def test_another_focal_point_of_the_country_continues_the_same_draft(
    open_round, kenya, nfp_kenya, lookups, django_user_model
):
    from django.contrib.auth.models import Group

    from workplan import roles
    from workplan.models import FocalPoint

    alternate = django_user_model.objects.create_user("alt_ke", password="x")
    alternate.groups.add(Group.objects.get(name=roles.NFP))
    FocalPoint.objects.create(user=alternate, country=kenya, is_main=False)
    _draft(open_round, kenya, nfp_kenya, lookups)
    response = services.response_submit(assessment_round=open_round, country=kenya, user=alternate)
    assert response.submitted_by == alternate and response.updated_by == alternate
    assert CountryResponse.objects.count() == 1
    # The audit history keeps the draft by one focal point and the submission by the other.
    changed_by = list(response.history.values_list("updated_by", flat=True))
    assert changed_by[0] == alternate.pk and nfp_kenya.pk in changed_by


def test_database_refuses_a_second_response_for_the_same_country(open_round, kenya):
    CountryResponse.objects.create(round=open_round, country=kenya)
    with pytest.raises(IntegrityError):
        CountryResponse.objects.create(round=open_round, country=kenya)


def test_priority_outside_1_to_5_is_refused(open_round, kenya, nfp_kenya, lookups):
    with pytest.raises(ValidationError) as error:
        _draft(open_round, kenya, nfp_kenya, lookups, [need(lookups, priority=9)])
    assert "priority" in error.value.message_dict


def test_programme_from_needs_of_one_country_is_national(open_round, kenya, nfp_kenya, lookups):
    _draft(open_round, kenya, nfp_kenya, lookups, [need(lookups, scope="national")])
    services.response_submit(assessment_round=open_round, country=kenya, user=nfp_kenya)
    programme = services.programme_create_from_needs(needs=TrainingNeed.objects.all())
    assert programme.scope == "national" and programme.country == kenya
    assert programme.needs.count() == 1
    assert [code for code, _label, done in programme.steps_reached() if done] == ["1.1"]


def test_programme_from_needs_of_two_regions_is_regional(
    open_round, kenya, peru, nfp_kenya, nfp_peru, lookups
):
    for country, user in ((kenya, nfp_kenya), (peru, nfp_peru)):
        _draft(open_round, country, user, lookups)
        services.response_submit(assessment_round=open_round, country=country, user=user)
    programme = services.programme_create_from_needs(needs=TrainingNeed.objects.all())
    assert programme.scope == "regional" and programme.country is None and programme.region == ""


def test_programme_refuses_needs_of_a_draft(open_round, kenya, nfp_kenya, lookups):
    _draft(open_round, kenya, nfp_kenya, lookups)
    with pytest.raises(ValidationError, match="submitted"):
        services.programme_create_from_needs(needs=TrainingNeed.objects.all())
