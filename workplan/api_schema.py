"""The OpenAPI schema documents every status code the API answers with, not only 200.

drf-spectacular documents the success response; the error responses follow from how each view
is built, so they are added here once for every view: 403 where a permission class other than
AllowAny guards the view, 404 where a path names an object or a list is paginated (a page past
the end), 400 where a list takes filters (a value outside the filter's choices).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the request was refused.")


class DocumentedErrorsSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return bodies
        errors = {}
        guarded = [
            p for p in self.view.get_permissions() if not isinstance(p, permissions.AllowAny)
        ]
        if guarded:
            errors["403"] = OpenApiResponse(
                ErrorSerializer, description="Not logged in, or a role that may not read this."
            )
        is_list = self._is_list_view()
        if "{" in self.path or (is_list and self._get_paginator() is not None):
            errors["404"] = OpenApiResponse(
                ErrorSerializer, description="No such object, or a page past the last one."
            )
        if is_list and getattr(self.view, "filterset_class", None) is not None:
            errors["400"] = OpenApiResponse(
                OpenApiTypes.OBJECT, description="A filter value that is not allowed, by field."
            )
        for code, response in errors.items():
            bodies.setdefault(code, self._get_response_for_code(response, code))
        return bodies
