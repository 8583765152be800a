"""Pages of the needs assessment: the NFP's country and response, the Secretariat's status and
analysis of a round, and the exports.

NFPs get their country from ``require_country``; an object of another country is 404.
The Standing Committee and the Scientific Council read; only the Secretariat acts on rounds.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView

from needs import attachments, reminders, selectors, services
from needs.forms import (
    AnalysisFilterForm,
    AttachmentForm,
    NeedFormSet,
    ReasonForm,
    ResponseForm,
    needs_from_formset,
)
from needs.models import AssessmentRound, CountryResponse, ResponseAttachment, TrainingNeed
from needs.resources import CountryResponseResource, TrainingNeedResource
from workplan import roles
from workplan.access import RoleRequiredMixin, require_country, role_required
from workplan.spreadsheets import CSV, XLSX
from workplan.submissions import SubmissionConflict, conflict_response, error_text

READERS = roles.READERS
EVERYONE = (roles.NFP, *READERS)


# --- National Focal Points ------------------------------------------------------------------


class MyCountryView(RoleRequiredMixin, TemplateView):
    """The NFP's home in the needs assessment: every round and their country's response."""

    allowed_roles = (roles.NFP,)
    template_name = "needs/my_country.html"

    def get_context_data(self, **kwargs):
        country = require_country(self.request.user)
        rounds = selectors.rounds_for_country(country)
        for assessment_round in rounds:
            response = assessment_round.country_response
            assessment_round.completeness = selectors.response_completeness(
                response, response.needs_count if response else 0
            )
            assessment_round.lock_reason = services.response_lock_reason(response, assessment_round)
        open_rounds = [r for r in rounds if r.is_open]
        return super().get_context_data(
            country=country,
            open_rounds=open_rounds,
            other_rounds=[r for r in rounds if not r.is_open],
            notices=selectors.notices_for_country(country),
            next_deadline=selectors.next_deadline(open_rounds),
            **kwargs,
        )


class ResponseEditView(RoleRequiredMixin, View):
    """The country's response to a round: a form while it can change, read-only once locked."""

    allowed_roles = (roles.NFP,)
    template_name = "needs/response_form.html"

    def setup_objects(self):
        self.country = require_country(self.request.user)
        self.round = get_object_or_404(AssessmentRound, pk=self.kwargs["round_pk"])
        self.response = (
            CountryResponse.objects.filter(round=self.round, country=self.country)
            .select_related("submitted_by", "updated_by", "returned_by")
            .first()
        )
        self.lock_reason = services.response_lock_reason(self.response, self.round)

    def instance(self):
        return self.response or CountryResponse(round=self.round, country=self.country)

    def render(self, form, formset, status=200):
        response = self.response
        if formset is not None:
            # The stored needs the formset has read already (for its rows or to validate them).
            needs = list(formset.get_queryset())
        elif response:
            needs = list(
                response.needs.select_related("topic", "training_type", "target_group", "language")
            )
        else:
            needs = []
        context = {
            "round": self.round,
            "country": self.country,
            "response": response,
            "needs": needs,
            "form": form,
            "formset": formset,
            "lock_reason": self.lock_reason,
            "completeness": selectors.response_completeness(response, len(needs)),
            "reason_form": ReasonForm(),
            "attachments": list(response.attachments.all()) if response else [],
            "can_attach": not self.lock_reason,
            "attachment_form": AttachmentForm(),
        }
        return render(self.request, self.template_name, context, status=status)

    def render_stored(self, status=200):
        """The page for the response as stored now: read-only if locked, else a fresh form."""
        if self.lock_reason:
            return self.render(None, None, status=status)
        instance = self.instance()
        queryset = (
            instance.needs.select_related("topic", "training_type", "target_group", "language")
            if instance.pk
            else TrainingNeed.objects.none()
        )
        return self.render(
            ResponseForm(instance=instance),
            NeedFormSet(instance=instance, queryset=queryset, prefix="needs"),
            status=status,
        )

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        page = self.render_stored()
        if not self.lock_reason:
            # The form holds this draft's version and a fresh submission key: never served
            # from the page cache (two tabs sharing a key would lose the second one's answers).
            # Once submitted (or closed) the page is read-only and cached per country.
            add_never_cache_headers(page)
        return page

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        instance = self.instance()
        form = ResponseForm(request.POST, instance=instance)
        formset = NeedFormSet(request.POST, instance=instance, prefix="needs")
        submitting = "submit" in request.POST
        if not (form.is_valid() and formset.is_valid()):
            messages.error(request, _("Please correct the errors below; nothing was saved."))
            return self.render(form, formset, status=400)
        answers = {name: form.cleaned_data[name] for name in services.ANSWER_FIELDS}
        needs, deleted_needs = needs_from_formset(formset)
        saved = {
            "assessment_round": self.round,
            "country": self.country,
            "user": request.user,
            "answers": answers,
            "needs": needs,
            "deleted_needs": deleted_needs,
            "version": form.cleaned_data.get("version"),
        }
        try:
            if submitting:
                services.response_submit(
                    submission_key=form.cleaned_data.get("submission_key"), **saved
                )
            else:
                services.response_save_draft(**saved)
        except SubmissionConflict as conflict:
            # A replayed submit with other content, or a form older than the last save (or
            # without a version): the stored response stays, shown as it is now.
            self.setup_objects()
            return conflict_response(request, conflict, lambda status: self.render_stored(status))
        except ValidationError as error:
            if getattr(error, "code", None) in ("locked", "already_submitted"):
                messages.error(request, error_text(error))
                return redirect("needs:response-edit", round_pk=self.round.pk)
            form.add_error(None, error)
            messages.error(request, _("Please correct the errors below; nothing was saved."))
            return self.render(form, formset, status=400)
        if submitting:
            messages.success(request, _("Your country's response has been submitted. Thank you."))
        else:
            messages.success(request, _("Draft saved."))
        return redirect("needs:response-edit", round_pk=self.round.pk)


