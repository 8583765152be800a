"""Respondent pages, questionnaire results, the dashboard, the progress report and IATI export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from evaluation import charts, exports, iati, invitations, pdf_report, services
from evaluation.charts.plan import indicator_pages, timeline_chart
from evaluation.forms import AnswerForm, initial_from
from evaluation.models import Questionnaire, Response
from evaluation.selectors.activities import report_strands
from evaluation.selectors.dashboard import dashboard_figures
from evaluation.selectors.indicators import indicator_figures
from evaluation.selectors.results import questionnaire_results
from workplan import roles, submissions
from workplan.access import RoleRequiredMixin, can_read_all_countries
from workplan.cache import figures_cached
from workplan.models import Region, WorkPlan
from workplan.submissions import SubmissionConflict, error_text, form_conflict_response

READERS = roles.READERS


class QuestionnaireListView(ListView):
    """Respondents: what they are asked to answer and their answers. Readers: every result."""

    template_name = "evaluation/questionnaire_list.html"
    context_object_name = "questionnaires"

    def get_queryset(self):
        user = self.request.user
        if can_read_all_countries(user):
            return Questionnaire.objects.select_related("activity", "activity__strand__workplan")
        return Questionnaire.objects.answerable_by(user).select_related("activity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["is_reader"] = can_read_all_countries(user)
        mine = {
            r.questionnaire_id: r
            for r in Response.objects.visible_to(user).filter(
                questionnaire__in=context["questionnaires"]
            )
        }
        for questionnaire in context["questionnaires"]:
            questionnaire.my_response = None if context["is_reader"] else mine.get(questionnaire.pk)
        return context


class AnswerView(FormView):
    """Answer a questionnaire: save a draft as often as needed, then submit once."""

    template_name = "evaluation/answer_form.html"
    form_class = AnswerForm

    def dispatch(self, request, *args, **kwargs):
        self.questionnaire = get_object_or_404(
            Questionnaire.objects.answerable_by(request.user), pk=kwargs["pk"]
        )
        self.response = services.response_for(questionnaire=self.questionnaire, user=request.user)
        if self.response is not None and self.response.is_submitted:
            if request.method == "POST" and services.response_is_retry(
                self.response,
                submitting="submit" in request.POST,
                submission_key=request.POST.get(submissions.KEY),
            ):
                # The same form again: the service checks it says the same and replays.
                return super().dispatch(request, *args, **kwargs)
            if request.method == "POST":
                messages.info(request, _("This response was already submitted."))
            return redirect(self.response)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["questionnaire"] = self.questionnaire
        kwargs["initial"] = initial_from(self.response)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            questionnaire=self.questionnaire,
            response=self.response,
            is_open=self.questionnaire.is_open(),
            **kwargs,
        )

    def form_valid(self, form):
        submitting = "submit" in self.request.POST
        arguments = {
            "questionnaire": self.questionnaire,
            "user": self.request.user,
            "answers": form.answers(),
            "knowledge": form.knowledge(),
            "version": form.cleaned_data.get("version"),
        }
        try:
            if submitting:
                response = services.response_submit(
                    submission_key=form.cleaned_data.get("submission_key"), **arguments
                )
            else:
                response = services.response_save_draft(**arguments)
        except (SubmissionConflict, services.ResponseRefused) as refusal:
            return form_conflict_response(self, form, refusal)
        except PermissionDenied:
            raise
        except ValidationError as error:
            form.add_service_errors(error)
            return self.form_invalid(form)
        if submitting:
            messages.success(self.request, _("Thank you: your response has been submitted."))
            return redirect(response)
        messages.success(self.request, _("Your draft has been saved."))
        return redirect("evaluation:questionnaire-answer", pk=self.questionnaire.pk)


class ResponseDetailView(DetailView):
    """A response, read-only. Another country's response is 404."""

    template_name = "evaluation/response_detail.html"
    context_object_name = "response"

    def get_queryset(self):
        return Response.objects.visible_to(self.request.user).select_related(
            "questionnaire", "country", "respondent"
        )

    def get_context_data(self, **kwargs):
        # Answer.display reads its question's kind: load the questions with the answers.
        answers = {a.question_id: a for a in self.object.answers.select_related("question")}
        rows = [(q, answers.get(q.pk)) for q in self.object.questionnaire.questions.all()]
        score = getattr(self.object, "knowledge_score", None)
        return super().get_context_data(rows=rows, score=score, **kwargs)


