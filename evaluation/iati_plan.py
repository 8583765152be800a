"""What the IATI file says about one work plan, read from the database in a fixed number of
queries: its strands and activities, progress updates, contributions and their donors, trainings
and indicators with their actual values. ``evaluation.iati`` writes it as XML."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.utils import timezone

from evaluation.selectors.indicators import IndicatorComputer, plan_indicators
from evaluation.selectors.trainings import trainings_summary
from workplan.models import Activity, Body, Contribution, ProgressUpdate, Strand

# DAC donor codes of DAC member governments (IATI organisation identifiers XM-DAC-<code>), for a
# contribution's donor country; other donors are named without an identifier.
DAC_DONOR = {
    "AT": "1", "BE": "2", "DK": "3", "FR": "4", "DE": "5", "IT": "6", "NL": "7", "NO": "8",
    "PT": "9", "SE": "10", "CH": "11", "GB": "12", "FI": "18", "IS": "20", "IE": "21",
    "LU": "22", "GR": "40", "ES": "50", "SI": "61", "CZ": "68", "SK": "69", "HU": "75",
    "PL": "76", "EE": "82", "LV": "83", "LT": "84", "CA": "301", "US": "302", "JP": "701",
    "KR": "742", "AU": "801", "NZ": "820",
}  # fmt: skip
BODY_TYPE = {
    Body.Kind.SECRETARIAT: "40",
    Body.Kind.NATIONAL: "10",
    Body.Kind.PARTNER: "90",
}


def reporting_org():
    """The Secretariat's IATI organisation identifier (UNEP administers the CMS Secretariat)."""
    return {
        "ref": getattr(settings, "IATI_REPORTING_ORG_REF", "XM-DAC-41116"),
        "type": getattr(settings, "IATI_REPORTING_ORG_TYPE", "40"),  # 40 multilateral
        "name": getattr(settings, "IATI_REPORTING_ORG_NAME", "UNEP/CMS Secretariat"),
    }


def donor_of(contribution):
    """(name, ref, type) of a contribution's donor as a participating or provider org."""
    country = contribution.donor_country
    if country is None:
        return (contribution.donor, None, None)
    code = DAC_DONOR.get(country.iso2)
    return (contribution.donor, f"XM-DAC-{code}" if code else None, "10")


def body_org(body):
    org = reporting_org()
    if body.kind == Body.Kind.SECRETARIAT or body.code == "UNEP":
        return (body.name, org["ref"], org["type"])
    return (body.name, None, BODY_TYPE.get(body.kind))


class Plan:
    """Everything the file says about one work plan, read in a fixed number of queries."""

    def __init__(self, workplan, base_url):
        self.workplan = workplan
        self.base_url = base_url.rstrip("/")
        self.org = reporting_org()
        self.today = timezone.localdate()
        self.start = date(workplan.start_year, 1, 1)
        self.end = date(workplan.end_year, 12, 31)
        self.strands = list(Strand.objects.filter(workplan=workplan).order_by("number"))
        self.children = defaultdict(list)
        for activity in (
            Activity.objects.for_workplan(workplan)
            .select_related("strand__workplan")
            .prefetch_related("bodies", "depends_on")
            .order_by("code")
        ):
            self.children[activity.strand_id].append(activity)
        self.updates = defaultdict(list)
        for update in ProgressUpdate.objects.filter(activity__strand__workplan=workplan).order_by(
            "date", "pk"
        ):
            self.updates[update.activity_id].append(update)
        self.earmarked = defaultdict(list)
        self.core_donors = {}
        self.strand_donors = defaultdict(dict)
        for contribution in (
            Contribution.objects.for_workplan(workplan)
            .select_related("activity", "donor_country")
            .order_by("date", "pk")
        ):
            donor = donor_of(contribution)
            if contribution.activity_id is None:
                self.core_donors[donor[0]] = donor
                continue
            self.earmarked[contribution.activity_id].append(contribution)
            self.strand_donors[contribution.activity.strand_id][donor[0]] = donor
        self.trainings = trainings_summary(workplan)
        self.results = self._results()
        self.prefix = f"{self.org['ref']}-CMS-CB-{workplan.slug}"

    def _results(self):
        """Indicators by ('activity', pk) or ('strand', pk), with their actual value."""
        computer = IndicatorComputer(self.workplan)
        computer.once("trainings", lambda: self.trainings)  # read once already, above
        placed = defaultdict(list)
        last_strand = self.strands[-1].pk if self.strands else None
        for indicator in plan_indicators(self.workplan):
            indicator.actual, indicator.as_of = computer.current(indicator, self.today)
            if indicator.activity_id:
                placed[("activity", indicator.activity_id)].append(indicator)
            elif indicator.strand_id or last_strand:
                placed[("strand", indicator.strand_id or last_strand)].append(indicator)
        return placed

    def identifier(self, code):
        return f"{self.prefix}-{code}"

    def url(self, path):
        return f"{self.base_url}{path}"
