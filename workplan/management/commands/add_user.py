import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workplan.models import Country
from workplan.roles import ROLE_CHOICES
from workplan.services import user_create

PASSWORD_ENV = "CMS_USER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a login with a role. The password is asked for at a prompt, or read from the "
        f"{PASSWORD_ENV} environment variable when there is no terminal (scripts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_CHOICES))
        parser.add_argument("--country", help="ISO 3166 alpha-2 code; required for --role nfp")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, country, email, **options):
        country_obj = None
        if country:
            try:
                country_obj = Country.objects.get(iso2=country.upper())
            except Country.DoesNotExist:
                raise CommandError(
                    f"No country with code {country!r}. Run load_workplan first?"
                ) from None
        password = os.environ.get(PASSWORD_ENV)
        if not password:
            if not self.stdin_is_terminal():
                raise CommandError(f"No terminal to ask for a password: set {PASSWORD_ENV}.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            user = user_create(
                username=username, role=role, password=password, email=email, country=country_obj
            )
        except (ValueError, ValidationError) as error:
            raise CommandError(str(error)) from None
        where = f" for {country_obj}" if role == "nfp" else ""
        self.stdout.write(
            self.style.SUCCESS(f"Created {user.username} ({ROLE_CHOICES[role]}{where}).")
        )

    @staticmethod
    def stdin_is_terminal():
        import sys

        return sys.stdin.isatty()
