import secrets
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.seed import SCALES, DemoDataExists, demo_seed


class Command(BaseCommand):
    help = (
        "Fill an empty database with deterministic demo data: ten triennia (1997-2026) of work "
        "plans, activities, contributions, needs assessments answered by every Party, training "
        "programmes and events, evaluation questionnaires answered by every Party, indicators "
        "with measurements and the handbook, with their audit history. large = 133 Parties, "
        "about 20,000 training needs and 150,000 answers; small is about a tenth of that; tiny "
        "is for tests. Refuses to run twice on the same database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--dry-run", action="store_true", help="build everything, then roll it back"
        )
        parser.add_argument(
            "--password",
            help="password of the demo logins (demo-secretariat, demo-stc, demo-scc, demo-nfp); "
            "a random one is made and printed when not given",
        )

    def handle(self, *args, **options):
        password = options["password"] or secrets.token_urlsafe(12)
        started = time.monotonic()
        try:
            counts = demo_seed(
                scale=options["scale"],
                password=password,
                stdout=self.stdout,
                dry_run=options["dry_run"],
            )
        except DemoDataExists as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING("Dry run: everything was rolled back."))
        if not options["dry_run"]:
            # Fresh planner statistics: without them PostgreSQL plans the first queries over
            # the new rows as if the tables were empty (nested loops over 150,000 answers).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        verb = "would hold" if options["dry_run"] else "now holds"
        self.stdout.write(f"The database {verb}:")
        for label, count in counts.items():
            self.stdout.write(f"  {label:<26} {count:>9,}")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded scale {options['scale']!r} in {seconds:.1f}s.")
        )
        if not options["dry_run"]:
            self.stdout.write(
                "Demo logins: demo-secretariat, demo-stc, demo-scc, demo-nfp "
                f"(password: {password})"
            )
