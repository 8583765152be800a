"""Building, copying and answering questionnaires: draft, submit once, read-only afterwards."""

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from evaluation import services
from evaluation.models import Answer, KnowledgeScore, Question, Questionnaire, Response
from tests.conftest import PASSWORD
from tests.evaluation.conftest import answers, form_data, questions
from workplan import roles
from workplan.models import FocalPoint


def test_choice_question_needs_two_choices(nfp_questionnaire):
    question = Question(
        questionnaire=nfp_questionnaire, order=9, text="Pick", kind=Question.Kind.SINGLE
    )
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    # The error is on the English options, the field the admin shows for them.
    assert "choices_en" in error.value.message_dict


def test_questionnaire_cannot_close_before_it_opens(activity_14, today):
    questionnaire = Questionnaire(
        title="x",
        purpose=Questionnaire.Purpose.PROGRESS,
        activity=activity_14,
        audience=Questionnaire.Audience.NFPS,
        opens_on=today,
        closes_on=today - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        questionnaire.full_clean()
    assert "closes_on" in error.value.message_dict


def test_copy_keeps_questions_in_order_and_no_responses(nfp_questionnaire, nfp_kenya, today):
    services.response_submit(
        questionnaire=nfp_questionnaire,
        user=nfp_kenya,
        answers=answers(nfp_questionnaire, rating_1_5=4, yes_no=True),
    )
    copy = services.questionnaire_copy(questionnaire=nfp_questionnaire, title="2013 evaluation")
    assert copy.pk != nfp_questionnaire.pk
    assert copy.title == "2013 evaluation"
    assert copy.copied_from == nfp_questionnaire
    assert copy.opens_on == today
    assert [(q.order, q.text, q.kind, q.choices) for q in copy.questions.all()] == [
        (q.order, q.text, q.kind, q.choices) for q in nfp_questionnaire.questions.all()
    ]
    assert copy.responses.count() == 0


def test_admin_copy_action(client, secretariat, nfp_questionnaire):
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:evaluation_questionnaire_changelist"),
        {"action": "copy_questionnaire", "_selected_action": [nfp_questionnaire.pk]},
    )
    assert response.status_code == 302
    assert Questionnaire.objects.filter(copied_from=nfp_questionnaire).count() == 1


def test_nfp_saves_a_draft_then_submits_once(client, nfp_kenya, nfp_questionnaire):
    client.force_login(nfp_kenya)
    url = reverse("evaluation:questionnaire-answer", args=[nfp_questionnaire.pk])
    response = client.post(url, {"save": "1", **form_data(nfp_questionnaire, rating_1_5="3")})
    assert response.status_code == 302
    draft = Response.objects.get()
    assert draft.status == Response.Status.DRAFT and draft.country.iso2 == "KE"
    page = client.get(url).content.decode()
    assert re.search(r'value="3"\s+id="[^"]+" checked', page)  # the draft's rating is kept

    data = form_data(
        nfp_questionnaire,
        draft.version,
        rating_1_5="5",
        yes_no="yes",
        single="French",
        multiple=["Policy", "Data"],
        number="12",
        text="More field work",
    )
    response = client.post(url, {"submit": "1", "submission_key": str(uuid.uuid4()), **data})
    submitted = Response.objects.get()
    assert response.status_code == 302 and response["Location"] == submitted.get_absolute_url()
    assert submitted.status == Response.Status.SUBMITTED
    values = {a.question.kind: a.value for a in submitted.answers.select_related("question")}
    assert values == {
        "rating_1_5": Decimal("5"),
        "yes_no": True,
        "single": "French",
        "multiple": ["Policy", "Data"],
        "number": Decimal("12"),
        "text": "More field work",
    }

    # Read-only afterwards: the form redirects to the response, a new POST changes nothing.
    assert client.get(url)["Location"] == submitted.get_absolute_url()
    client.post(url, {"submit": "1", **form_data(nfp_questionnaire, rating_1_5="1")})
    assert Answer.objects.get(question__kind="rating_1_5").number == 5
    detail = client.get(submitted.get_absolute_url()).content.decode()
    assert "More field work" in detail and "Submitted" in detail


def test_a_retried_submit_stores_one_response(client, nfp_kenya, nfp_questionnaire):
    client.force_login(nfp_kenya)
    url = reverse("evaluation:questionnaire-answer", args=[nfp_questionnaire.pk])
    data = {"submit": "1", "submission_key": str(uuid.uuid4())}
    data.update(form_data(nfp_questionnaire, rating_1_5="4", yes_no="no"))
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 2


def test_service_retry_with_same_key_returns_the_same_response(nfp_kenya, nfp_questionnaire):
    key = uuid.uuid4()
    values = answers(nfp_questionnaire, rating_1_5=4, yes_no=True)
    first = services.response_submit(
        questionnaire=nfp_questionnaire, user=nfp_kenya, answers=values, submission_key=key
    )
    again = services.response_submit(
        questionnaire=nfp_questionnaire, user=nfp_kenya, answers=values, submission_key=key
    )
    assert first.pk == again.pk and Response.objects.count() == 1
    with pytest.raises(services.ResponseRefused, match="already submitted"):
        services.response_submit(questionnaire=nfp_questionnaire, user=nfp_kenya, answers=values)