class ResultsView(RoleRequiredMixin, DetailView):
    allowed_roles = READERS
    template_name = "evaluation/results.html"
    context_object_name = "questionnaire"
    queryset = Questionnaire.objects.select_related(
        "activity", "activity__strand__workplan", "training_event", "handbook_edition"
    )

    def get_context_data(self, **kwargs):
        results = questionnaire_results(self.object)
        charts = [
            {
                "id": f"chart-q{figure['question'].pk}",
                "title": figure["question"].text,
                "labels": [d["label"] for d in figure["distribution"]],
                "counts": [d["count"] for d in figure["distribution"]],
            }
            for figure in results["questions"]
            if figure.get("distribution")
        ]
        return super().get_context_data(results=results, charts=charts, **kwargs)


class ResultsExportView(RoleRequiredMixin, DetailView):
    allowed_roles = READERS
    queryset = Questionnaire.objects.all()

    def render_to_response(self, context, **kwargs):
        if self.kwargs["fmt"] not in ("csv", "xlsx"):
            raise Http404("Exports are CSV or XLSX.")
        header, rows = exports.answer_rows(self.object)
        name = f"questionnaire-{self.object.pk}-answers"
        if self.kwargs["fmt"] == "csv":
            return _csv_download(header, rows, f"{name}.csv")
        return FileResponse(
            exports.xlsx_file([(_("Answers"), header, rows)]),
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type=XLSX,
        )


class AnswersExportView(RoleRequiredMixin, View):
    """Every submitted answer, one row each, as CSV: of every questionnaire (150,000 answers at
    ten triennia), or of one work plan's with ?workplan=<slug>. Streamed."""

    allowed_roles = READERS

    def get(self, request, *args, **kwargs):
        slug = request.GET.get("workplan", "")
        workplan = get_object_or_404(WorkPlan, slug=slug) if slug else None
        header, rows = exports.all_answer_rows(workplan)
        return _csv_download(header, rows, f"answers-{workplan.slug if workplan else 'all'}.csv")


