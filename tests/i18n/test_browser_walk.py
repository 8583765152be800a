"""In real Chromium, in French and then in Spanish, a reader walks the site as users do.

The public plan, an activity, login, the NFP survey (fill, save, submit), a questionnaire, the
Standing Committee dashboard and the report. On each page the visible text is collected and
the walk fails on any English message of the catalogues shown untranslated, on any ISO date
in the text, and on a navbar that wraps or a language selector that is cut.
"""

import re
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import timezone, translation

from evaluation.models import Answer, Question, Questionnaire
from needs import models as needs_models
from needs.lookups import NAMES as LOOKUP_NAMES
from needs.models import AssessmentRound, CountryResponse, Language, TrainingTopic
from tests.conftest import PASSWORD
from workplan.models import Activity, UserProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = Path(settings.BASE_DIR)
CATALOGUES = [
    BASE / "locale",
    *(BASE / app / "locale" for app in ("needs", "handbook", "evaluation")),
]
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")

# The visible text of the page, leaving out what is marked as being in another language
# (an English fallback carries lang="en" and a badge saying so; the selector's own options).
VISIBLE_TEXT = """(language) => {
  const hidden = [];
  // The selector names each language in itself ("English", "français", "español").
  for (const el of document.body.querySelectorAll("[lang], .language-form")) {
    if (el.matches(".language-form") || (el.lang && el.lang !== language)) {
      hidden.push([el, el.style.getPropertyValue("display")]);
      el.style.setProperty("display", "none", "important");  // over Bootstrap's d-flex
    }
  }
  const text = document.body.innerText;
  for (const [el, display] of hidden) el.style.setProperty("display", display);
  return text;
}"""
SELECTOR_FITS = """() => {
  const select = document.querySelector("select[name=language]");
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const text = context.measureText(select.options[select.selectedIndex].text).width;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return text + padding <= select.clientWidth + 1;
}"""


def _english_messages(language):
    """The catalogue's English messages that read differently in the language: whole ones, and
    patterns for those with placeholders (at least two words of their own)."""
    whole, patterns, translations = set(), [], set()
    for folder in CATALOGUES:
        for entry in polib.pofile(str(folder / language / "LC_MESSAGES" / "django.po")):
            if entry.obsolete or entry.msgid_plural or not entry.msgstr:
                continue
            msgid = entry.msgid.strip()
            # What Django shows is the merged catalogue's translation (the project's first).
            with translation.override(language):
                shown = translation.gettext(entry.msgid).strip()
            translations.add(shown.lower())
            if shown == msgid or not re.search(r"[A-Za-z]{3}", msgid):
                continue
            if PLACEHOLDER.search(msgid):
                literal = PLACEHOLDER.sub(" ", msgid)
                if len(re.findall(r"[A-Za-z]{2,}", literal)) >= 2:
                    parts = [re.escape(part) for part in PLACEHOLDER.split(msgid)[::2]]
                    patterns.append(re.compile(".+?".join(parts).replace("%%", "%")))
            else:
                whole.add(msgid)
    # A word that is also the translation of another message ("Note" for "note") proves
    # nothing: leave it out.
    return {m for m in whole if m.lower() not in translations}, patterns


def _problems(text, whole, patterns):
    found = [f"ISO date {date!r}" for date in ISO_DATE.findall(text)]
    for segment in (s.strip() for s in re.split(r"[\n\t]", text)):
        if not segment:
            continue
        bare = segment.rstrip(":.*").strip()
        if {segment, bare} & whole or any(p.fullmatch(segment) for p in patterns):
            found.append(f"untranslated {segment!r}")
    return found


