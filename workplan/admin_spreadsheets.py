"""The admin's import and export, as every app's admin uses them (django-import-export).

Exports: XLSX cells keep their types (the library asks for native types only for its own XLSX
class, so ours says so itself). Imports: the page lists the columns by their headers, offers a
template per resource (with an "Allowed values" sheet and drop-down lists), lists the values
each fixed-value column accepts, and the preview starts with the counts of what would happen.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from import_export.admin import ExportMixin, ImportExportMixin

TEMPLATE_NAME = "admin/import_export/import_spreadsheet.html"


class SpreadsheetExportMixin(ExportMixin):
    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(
            request, queryset, force_native_type=file_format.is_binary(), **kwargs
        )
        export_data = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            export_data = export_data.encode(encoding)
        return export_data


def import_summary(result):
    """Counts of the preview: new, updated, unchanged, deleted rows and rows in error."""
    totals = result.totals
    return {
        "new": totals.get("new", 0),
        "update": totals.get("update", 0),
        "skip": totals.get("skip", 0),
        "delete": totals.get("delete", 0),
        "errors": totals.get("error", 0)
        + totals.get("invalid", 0)
        + (len(result.base_errors) if result.base_errors else 0),
    }


class SpreadsheetImportExportMixin(SpreadsheetExportMixin, ImportExportMixin):
    import_template_name = TEMPLATE_NAME

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def _import_resources(self, request):
        kwargs = self.get_import_resource_kwargs(request)
        return [cls(**kwargs) for cls in self.get_import_resource_classes(request)]

    def import_template_view(self, request):
        """The XLSX template of the chosen resource (?resource=index), for an empty import."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resources = self._import_resources(request)
        try:
            resource = resources[int(request.GET.get("resource", 0))]
        except (ValueError, IndexError):
            raise Http404("No such resource.") from None
        response = HttpResponse(
            resource.import_template(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = timezone.localdate().isoformat()
        name = f"{self.model._meta.model_name}-import-template-{stamp}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is None:
            return response
        resources = self._import_resources(request)
        info = self.model._meta.app_label, self.model._meta.model_name
        url = reverse("admin:{}_{}_import_template".format(*info), current_app=self.admin_site.name)
        context["fields_list"] = [
            (r.get_display_name(), [r.field_label(f) for f in r.get_user_visible_fields()])
            for r in resources
        ]
        context["import_templates"] = [
            (r.get_display_name(), f"{url}?resource={index}") for index, r in enumerate(resources)
        ]
        context["allowed_values"] = [
            (label, values) for r in resources for label, values in r.allowed_values().items()
        ]
        result = context.get("result")
        if result is not None:
            context["import_summary"] = import_summary(result)
            _name_columns_in_errors(result, resources)
        return response


def _name_columns_in_errors(result, resources):
    """Row errors under the column's header, as the file says it, not the model field's name."""
    labels = {}
    for resource in resources:
        for field in resource.fields.values():
            label = resource.field_label(field)
            labels.setdefault(field.attribute, label)
            labels.setdefault(field.column_name, label)
    for row in result.invalid_rows:
        row.error_dict = {labels.get(key, key): value for key, value in row.error_dict.items()}