def _csv_download(header, rows, filename):
    """A CSV attachment streamed as its rows are read: memory stays flat, the first bytes go
    out at once."""
    response = StreamingHttpResponse(exports.csv_chunks(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WorkPlanFiguresMixin(RoleRequiredMixin):
    """The plan and region chosen in the filters (default: the current plan, every region)."""

    allowed_roles = READERS

    def get_workplan(self):
        # One query for the filter's list of plans and the plan shown (the latest by default,
        # as workplan_current picks it): a plan per triennium, a handful of rows.
        self.workplans = list(WorkPlan.objects.order_by("-start_year", "-pk"))
        slug = self.kwargs.get("slug") or self.request.GET.get("workplan")
        if slug:
            chosen = [workplan for workplan in self.workplans if workplan.slug == slug]
            if not chosen:
                raise Http404("No such work plan.")
            return chosen[0]
        if not self.workplans:
            raise Http404("No work plan has been loaded yet.")
        return self.workplans[0]

    def get_region(self):
        region = self.request.GET.get("region", "")
        return region if region in Region.values else ""

    def figures(self):
        self.workplan = self.get_workplan()
        self.region = self.get_region()
        return dashboard_figures(self.workplan, self.region)

    def charts(self, figures):
        """The charts of these figures, built once per generation and language."""
        return figures_cached(
            "dashboard-charts",
            [self.workplan.pk, self.region or "-"],
            lambda: charts.dashboard_charts(figures),
        )


class DashboardView(WorkPlanFiguresMixin, TemplateView):
    template_name = "evaluation/dashboard.html"

    def get_context_data(self, **kwargs):
        figures = self.figures()
        return super().get_context_data(
            figures=figures,
            charts=self.charts(figures),
            map_data=figures["map"],
            map_texts=_map_texts(),
            workplan=self.workplan,
            workplans=self.workplans,
            regions=Region.choices,
            region=self.region,
            **kwargs,
        )


class ReportView(DashboardView):
    template_name = "evaluation/report.html"


class ReportPdfView(DashboardView):
    """The progress report as a PDF made on the server (WeasyPrint), in the reader's language.

    Without the system libraries WeasyPrint needs (Pango), the page says what is missing and
    how to install it, with status 503: never a server error.
    """

    template_name = "evaluation/report_pdf.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["strands"] = report_strands(self.workplan)
        # The PDF's timeline: the same drawing, a strand to a landscape page section.
        context["timeline_parts"] = [
            timeline_chart(context["figures"], strand=number)
            for number in context["figures"]["activities"]["strands"]
        ]
        context["indicator_parts"] = indicator_pages(context["figures"])
        context["region_label"] = dict(Region.choices).get(self.region, "")
        return context

    def render_to_response(self, context, **response_kwargs):
        html = render_to_string(self.template_name, context, request=self.request)
        # The PDF's own stylesheet (pages, running footer with "Page N / M"), given to the
        # renderer apart: the HTML carries no inline style.
        css = render_to_string(
            "evaluation/_report_pdf.css",
            {"page_label": _("Page"), "running_title": self.workplan.title},
        )
        try:
            pdf = pdf_report.render(html, css=css, base_url=self.request.build_absolute_uri("/"))
        except pdf_report.RendererMissing as missing:
            return TemplateResponse(
                self.request,
                "evaluation/report_pdf_missing.html",
                {"missing": str(missing), "workplan": self.workplan, "region": self.region},
                status=503,
            )
        name = f"cms-capacity-progress-{self.workplan.slug}-{context['figures']['date']}.pdf"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class ChartDownloadView(WorkPlanFiguresMixin, View):
    """One dashboard chart's data as CSV, or its drawing as SVG: what the page shows."""

    def get(self, request, *args, **kwargs):
        chart = self.charts(self.figures()).get(kwargs["key"])
        if (
            chart is None
            or kwargs["fmt"] not in ("csv", "svg")
            or (kwargs["fmt"] == "svg" and not chart.svg)
        ):
            raise Http404("No such chart.")
        name = f"{chart.key}-{self.workplan.slug}{'-' + self.region if self.region else ''}"
        if kwargs["fmt"] == "svg":
            response = HttpResponse(chart.svg, content_type="image/svg+xml; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
            return response
        return _csv_download(chart.header, iter(chart.rows), f"{name}.csv")


class ReportXlsxView(WorkPlanFiguresMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        figures = self.figures()
        body = exports.to_xlsx(exports.report_sheets(figures))
        response = HttpResponse(body, content_type=XLSX)
        name = f"cms-capacity-progress-{self.workplan.slug}-{figures['date'].isoformat()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class IndicatorListView(WorkPlanFiguresMixin, TemplateView):
    template_name = "evaluation/indicator_list.html"

    def get_context_data(self, **kwargs):
        workplan = self.get_workplan()
        return super().get_context_data(
            workplan=workplan, indicators=indicator_figures(workplan), **kwargs
        )


@method_decorator(login_not_required, name="dispatch")
class IatiExportView(View):
    """The plan's IATI 2.03 activity file: open data for the IATI Registry, public."""

    def get(self, request, *args, **kwargs):
        workplan = get_object_or_404(WorkPlan, slug=kwargs["slug"])
        body = iati.workplan_to_iati(workplan, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(body, content_type="application/xml")
        response["Content-Disposition"] = f'inline; filename="{workplan.slug}-iati.xml"'
        return response


def _map_texts():
    """The map's words, in the reader's language, for the script (no strings in JavaScript)."""
    return {
        "status": {
            "not_started": _("Not started"),
            "draft": _("Draft"),
            "submitted": _("Submitted"),
            "returned": _("Returned for changes"),
        },
        "trainees": _("Trainees trained"),
        "by_status": _("Needs assessment"),
        "by_trainees": _("Trainees trained"),
        "none": _("No trainings hosted"),
        "not_party": _("Not a CMS Party"),
    }


# --- Evaluation by invitation: a trainee answers through their personal link ---------------


@method_decorator(login_not_required, name="dispatch")
class InvitationAnswerView(FormView):
    """No account: the signed link is the trainee's key, and it answers once."""

    template_name = "evaluation/invitation_answer.html"
    form_class = AnswerForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = invitations.invitation_for_token(kwargs["token"])
        except invitations.InvitationRefused as refusal:
            status = 404 if refusal.code == "invalid" else 410
            return render(
                request,
                "evaluation/invitation_refused.html",
                {"reason": error_text(refusal), "code": refusal.code},
                status=status,
            )
        self.questionnaire = self.invitation.questionnaire
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "questionnaire": self.questionnaire}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            questionnaire=self.questionnaire, is_open=self.questionnaire.is_open(), **kwargs
        )

    def form_valid(self, form):
        try:
            invitations.invitation_answer(token=self.kwargs["token"], answers=form.answers())
        except invitations.InvitationRefused as refusal:
            return form_conflict_response(self, form, refusal)
        except ValidationError as error:
            form.add_service_errors(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: your answers have been received."))
        return redirect("evaluation:invitation-answer", token=self.kwargs["token"])
