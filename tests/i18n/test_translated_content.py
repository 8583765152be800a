"""Content in three languages: the 2012-2014 plan, fallback to English marked as such,
questions and options, copies, the admin side by side, money and dates per language."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from evaluation import services as evaluation_services
from evaluation.models import Question, Questionnaire
from needs.models import AssessmentRound
from workplan.formats import money_format
from workplan.models import Activity, Strand, UserProfile
from workplan.services import WORKPLAN_2012_2014, workplan_load

pytestmark = pytest.mark.django_db
FRENCH = json.loads(WORKPLAN_2012_2014.with_suffix(".fr.json").read_text(encoding="utf-8"))
SPANISH = json.loads(WORKPLAN_2012_2014.with_suffix(".es.json").read_text(encoding="utf-8"))
ENGLISH = json.loads(WORKPLAN_2012_2014.read_text(encoding="utf-8"))
FIELDS = ("title", "responsibility", "methodology", "budget_text")


def _page(client, language, url):
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_the_plan_is_loaded_in_three_languages(workplan_2012):
    english = {a["code"]: a for s in ENGLISH["strands"] for a in s["activities"]}
    for activity in Activity.objects.filter(strand__workplan=workplan_2012):
        for field in FIELDS:
            # The English is the document's own words; French and Spanish are all there.
            assert getattr(activity, f"{field}_en") == english[activity.code][field]
            assert getattr(activity, f"{field}_fr") == FRENCH["activities"][activity.code][field]
            assert getattr(activity, f"{field}_es") == SPANISH["activities"][activity.code][field]
    for strand in Strand.objects.filter(workplan=workplan_2012):
        assert strand.title_fr == FRENCH["strands"][str(strand.number)]["title"]
        assert strand.objective_es == SPANISH["strands"][str(strand.number)]["objective"]
    assert workplan_2012.title_fr == FRENCH["workplan"]["title"]
    assert workplan_2012.adopted_by_es == SPANISH["workplan"]["adopted_by"]


def test_the_translations_cover_every_activity_and_strand():
    codes = {a["code"] for s in ENGLISH["strands"] for a in s["activities"]}
    for translated in (FRENCH, SPANISH):
        assert set(translated["activities"]) == codes
        assert all(all(t[f] for f in FIELDS) for t in translated["activities"].values())
        assert set(translated["strands"]) == {str(s["number"]) for s in ENGLISH["strands"]}


def test_loading_again_keeps_a_staff_edit_of_a_translation(workplan_2012):
    activity = Activity.objects.get(strand__workplan=workplan_2012, code="1.4")
    activity.title_fr = "Formations sur mesure dispensées (revu par le Secrétariat)"
    activity.save()
    _workplan, report = workplan_load()
    activity.refresh_from_db()
    assert activity.title_fr == "Formations sur mesure dispensées (revu par le Secrétariat)"
    assert report.translated == []


def test_the_public_pages_read_in_each_language(client, workplan_2012):
    url = reverse("workplan:activity-detail", args=["2012-2014", "1.4"])
    french = _page(client, "fr", url)
    assert FRENCH["activities"]["1.4"]["title"] in french
    assert "US$45\xa0000–US$90\xa0000 par formation régionale" in french
    assert "1 janvier 2012" in french
    spanish = _page(client, "es", url)
    assert SPANISH["activities"]["1.4"]["methodology"] in spanish
    assert "1 de enero de 2012" in spanish
    english = _page(client, "en", url)
    assert "US$45,000–US$90,000 per regional training" in english


def test_a_missing_translation_shows_the_english_marked_as_english(client, workplan_2012):
    activity = Activity.objects.get(strand__workplan=workplan_2012, code="1.4")
    activity.title_fr = ""
    activity.save()
    html = _page(client, "fr", activity.get_absolute_url())
    assert f'<span lang="en">{activity.title_en}</span>' in html
    assert "fallback-language" in html and ">Anglais</span>" in html
    # Spanish is translated: no badge there.
    assert "fallback-language" not in _page(client, "es", activity.get_absolute_url())


def test_the_survey_reads_in_the_language_of_the_focal_point(client, nfp_kenya, workplan_2012):
    today = timezone.localdate()
    closes = date(today.year + 1, 1, 28)
    AssessmentRound.objects.create(
        workplan=workplan_2012,
        title_en="Training needs assessment",
        title_fr="Évaluation des besoins de formation",
        instructions_en="List your needs.",
        instructions_es="Indique sus necesidades.",
        opens_on=today - timedelta(days=1),
        closes_on=closes,
    )
    UserProfile.objects.create(user=nfp_kenya, language="es")
    client.force_login(nfp_kenya)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    french = client.get(reverse("needs:my-country")).content.decode()
    assert "Évaluation des besoins de formation" in french
    assert f"28 janvier {closes.year}" in french and closes.isoformat() not in french
    # The instructions have no French yet: English, marked.
    assert '<span lang="en">List your needs.</span>' in french
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    spanish = client.get(reverse("needs:my-country")).content.decode()
    assert "Indique sus necesidades." in spanish
    assert f"28 de enero de {closes.year}" in spanish


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", Decimal("45000"), "US$45,000"),
        ("fr", Decimal("45000"), "US$45\xa0000"),
        ("es", Decimal("45000"), "US$45\xa0000"),
        ("fr", Decimal("1234.5"), "US$1\xa0234,50"),
        ("en", Decimal("1234.5"), "US$1,234.50"),
    ],
)
def test_money_in_each_language(language, value, expected):
    with translation.override(language):
        assert money_format(value) == expected


@pytest.fixture
def choice_question(activity_14, today):
    questionnaire = Questionnaire.objects.create(
        title_en="Evaluation",
        title_fr="Évaluation",
        purpose=Questionnaire.Purpose.TRAINING_IMPACT,
        activity=activity_14,
        audience=Questionnaire.Audience.NFPS,
        opens_on=today,
        closes_on=today + timedelta(days=7),
    )
    return Question.objects.create(
        questionnaire=questionnaire,
        order=1,
        kind=Question.Kind.SINGLE,
        text_en="Which format?",
        text_fr="Quel format ?",
        choices_en="Regional workshop\nOnline",
        choices_fr="Atelier régional\nEn ligne",
    )


@pytest.fixture
def activity_14(workplan_2012):
    return Activity.objects.get(strand__workplan=workplan_2012, code="1.4")


@pytest.fixture
def today():
    return timezone.localdate()


def test_options_show_in_the_reader_language_and_store_the_english(choice_question):
    with translation.override("fr"):
        assert choice_question.choice_labels == [
            ("Regional workshop", "Atelier régional"),
            ("Online", "En ligne"),
        ]
    with translation.override("es"):  # no Spanish: the English options
        assert choice_question.choice_labels == [
            ("Regional workshop", "Regional workshop"),
            ("Online", "Online"),
        ]


def test_a_translation_with_another_number_of_options_is_refused(choice_question):
    choice_question.choices_es = "Taller regional\nEn línea\nOtro"
    with pytest.raises(ValidationError) as error:
        choice_question.full_clean()
    assert "choices_es" in error.value.message_dict
    choice_question.refresh_from_db()
    assert choice_question.choices_es in ("", None)


def test_a_copy_keeps_every_language(choice_question):
    with translation.override("fr"):  # whatever language the Secretariat works in
        copy = evaluation_services.questionnaire_copy(questionnaire=choice_question.questionnaire)
    assert copy.title_en == "Evaluation (copy)"
    assert copy.title_fr == "Évaluation (copie)"
    question = copy.questions.get()
    assert (question.text_en, question.text_fr) == ("Which format?", "Quel format ?")
    assert question.choices_en == "Regional workshop\nOnline"
    assert question.choices_fr == "Atelier régional\nEn ligne"


def test_the_admin_edits_the_three_languages_side_by_side(client, secretariat, activity_14):
    client.force_login(secretariat)
    html = client.get(reverse("admin:workplan_activity_change", args=[activity_14.pk]))
    html = html.content.decode()
    for language in ("en", "fr", "es"):
        assert f'name="title_{language}"' in html
        assert f'name="methodology_{language}"' in html
    assert 'name="title"' not in html


def test_country_names_read_in_each_language(client, workplan_2012):
    from workplan.models import Country

    emirates = Country.objects.get(iso2="AE")
    names = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            names[language] = str(emirates)
    assert names == {
        "en": "United Arab Emirates",
        "fr": "Émirats arabes unis",
        "es": "Emiratos Árabes Unidos",
    }


def test_the_needs_analysis_names_topics_in_the_reader_language(kenya, workplan_2012):
    from needs.models import CountryResponse, TargetGroup, TrainingNeed, TrainingTopic, TrainingType
    from needs.models import Language as TrainingLanguage
    from needs.selectors import needs_analysis

    today = timezone.localdate()
    assessment_round = AssessmentRound.objects.create(
        workplan=workplan_2012,
        title_en="Needs",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=9),
    )
    response = CountryResponse.objects.create(
        round=assessment_round,
        country=kenya,
        status=CountryResponse.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    topic, _ = TrainingTopic.objects.update_or_create(
        name_en="Bycatch and fisheries interactions",
        defaults={"name_fr": "Prises accessoires et interactions avec les pêches", "name_es": ""},
    )
    TrainingNeed.objects.create(
        response=response,
        topic=topic,
        priority=4,
        urgency=3,
        scope="regional",
        training_type=TrainingType.objects.get_or_create(name_en="Regional workshop")[0],
        target_group=TargetGroup.objects.get_or_create(name_en="Local trainers")[0],
        language=TrainingLanguage.objects.get_or_create(code="fr", defaults={"name_en": "French"})[
            0
        ],
        expected_trainees=20,
    )
    for language, expected in (
        ("fr", "Prises accessoires et interactions avec les pêches"),
        ("es", "Bycatch and fisheries interactions"),  # no Spanish yet: English
    ):
        with translation.override(language):
            by_topic, regions = needs_analysis(TrainingNeed.objects.all())
        assert [row["topic__name"] for row in by_topic] == [expected]
        assert [row["topic__name"] for row in regions[0]["rows"]] == [expected]
