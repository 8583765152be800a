"""The training calendar: the public announcement, nominations by the focal points, the
Secretariat's decisions, and the coverage of priority needs by programmes.

Anyone reads the calendar; logged-in users also see a training's details. A focal point sees
and makes only their own country's nominations; trainee names are shown to no one else but
the Secretariat.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from needs import nominations, selectors, services
from needs.forms import CoverageProgrammeForm, NominationForm
from needs.models import AssessmentRound, Nomination, TrainingEvent
from workplan import roles
from workplan.access import can_read_all_countries, country_of, role_required
from workplan.submissions import error_text


@method_decorator(login_not_required, name="dispatch")
class TrainingCalendarView(TemplateView):
    """Upcoming and past trainings, for everyone."""

    template_name = "needs/training_calendar.html"
    past_per_page = 25

    def get_context_data(self, **kwargs):
        upcoming, past = selectors.training_calendar()
        page = Paginator(past, self.past_per_page).get_page(self.request.GET.get("page"))
        return super().get_context_data(upcoming=upcoming, past=page, **kwargs)


def _needs_shown(event, user, country):
    """The needs a training answers. Whose need it is and its priority come from a Party's
    response: named to the Secretariat, the committees and that Party's focal points; everyone
    else sees the topics only."""
    read_all = can_read_all_countries(user)
    rows, topics = [], set()
    for need in event.needs.all():
        if read_all or (country is not None and need.response.country_id == country.pk):
            rows.append(
                {
                    "topic": need.topic.name,
                    "country": need.response.country.name,
                    "priority": need.priority,
                }
            )
        elif need.topic_id not in topics:
            topics.add(need.topic_id)
            rows.append({"topic": need.topic.name})
    return rows


def _detail_context(request, event, form=None):
    user = request.user
    country = country_of(user)
    context = {
        "event": event,
        "needs_shown": _needs_shown(event, user, country),
        "counts": selectors.nomination_counts(event),
        "is_secretariat": roles.is_secretariat(user),
        "nominations": selectors.nominations_for(event, user) if user.is_authenticated else [],
        "country": country,
    }
    if country is not None:
        context["closed_reason"] = nominations.nomination_closed_reason(event, country)
        context["seats_left"] = nominations.seats_left(event, country)
        context["form"] = form or NominationForm()
    return context


@method_decorator(login_not_required, name="dispatch")
class TrainingDetailView(TemplateView):
    """A training's announcement; nominations for the focal points and the Secretariat."""

    template_name = "needs/training_detail.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(selectors.training_detail_queryset(), pk=self.kwargs["pk"])
        return super().get_context_data(**_detail_context(self.request, event), **kwargs)


@require_POST
@role_required(roles.NFP)
def nomination_create(request, pk):
    event = get_object_or_404(TrainingEvent, pk=pk)
    form = NominationForm(request.POST)
    if form.is_valid():
        try:
            nominations.nomination_create(event=event, user=request.user, **form.cleaned_data)
        except nominations.NominationRefused as refusal:
            messages.error(request, error_text(refusal))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("%(name)s is nominated; the Secretariat will confirm or decline.")
                % {"name": form.cleaned_data["name"]},
            )
            return redirect("needs:training-detail", pk=pk)
    event = selectors.training_detail_queryset().get(pk=pk)
    return render(
        request,
        "needs/training_detail.html",
        _detail_context(request, event, form=form),
        status=400 if form.errors else 409,
    )


@require_POST
@role_required(roles.SECRETARIAT)
def nomination_decide(request, pk):
    nomination = get_object_or_404(Nomination.objects.visible_to(request.user), pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    try:
        nominations.nomination_decide(nomination=nomination, user=request.user, confirm=confirm)
    except nominations.NominationRefused as refusal:
        messages.error(request, error_text(refusal))
    else:
        messages.success(
            request,
            _("Nomination confirmed.") if confirm else _("Nomination declined."),
        )
    return redirect("needs:training-detail", pk=nomination.event_id)


@require_POST
@role_required(roles.SECRETARIAT)
def programme_from_needs(request, pk):
    """One step from the coverage list to a programme (the programme-from-needs service)."""
    assessment_round = get_object_or_404(AssessmentRound, pk=pk)
    form = CoverageProgrammeForm(request.POST)
    back = reverse("needs:round-analysis", kwargs={"pk": pk}) + "#coverage"
    if not form.is_valid():
        messages.error(request, _("Choose a topic of the coverage list."))
        return redirect(back)
    needs = list(
        selectors.unanswered_priority_needs_queryset(
            assessment_round, region=form.cleaned_data["region"], topic=form.cleaned_data["topic"]
        )
    )
    try:
        programme = services.programme_create_from_needs(
            needs=needs, user=request.user, title=form.cleaned_data["title"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(back)
    messages.success(
        request,
        _("Programme “%(title)s” created from %(n)s needs: complete it here.")
        % {"title": programme.title, "n": len(needs)},
    )
    return redirect("admin:needs_trainingprogramme_change", programme.pk)
