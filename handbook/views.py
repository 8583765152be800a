from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from handbook import selectors, services
from handbook.access import SuggestionAccessMixin
from handbook.forms import SuggestionForm
from handbook.models import Edition, Suggestion
from workplan.access import can_read_all_countries, country_of
from workplan.submissions import SubmissionConflict, form_conflict_response


@method_decorator(login_not_required, name="dispatch")
class HandbookHomeView(TemplateView):
    """The public page: editions, chapters and their status, languages, progress."""

    template_name = "handbook/home.html"

    def get_context_data(self, **kwargs):
        plan = selectors.plan_current()
        context = {"plan": plan}
        if plan is not None:
            editions = selectors.editions_with_chapters(plan)
            published, coming = selectors.languages_available(editions)
            context.update(
                editions=editions,
                languages_published=published,
                languages_coming=coming,
                members=plan.members.select_related("body", "country"),
                target_groups=plan.target_groups.all(),
                survey=selectors.survey_totals(plan),
            )
        return super().get_context_data(**context, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class EditionDetailView(TemplateView):
    template_name = "handbook/edition_detail.html"

    def get_context_data(self, **kwargs):
        try:
            edition = selectors.edition_detail(self.kwargs["pk"])
        except Edition.DoesNotExist:
            raise Http404("No such edition.") from None
        return super().get_context_data(
            edition=edition,
            plan=edition.plan,
            workshops=selectors.edition_workshops(edition),
            distribution=selectors.distribution_totals(edition),
            **kwargs,
        )


class SuggestionListView(SuggestionAccessMixin, ListView):
    """An NFP's country's suggestions (a partner's own; all for Secretariat and committees)."""

    template_name = "handbook/suggestion_list.html"
    context_object_name = "suggestions"
    paginate_by = 50

    def get_queryset(self):
        queryset = Suggestion.objects.visible_to(self.request.user).with_related()
        status = self.request.GET.get("status")
        if status in Suggestion.Status.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs):
        user = self.request.user
        reads_all = can_read_all_countries(user)
        return super().get_context_data(
            country=country_of(user),
            reads_all=reads_all,
            statuses=Suggestion.Status.choices,
            current_status=self.request.GET.get("status", ""),
            may_suggest=not reads_all,
            **kwargs,
        )


class SuggestionCreateView(SuggestionAccessMixin, FormView):
    template_name = "handbook/suggestion_form.html"
    form_class = SuggestionForm
    write = True

    @cached_property
    def plan(self):
        plan = selectors.plan_current()
        if plan is None:
            raise Http404("The handbook is not open for suggestions yet.")
        return plan

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.plan, country=country_of(self.request.user), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            suggestion, created = services.suggestion_create(
                proposer=self.request.user,
                plan=self.plan,
                theme=data["theme"],
                text=data["text"],
                target_chapter=data["target_chapter"],
                submission_key=data["submission_key"],
            )
        except SubmissionConflict as conflict:
            return form_conflict_response(self, form, conflict)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        if created:
            messages.success(self.request, _("Thank you: your suggestion was received."))
        else:
            messages.info(self.request, _("This suggestion had already been received."))
        return redirect(suggestion)


class SuggestionDetailView(SuggestionAccessMixin, DetailView):
    template_name = "handbook/suggestion_detail.html"
    context_object_name = "suggestion"

    def get_object(self, queryset=None):
        # Outside the user's scope is 404, never a hint that it exists.
        return get_object_or_404(
            Suggestion.objects.visible_to(self.request.user).with_related(),
            pk=self.kwargs["pk"],
        )