def test_submit_requires_the_required_questions(client, nfp_kenya, nfp_questionnaire):
    client.force_login(nfp_kenya)
    url = reverse("evaluation:questionnaire-answer", args=[nfp_questionnaire.pk])
    response = client.post(url, {"submit": "1", **form_data(nfp_questionnaire, rating_1_5="4")})
    assert response.status_code == 200
    assert "This question needs an answer." in response.content.decode()
    assert not Response.objects.filter(status=Response.Status.SUBMITTED).exists()


def test_closed_questionnaire_refuses_with_a_clear_message(
    client, nfp_kenya, nfp_questionnaire, today
):
    nfp_questionnaire.closes_on = today - timedelta(days=1)
    nfp_questionnaire.save()
    client.force_login(nfp_kenya)
    url = reverse("evaluation:questionnaire-answer", args=[nfp_questionnaire.pk])
    response = client.post(url, {"submit": "1", **form_data(nfp_questionnaire, rating_1_5="4")})
    assert response.status_code == 409
    html = response.content.decode()
    # In the reader's date format, never ISO.
    closed = date_format(today - timedelta(days=1))
    assert f"This questionnaire closed on {closed}" in html
    assert Response.objects.count() == 0


def test_two_nfps_of_one_country_share_one_response(
    django_user_model, nfp_kenya, kenya, nfp_questionnaire
):
    colleague = django_user_model.objects.create_user(username="nfp_ke2", password=PASSWORD)
    colleague.groups.add(*django_user_model.groups.rel.model.objects.filter(name=roles.NFP))
    FocalPoint.objects.create(user=colleague, country=kenya, is_main=False)
    services.response_save_draft(
        questionnaire=nfp_questionnaire,
        user=nfp_kenya,
        answers=answers(nfp_questionnaire, rating_1_5=2),
    )
    services.response_submit(
        questionnaire=nfp_questionnaire,
        user=colleague,
        answers=answers(nfp_questionnaire, rating_1_5=3, yes_no=False),
    )
    response = Response.objects.get()
    assert response.country == kenya and response.respondent == colleague
    assert response.answers.get(question__kind="rating_1_5").number == 3


def test_each_participant_answers_once_with_knowledge_scores(
    client, trainee, trainee2, participant_questionnaire
):
    url = reverse("evaluation:questionnaire-answer", args=[participant_questionnaire.pk])
    for user, gender in ((trainee, "woman"), (trainee2, "man")):
        client.force_login(user)
        data = form_data(participant_questionnaire, rating_1_5="4", yes_no="yes")
        data.update(submit="1", gender=gender, before="40", after="70")
        assert client.post(url, data).status_code == 302
    assert Response.objects.filter(country__isnull=True).count() == 2
    assert sorted(KnowledgeScore.objects.values_list("gender", flat=True)) == ["man", "woman"]


def test_participant_submit_without_scores_is_refused(client, trainee, participant_questionnaire):
    client.force_login(trainee)
    url = reverse("evaluation:questionnaire-answer", args=[participant_questionnaire.pk])
    data = {"submit": "1", **form_data(participant_questionnaire, rating_1_5="4", yes_no="yes")}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Give your gender and both scores." in response.content.decode()
    assert not Response.objects.filter(status="submitted").exists()


def test_bad_rating_is_refused_by_the_service(nfp_kenya, nfp_questionnaire):
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            questionnaire=nfp_questionnaire,
            user=nfp_kenya,
            answers=answers(nfp_questionnaire, rating_1_5=7, yes_no=True),
        )
    rating = questions(nfp_questionnaire)["rating_1_5"]
    assert error.value.message_dict[f"q{rating.pk}"] == ["Give a rating from 1 to 5."]
    assert Response.objects.filter(status="submitted").count() == 0


def test_questionnaire_list_shows_the_state_of_my_response(client, nfp_kenya, nfp_questionnaire):
    client.force_login(nfp_kenya)
    html = client.get(reverse("evaluation:questionnaire-list")).content.decode()
    assert "Regional training evaluation" in html and "Answer" in html
    services.response_save_draft(
        questionnaire=nfp_questionnaire,
        user=nfp_kenya,
        answers=answers(nfp_questionnaire, rating_1_5=2),
    )
    html = client.get(reverse("evaluation:questionnaire-list")).content.decode()
    assert "Continue your draft" in html


def test_a_training_evaluation_names_its_event_and_the_copy_keeps_it(
    client, secretariat, nfp_questionnaire
):
    needs = pytest.importorskip("needs.models")
    event = needs.TrainingEvent.objects.create(
        kind="regional",
        title="Nairobi regional training",
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
    )
    nfp_questionnaire.training_event = event
    nfp_questionnaire.save()
    copy = services.questionnaire_copy(questionnaire=nfp_questionnaire)
    assert copy.training_event == event
    client.force_login(secretariat)
    html = client.get(reverse("evaluation:questionnaire-results", args=[copy.pk])).content.decode()
    assert "Nairobi regional training" in html


def test_the_answer_form_speaks_french(client, nfp_kenya, nfp_questionnaire):
    client.force_login(nfp_kenya)
    url = reverse("evaluation:questionnaire-answer", args=[nfp_questionnaire.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Enregistrer le brouillon" in html and "Soumettre (définitif)" in html
