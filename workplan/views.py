from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from workplan import selectors
from workplan.models import Activity, WorkPlan


@method_decorator(login_not_required, name="dispatch")
class WorkPlanListView(ListView):
    template_name = "workplan/workplan_list.html"
    context_object_name = "workplans"

    def get_queryset(self):
        return WorkPlan.objects.order_by("-start_year")


@method_decorator(login_not_required, name="dispatch")
class WorkPlanDetailView(TemplateView):
    """The public overview of one work plan: strands, activities, budgets."""

    template_name = "workplan/workplan_detail.html"

    def get_workplan(self):
        if "slug" in self.kwargs:
            return get_object_or_404(WorkPlan, slug=self.kwargs["slug"])
        workplan = selectors.workplan_current()
        if workplan is None:
            raise Http404("No work plan has been loaded yet.")
        return workplan

    def get_context_data(self, **kwargs):
        workplan = self.get_workplan()
        strands, overall = selectors.workplan_overview(workplan)
        return super().get_context_data(
            workplan=workplan,
            strands=strands,
            overall=overall,
            licence=selectors.open_data_licence(),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class ActivityDetailView(TemplateView):
    template_name = "workplan/activity_detail.html"

    def get_context_data(self, **kwargs):
        workplan = get_object_or_404(WorkPlan, slug=self.kwargs["slug"])
        try:
            activity = selectors.activity_detail(workplan, self.kwargs["code"])
        except Activity.DoesNotExist:
            raise Http404("No such activity in this work plan.") from None
        return super().get_context_data(workplan=workplan, activity=activity, **kwargs)


@login_not_required
@never_cache
def healthz(request):
    """Liveness and database reachability, for load balancers and the benchmark floor."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception):
    """404 as JSON under /api/ (what the API's schema promises), the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
