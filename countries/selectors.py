"""A country's story, read through each app's selectors (workplan <- needs <- handbook,
evaluation); this app has no models and writes nothing.

Who may read a profile is decided here, once: the Secretariat, the committees, and that
country's focal points. Anyone else gets 404, as for any object outside their scope.
"""

from django.http import Http404

from evaluation.selectors import scores as invitation_scores
from handbook import selectors as handbook_selectors
from needs import selectors as needs_selectors
from needs.models import Nomination
from workplan import roles
from workplan.access import can_read_all_countries, country_of
from workplan.models import Country


def country_for(user, iso2):
    """The country of ``/countries/<ISO>/`` if the user may read its profile, else 404."""
    country = Country.objects.filter(iso2=(iso2 or "").upper()).first()
    if country is None:
        raise Http404("No such country.")
    if can_read_all_countries(user) or country_of(user) == country:
        return country
    raise Http404("No such country.")


def country_profile(country, user):
    """Everything the profile shows, with a bounded number of queries.

    Trainee names appear only for those ``Nomination.visible_to`` lets read them (the
    Secretariat and the country's focal points); committee members see counts.
    """
    story = needs_selectors.country_story(country)
    trainings = story["trainings"]
    scores = invitation_scores.trainee_scores(country=country)
    gains = invitation_scores.gains_from_scores(scores)
    for training in trainings:
        training.gain = gains.get(training.pk)
    tested = [g for g in gains.values() if g["tested"]]
    total_tested = sum(g["tested"] for g in tested)
    overall_gain = (
        sum(g["gain"] * g["tested"] for g in tested) / total_tested if total_tested else None
    )
    names = list(
        Nomination.objects.visible_to(user)
        .filter(country=country)
        .select_related("event")
        .order_by("-event__start_date", "pk")
    )
    per_trainee = {}
    if roles.is_secretariat(user):
        # Answers tied to a trainee: the Secretariat's eyes only.
        for rows in scores.values():
            for row in rows:
                per_trainee[row["nomination_id"]] = row
        for nomination in names:
            nomination.scores = per_trainee.get(nomination.pk)
    return {
        **story,
        "overall_gain": overall_gain,
        "tested": total_tested,
        "names": names,
        "show_scores": roles.is_secretariat(user),
        "handbook": handbook_selectors.country_handbook(country),
        "outstanding": needs_selectors.country_outstanding(country),
    }