class ResponseDetailView(RoleRequiredMixin, TemplateView):
    """One response, read-only: the NFP of its country, the Secretariat and the committees."""

    allowed_roles = EVERYONE
    template_name = "needs/response_detail.html"

    def get_context_data(self, **kwargs):
        response = get_object_or_404(
            CountryResponse.objects.visible_to(self.request.user).select_related(
                "round", "country", "submitted_by", "updated_by", "returned_by"
            ),
            pk=self.kwargs["pk"],
        )
        needs = list(
            response.needs.select_related("topic", "training_type", "target_group", "language")
        )
        return super().get_context_data(
            response=response,
            round=response.round,
            needs=needs,
            completeness=selectors.response_completeness(response, len(needs)),
            lock_reason=services.response_lock_reason(response, response.round),
            reason_form=ReasonForm(),
            attachments=list(response.attachments.all()),
            **kwargs,
        )


@require_POST
@role_required(roles.NFP)
def attachment_add(request, round_pk):
    """Attach one or more documents to the country's response while it can change."""
    country = require_country(request.user)
    assessment_round = get_object_or_404(AssessmentRound, pk=round_pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("needs:response-edit", round_pk=round_pk)
    attached = []
    for upload in form.cleaned_data["files"]:
        try:
            attached.append(
                attachments.attachment_add(
                    assessment_round=assessment_round,
                    country=country,
                    user=request.user,
                    upload=upload,
                )
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
    if attached:
        messages.success(
            request,
            _("Attached: %(names)s.") % {"names": ", ".join(a.name for a in attached)},
        )
    return redirect("needs:response-edit", round_pk=round_pk)


@require_POST
@role_required(roles.NFP)
def attachment_delete(request, pk):
    country = require_country(request.user)
    attachment = get_object_or_404(
        ResponseAttachment.objects.select_related("response__round", "response__country"),
        pk=pk,
        response__country=country,
    )
    try:
        attachments.attachment_delete(attachment=attachment, user=request.user)
        messages.success(request, _("Removed: %(name)s.") % {"name": attachment.name})
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("needs:response-edit", round_pk=attachment.response.round_id)


@login_not_required
def attachment_download(request, pk):
    """The file, to whoever may see its response; 404 to anyone else, anonymous included
    (no login page that would confirm the file exists)."""
    if not request.user.is_authenticated:
        raise Http404("No such document.")
    attachment = get_object_or_404(ResponseAttachment.objects.visible_to(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The stored file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _with_reason(request, action, response, *, missing, done):
    """Runs a service that takes the posted reason; says `missing` when there is none, `done`
    when it went through, and the refusal otherwise."""
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, missing)
        return
    try:
        action(response=response, user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)


@require_POST
@role_required(roles.NFP)
def response_request_reopen(request, pk):
    country = require_country(request.user)
    response = get_object_or_404(CountryResponse, pk=pk, country=country)
    _with_reason(
        request,
        services.response_request_reopen,
        response,
        missing=_("Say why the response should be reopened."),
        done=_("Your request to reopen was sent to the Secretariat."),
    )
    return redirect("needs:response-edit", round_pk=response.round_id)


@require_POST
@role_required(roles.SECRETARIAT)
def response_return(request, pk):
    response = get_object_or_404(CountryResponse, pk=pk)
    _with_reason(
        request,
        services.response_return,
        response,
        missing=_("Say why the response is returned."),
        done=_("The response was returned to the focal point."),
    )
    return redirect("needs:response-detail", pk=response.pk)


# --- Secretariat and committees -------------------------------------------------------------


class RoundListView(RoleRequiredMixin, ListView):
    allowed_roles = READERS
    template_name = "needs/round_list.html"
    context_object_name = "rounds"

    def get_queryset(self):
        return AssessmentRound.objects.select_related("workplan").annotate(
            responses_count=Count("responses", distinct=True)
        )


class RoundStatusView(RoleRequiredMixin, TemplateView):
    """Every Party's response status for a round, with counts by region."""

    allowed_roles = READERS
    template_name = "needs/round_status.html"

    def get_context_data(self, **kwargs):
        assessment_round = get_object_or_404(AssessmentRound, pk=self.kwargs["pk"])
        countries, regions, totals = selectors.round_status(assessment_round)
        return super().get_context_data(
            round=assessment_round,
            countries=countries,
            regions=regions,
            totals=totals,
            recipients=reminders.reminder_recipients(assessment_round).count(),
            unreachable=list(reminders.parties_without_reachable_focal_point(assessment_round)),
            reminder_steps=assessment_round.reminder_steps(),
            reminders_sent=reminders.reminders_sent_for(assessment_round),
            **kwargs,
        )


@require_POST
@role_required(roles.SECRETARIAT)
def round_remind(request, pk):
    assessment_round = get_object_or_404(AssessmentRound, pk=pk)
    try:
        queued = reminders.round_remind_now(
            assessment_round=assessment_round, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("needs:round-status", pk=pk)
    if not queued:
        messages.info(
            request,
            _(
                "No reminder queued: every reachable focal point of the Parties still to "
                "submit was already reminded today."
            ),
        )
        return redirect("needs:round-status", pk=pk)
    countries = sorted({m.country.name for m in queued})
    shown = ", ".join(countries[:10])
    if len(countries) > 10:
        shown += " " + _("and %(n)s more") % {"n": len(countries) - 10}
    messages.success(
        request,
        ngettext(
            "%(n)s reminder queued for %(people)s focal point(s) of %(parties)s Party: "
            "%(names)s. Their delivery is listed in the outbox.",
            "%(n)s reminders queued for %(people)s focal point(s) of %(parties)s Parties: "
            "%(names)s. Their delivery is listed in the outbox.",
            len(queued),
        )
        % {
            "n": len(queued),
            "people": len({m.user_id for m in queued}),
            "parties": len(countries),
            "names": shown,
        },
    )
    return redirect("needs:round-status", pk=pk)


class RoundAnalysisView(RoleRequiredMixin, TemplateView):
    """Needs aggregated by topic and CMS region, ranked by the priority score."""

    allowed_roles = READERS
    template_name = "needs/round_analysis.html"

    def get_context_data(self, **kwargs):
        assessment_round = get_object_or_404(AssessmentRound, pk=self.kwargs["pk"])
        form = AnalysisFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        by_topic, regions = selectors.round_analysis(assessment_round, **filters)
        return super().get_context_data(
            round=assessment_round,
            form=form,
            by_topic=by_topic,
            regions=regions,
            chart=selectors.chart_data(by_topic, regions),
            unanswered=selectors.unanswered_priority_needs(
                assessment_round, region=filters.get("region", "")
            ),
            can_design=roles.is_secretariat(self.request.user),
            **kwargs,
        )


EXPORTS = {
    "responses": (CountryResponseResource, selectors.round_export_responses),
    "needs": (TrainingNeedResource, selectors.round_export_needs),
}
FORMATS = {"csv": CSV, "xlsx": XLSX}


@role_required(roles.SECRETARIAT)
def round_export(request, pk, kind, fmt):
    """The round's responses or needs as CSV or XLSX, formulae escaped."""
    assessment_round = get_object_or_404(AssessmentRound, pk=pk)
    if kind not in EXPORTS or fmt not in FORMATS:
        raise Http404("No such export.")
    resource_class, queryset = EXPORTS[kind]
    file_format = FORMATS[fmt]()
    # Typed cells (numbers, dates in local time) in XLSX; text in CSV.
    dataset = resource_class().export(
        queryset=queryset(assessment_round), force_native_type=file_format.is_binary()
    )
    data = file_format.export_data(dataset)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(data, content_type=file_format.get_content_type())
    response["Content-Disposition"] = (
        f'attachment; filename="cms-needs-{assessment_round.pk}-{kind}-{stamp}.{fmt}"'
    )
    return response
