from django.core.management.base import BaseCommand
from django.db import transaction

from workplan.services import WORKPLAN_2012_2014, countries_load, workplan_load


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Load the countries with their CMS regions and the CMS Capacity Building Work Plan "
        "2012-2014 (COP10) from the source document's transcription. Creates what is missing; "
        "never overwrites a staff edit, so running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(WORKPLAN_2012_2014), help="work plan JSON")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be created, write nothing"
        )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                countries = countries_load()
                workplan, report = workplan_load(path=options["file"])
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        verb = "would create" if options["dry_run"] else "created"
        self.stdout.write(
            f"Countries: {verb} {len(countries.created)}, "
            f"{len(countries.unchanged)} already present."
        )
        self.stdout.write(
            f"{workplan.title}: {verb} {len(report.created)} rows, "
            f"{len(report.unchanged)} already present (left as they are); "
            f"French and Spanish filled in for {len(report.translated)}."
        )
        if not options["dry_run"]:
            self.stdout.write(self.style.SUCCESS("Work plan loaded."))
