"""A form opened before someone else saved the answers cannot overwrite them, and a knowledge
score is saved whole or not at all."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.models import Answer, KnowledgeScore, Response
from tests.conftest import _user
from tests.evaluation.conftest import form_data
from tests.security.concurrent import message_texts
from workplan import roles
from workplan.models import FocalPoint

STALE = "Someone saved these answers since you opened the form"
SAVED = "Your draft has been saved."
PARTIAL = "a partial knowledge score cannot be saved"


def _url(questionnaire):
    return reverse("evaluation:questionnaire-answer", args=[questionnaire.pk])


def _loaded_version(client, questionnaire):
    """The version the answer page hands out in its hidden field, as a browser would keep it."""
    page = client.get(_url(questionnaire))
    return page.context["form"]["version"].value()


def _draft(questionnaire, version, **values):
    return {"save": "1", **form_data(questionnaire, version, **values)}


@pytest.fixture
def alternate_kenya(django_user_model, kenya):
    user = _user(django_user_model, "nfp_ke_alternate", roles.NFP)
    FocalPoint.objects.create(user=user, country=kenya, is_main=False)
    return user


def test_a_second_nfps_stale_draft_is_refused_and_the_first_answers_stay(
    client, nfp_kenya, alternate_kenya, nfp_questionnaire
):
    client.force_login(alternate_kenya)
    stale_version = _loaded_version(client, nfp_questionnaire)  # opened, left empty
    client.force_login(nfp_kenya)
    first = _loaded_version(client, nfp_questionnaire)
    saved = client.post(
        _url(nfp_questionnaire), _draft(nfp_questionnaire, first, rating_1_5="4", text="Keep")
    )
    assert message_texts(saved) == [SAVED]

    client.force_login(alternate_kenya)
    refused = client.post(_url(nfp_questionnaire), _draft(nfp_questionnaire, stale_version))

    assert refused.status_code == 409
    assert STALE in refused.content.decode()
    assert "Nothing of yours was saved" in refused.content.decode()
    kinds = {a.question.kind: a for a in Answer.objects.select_related("question")}
    assert kinds["rating_1_5"].number == Decimal("4")
    assert kinds["text"].text == "Keep"


def test_a_stale_second_tab_cannot_overwrite_or_submit_over_the_first(
    client, nfp_kenya, nfp_questionnaire
):
    client.force_login(nfp_kenya)
    tab_one = _loaded_version(client, nfp_questionnaire)
    tab_two = _loaded_version(client, nfp_questionnaire)
    client.post(_url(nfp_questionnaire), _draft(nfp_questionnaire, tab_one, text="First tab"))

    draft = client.post(_url(nfp_questionnaire), _draft(nfp_questionnaire, tab_two, text="Old"))
    submit = client.post(
        _url(nfp_questionnaire),
        {"submit": "1", **_draft(nfp_questionnaire, tab_two, rating_1_5="2", yes_no="no")},
    )

    assert draft.status_code == submit.status_code == 409
    assert STALE in submit.content.decode()
    response = Response.objects.get()
    assert not response.is_submitted
    assert [a.text for a in response.answers.all()] == ["First tab"]


def test_a_reloaded_form_saves_again(client, nfp_kenya, nfp_questionnaire):
    client.force_login(nfp_kenya)
    version = _loaded_version(client, nfp_questionnaire)
    client.post(_url(nfp_questionnaire), _draft(nfp_questionnaire, version, text="One"))
    version = _loaded_version(client, nfp_questionnaire)
    again = client.post(_url(nfp_questionnaire), _draft(nfp_questionnaire, version, text="Two"))
    assert message_texts(again) == [SAVED]
    assert Answer.objects.get().text == "Two"


def _knowledge_draft(client, questionnaire, **scores):
    version = _loaded_version(client, questionnaire)
    return client.post(_url(questionnaire), {**_draft(questionnaire, version), **scores})


def test_a_partial_knowledge_score_is_a_form_error_and_nothing_is_saved(
    client, trainee, participant_questionnaire
):
    client.force_login(trainee)
    page = _knowledge_draft(
        client, participant_questionnaire, gender="woman", before="40", text="Saved?"
    )

    assert page.status_code == 200
    assert PARTIAL in page.content.decode()
    assert SAVED not in page.content.decode()
    assert not KnowledgeScore.objects.exists()
    assert not Answer.objects.exists()  # the whole draft rolled back


def test_editing_one_score_while_another_is_blank_keeps_the_stored_score(
    client, trainee, participant_questionnaire
):
    client.force_login(trainee)
    _knowledge_draft(client, participant_questionnaire, gender="man", before="30", after="60")
    page = _knowledge_draft(client, participant_questionnaire, gender="man", after="90")

    assert PARTIAL in page.content.decode()
    score = KnowledgeScore.objects.get()
    assert (score.before, score.after) == (Decimal("30"), Decimal("60"))


def test_clearing_all_three_knowledge_fields_removes_the_score(
    client, trainee, participant_questionnaire
):
    client.force_login(trainee)
    _knowledge_draft(client, participant_questionnaire, gender="man", before="30", after="60")
    cleared = _knowledge_draft(client, participant_questionnaire, gender="", before="", after="")

    assert message_texts(cleared) == [SAVED]
    assert not KnowledgeScore.objects.exists()


@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_post_without_a_version_is_refused_as_stale_and_changes_nothing(
    client, nfp_kenya, nfp_questionnaire, action
):
    client.force_login(nfp_kenya)
    version = _loaded_version(client, nfp_questionnaire)
    client.post(_url(nfp_questionnaire), _draft(nfp_questionnaire, version, text="Kept"))
    stored = Response.objects.get()
    data = {
        action: "1",
        "submission_key": str(uuid.uuid4()),
        **form_data(nfp_questionnaire, None, rating_1_5="2", yes_no="no", text="Sent bare"),
    }
    assert "version" not in data
    refused = client.post(_url(nfp_questionnaire), data)
    assert refused.status_code == 409
    assert STALE in refused.content.decode()
    response = Response.objects.get()
    assert not response.is_submitted and response.version == stored.version
    assert [a.text for a in response.answers.all()] == ["Kept"]
