"""The country profile: a Party's needs, the programmes and trainings answering them, its
trainees and what they learned, follow-up and the handbook, on one page."""

from django.views.generic import TemplateView

from countries import selectors
from workplan import roles
from workplan.access import RoleRequiredMixin


class CountryProfileView(RoleRequiredMixin, TemplateView):
    allowed_roles = (roles.NFP, *roles.READERS)
    template_name = "countries/profile.html"

    def get_context_data(self, **kwargs):
        country = selectors.country_for(self.request.user, self.kwargs["iso2"])
        return super().get_context_data(
            country=country, **selectors.country_profile(country, self.request.user), **kwargs
        )