class Walk:
    def __init__(self, page, base_url, language):
        self.page, self.base_url, self.language = page, base_url, language
        self.whole, self.patterns = _english_messages(language)
        self.problems = {}

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.check(path)

    def check(self, name):
        page = self.page
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == self.language, name
        text = page.evaluate(VISIBLE_TEXT, self.language)
        problems = _problems(text, self.whole, self.patterns)
        nav = page.locator("nav.navbar").bounding_box()
        if nav["height"] > 72:  # one line of links: about 66 px
            problems.append(f"navbar wraps ({nav['height']:.0f} px high)")
        if not page.evaluate(SELECTOR_FITS):
            problems.append("language selector cut")
        if problems:
            self.problems[name] = problems


def _log_in(page, base_url, user, next_path="/"):
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def content(workplan_2012):
    """What the walk reads, in the three languages: the plan (loaded), lookups, a round and a
    questionnaire for Kenya's focal point."""
    today = timezone.localdate()
    # The seeded lists, made again in three languages if a flush removed them.
    codes = {"English": "en", "French": "fr", "Spanish": "es", "Arabic": "ar", "Russian": "ru"}
    codes |= {"Portuguese": "pt", "Chinese": "zh"}
    for model_name, names in LOOKUP_NAMES.items():
        model = getattr(needs_models, model_name)
        for order, (english, (french, spanish)) in enumerate(names.items(), start=1):
            extra = {"code": codes[english]} if model is Language else {}
            model.objects.update_or_create(
                name_en=english,
                defaults={"name_fr": french, "name_es": spanish, "order": order, **extra},
            )
    assessment_round = AssessmentRound.objects.create(
        workplan=workplan_2012,
        title_en="Training needs assessment 2013",
        title_fr="Évaluation des besoins de formation 2013",
        title_es="Evaluación de las necesidades de formación 2013",
        instructions_en="List your country's training needs by priority and urgency.",
        instructions_fr="Indiquez les besoins de formation de votre pays par ordre de priorité.",
        instructions_es="Indique las necesidades de formación de su país por orden de prioridad.",
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=20),
    )
    questionnaire = Questionnaire.objects.create(
        title_en="Regional training evaluation",
        title_fr="Évaluation de la formation régionale",
        title_es="Evaluación de la formación regional",
        purpose=Questionnaire.Purpose.TRAINING_IMPACT,
        activity=Activity.objects.get(strand__workplan=workplan_2012, code="1.4"),
        audience=Questionnaire.Audience.NFPS,
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=7),
    )
    Question.objects.create(
        questionnaire=questionnaire,
        order=1,
        kind=Question.Kind.RATING,
        text_en="How useful were the training materials?",
        text_fr="Quelle a été l'utilité des supports de formation ?",
        text_es="¿Qué utilidad tuvieron los materiales de formación?",
    )
    Question.objects.create(
        questionnaire=questionnaire,
        order=2,
        kind=Question.Kind.SINGLE,
        text_en="Which format suits your country best?",
        text_fr="Quel format convient le mieux à votre pays ?",
        text_es="¿Qué formato se adapta mejor a su país?",
        choices_en="Regional workshop\nNational workshop\nOnline",
        choices_fr="Atelier régional\nAtelier national\nEn ligne",
        choices_es="Taller regional\nTaller nacional\nEn línea",
    )
    return {"round": assessment_round, "questionnaire": questionnaire}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_walk_reads_wholly_in_the_language(page, live_server, language, content, nfp_kenya, stc):
    page.set_viewport_size({"width": 1366, "height": 900})
    walk = Walk(page, live_server.url, language)
    topic = TrainingTopic.objects.get(name_en="National reporting to CMS")
    lookups = {
        "training_type": needs_models.TrainingType.objects.get(name_en="Regional workshop"),
        "target_group": needs_models.TargetGroup.objects.get(name_en="National Focal Points"),
        "language": Language.objects.get(code="fr"),
    }

    # Anyone: the public plan, in the language chosen with the selector.
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.select_option("select[name=language]", language)
    walk.check("public plan")
    walk.goto("/workplans/2012-2014/activities/1.4/")
    with translation.override(language):
        title = Activity.objects.get(code="1.4", strand__workplan__slug="2012-2014").title
    assert title in page.locator("h1").inner_text()

    # The focal point logs in: the language chosen before is recorded as theirs.
    walk.goto("/accounts/login/?next=/needs/")
    page.fill("input[name=username]", nfp_kenya.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    walk.check("my country")
    assert UserProfile.objects.get(user=nfp_kenya).language == language

    # The survey: fill, save a draft, submit.
    page.click(f"a[href$='/rounds/{content['round'].pk}/response/']")
    walk.check("survey")
    page.fill("textarea[name=existing_capacities]", "Kenya Wildlife Service training school.")
    page.fill("textarea[name=constraints_and_gaps]", "Too few staff trained in bird monitoring.")
    page.click("[data-need-add]")
    page.select_option("#id_needs-0-topic", str(topic.pk))
    page.fill("#id_needs-0-priority", "5")
    page.select_option("#id_needs-0-urgency", "3")
    page.select_option("#id_needs-0-scope", "regional")
    page.select_option("#id_needs-0-training_type", str(lookups["training_type"].pk))
    page.select_option("#id_needs-0-target_group", str(lookups["target_group"].pk))
    page.select_option("#id_needs-0-language", str(lookups["language"].pk))
    page.fill("#id_needs-0-expected_trainees", "30")
    page.click("button[name=save]")
    walk.check("survey saved")
    assert page.locator(".alert-success, .alert-info").count(), "the draft was not saved"
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button[name=submit]")
    page.wait_for_selector("#lock-reason")
    walk.check("survey submitted")
    assert CountryResponse.objects.get().status == CountryResponse.Status.SUBMITTED

    # A questionnaire: the questions and options in the language, answered and submitted.
    walk.goto(f"/evaluation/questionnaires/{content['questionnaire'].pk}/")
    form_text = page.locator("main form").inner_text()
    rating, choice = content["questionnaire"].questions.order_by("order")
    with translation.override(language):
        for question in (rating, choice):
            assert question.text in form_text
            for _value, label in question.choice_labels:
                assert label in form_text
    page.check(f"input[name=q{rating.pk}][value='4']")
    page.check(f"input[name=q{choice.pk}][value='Online']")  # shown as "En ligne"
    page.click("button[name=submit]")
    walk.check("questionnaire submitted")
    # The answer keeps the English option, whatever language the respondent read.
    assert Answer.objects.get(question=choice).text == "Online"

    # The Standing Committee reads the dashboard and the report.
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    _log_in(page, live_server.url, stc, "/evaluation/dashboard/")
    walk.check("dashboard")
    walk.goto("/evaluation/report/")

    assert not walk.problems, "\n".join(
        f"{name}: {'; '.join(problems)}" for name, problems in walk.problems.items()
    )


@pytest.mark.parametrize("language", ["fr", "es"])
def test_nothing_is_cut_on_a_phone(page, live_server, language, content):
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    for path in ("/", "/workplans/2012-2014/activities/1.4/", "/accounts/login/"):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide in {language}"
        page.click(".navbar-toggler")
        page.wait_for_selector("select[name=language]", state="visible")
        assert page.evaluate(SELECTOR_FITS), f"language selector cut on {path}"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_secretariat_s_longer_menu_holds_on_a_desktop(
    page, live_server, language, content, secretariat
):
    """Six links (trainings, needs, handbook, dashboard, administration) in French or Spanish:
    one line at 1366 and 1440 px, the selector whole, and no page wider than the window where
    the menu folds (1100 px)."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    _log_in(page, live_server.url, secretariat)
    for width in (1366, 1440, 1100):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/")
        assert page.locator("a.nav-link[href='/admin/']").count() == 1
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{width} px: the page is {scroll_width} px wide"
        if width >= 1200:
            height = page.locator("nav.navbar").bounding_box()["height"]
            assert height <= 72, f"{width} px: the navbar is {height:.0f} px high"
            assert page.evaluate(SELECTOR_FITS), f"{width} px: language selector cut"
