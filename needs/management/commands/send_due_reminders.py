from django.core.management.base import BaseCommand
from django.db import transaction

from needs import reminders
from workplan import outbox


class Command(BaseCommand):
    help = (
        "Queue the needs-assessment reminders due now (each round's schedule) and deliver the "
        "outbox: new messages and failed ones due for another attempt. Safe to run every hour: "
        "a reminder is queued once per round, step and person, and a sent message is never "
        "sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be queued, queue and send nothing",
        )
        parser.add_argument(
            "--no-deliver", action="store_true", help="queue only; leave delivery to a later run"
        )

    def handle(self, *args, dry_run=False, no_deliver=False, **options):
        with transaction.atomic():
            queued = reminders.reminders_queue_due()
            for message in queued:
                self.stdout.write(f"  {message.country or '-'}: {message.recipient}")
            self.stdout.write(f"{len(queued)} reminder(s) queued.")
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write(self.style.WARNING("Dry run: nothing was queued or sent."))
                return
        if no_deliver:
            return
        sent, failed = outbox.outbox_deliver()
        style = self.style.SUCCESS if not failed else self.style.WARNING
        self.stdout.write(style(f"{sent} message(s) sent, {failed} failed (retried later)."))
