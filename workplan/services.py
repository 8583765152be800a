"""Writes for the work plan core. Views, admin, commands and imports all call these."""

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation

from workplan import roles
from workplan.models import (
    Activity,
    Body,
    Country,
    FocalPoint,
    Region,
    Sector,
    Strand,
    WorkPlan,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
WORKPLAN_2012_2014 = DATA_DIR / "workplan_2012_2014.json"
COUNTRIES_CSV = DATA_DIR / "countries.csv"

_AMOUNT = r"(\d{1,3}(?:,\d{3})+|\d+)"
_RANGE = re.compile(rf"US\$\s*{_AMOUNT}\s*(?:-|–|to)\s*{_AMOUNT}")
_SINGLE = re.compile(rf"US\$\s*{_AMOUNT}")
_NO_FUNDS = re.compile(r"no additional funds required", re.IGNORECASE)


@dataclass(frozen=True)
class Budget:
    minimum: Decimal | None
    maximum: Decimal | None
    no_additional_funds: bool


def _amount(text):
    return Decimal(text.replace(",", ""))


def budget_parse(text):
    """Read the plan's budget words into a (min, max) range in US$.

    "US$ 70,000-120,000" is a range, "Around US$30,000" is a single figure (min = max),
    "No additional funds required ..." is zero with the flag set, and anything else
    ("Shall be determined according to the need") stays empty: not known yet.
    """
    if match := _RANGE.search(text):
        return Budget(_amount(match[1]), _amount(match[2]), False)
    if match := _SINGLE.search(text):
        value = _amount(match[1])
        return Budget(value, value, False)
    if _NO_FUNDS.search(text):
        return Budget(Decimal("0"), Decimal("0"), True)
    return Budget(None, None, False)


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    translated: list = field(default_factory=list)

    def add(self, obj, created):
        (self.created if created else self.unchanged).append(str(obj))


@transaction.atomic
def workplan_load(*, path=WORKPLAN_2012_2014):
    """Load a work plan from its transcription. Creates what is missing, never overwrites.

    Rows are matched on their natural keys (work plan slug, strand number, activity code), so a
    second run changes nothing and a staff edit made since the first run survives. The French
    and Spanish texts come from the translations beside the file (``<name>.fr.json``,
    ``<name>.es.json``) and fill only translations that are still empty.
    """
    # The transcription is English: whatever language is active, it goes into the _en fields.
    with translation.override(settings.LANGUAGE_CODE):
        workplan, report = _workplan_load_english(path)
    for language in ("fr", "es"):
        translated = Path(path).with_suffix(f".{language}.json")
        if translated.exists():
            _workplan_translations_fill(workplan, translated, language, report)
    return workplan, report


def _workplan_translations_fill(workplan, path, language, report):
    """Fill the empty <field>_<language> columns of the plan from a translation file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("language") != language:
        raise ValueError(f"{path}: says language {data.get('language')!r}, expected {language!r}")

    def fill(obj, values):
        changed = [
            f"{name}_{language}"
            for name, text in values.items()
            if text and not getattr(obj, f"{name}_{language}")
        ]
        for field_name in changed:
            setattr(obj, field_name, values[field_name.rsplit("_", 1)[0]])
        if changed:
            obj.save(update_fields=changed)
            report.translated.append(f"{obj} ({language})")

    fill(workplan, data.get("workplan", {}))
    bodies = {b.code: b for b in Body.objects.filter(code__in=data.get("bodies", {}))}
    for code, name in data.get("bodies", {}).items():
        if code in bodies:
            fill(bodies[code], {"name": name})
    strands = {str(s.number): s for s in workplan.strands.all()}
    for number, values in data.get("strands", {}).items():
        if number in strands:
            fill(strands[number], values)
    activities = {a.code: a for a in Activity.objects.filter(strand__workplan=workplan)}
    for code, values in data.get("activities", {}).items():
        if code in activities:
            fill(activities[code], values)


def _workplan_load_english(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    report = LoadReport()
    bodies = {}
    for spec in data["bodies"]:
        body, created = Body.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "kind": spec["kind"]}
        )
        bodies[body.code] = body
        report.add(body, created)

    workplan, created = WorkPlan.objects.get_or_create(
        slug=data["slug"],
        defaults={
            "title": data["title"],
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "adopted_by": data["adopted_by"],
            "adopted_on": date.fromisoformat(data["adopted_on"]),
            "document_symbol": data["document_symbol"],
            "introduction": data["introduction"],
        },
    )
    report.add(workplan, created)
    start, end = date(data["start_year"], 1, 1), date(data["end_year"], 12, 31)

    new_activities = {}
    for strand_spec in data["strands"]:
        strand, created = Strand.objects.get_or_create(
            workplan=workplan,
            number=strand_spec["number"],
            defaults={
                "title": strand_spec["title"],
                "objective": strand_spec["objective"],
                "note": strand_spec.get("note", ""),
            },
        )
        report.add(strand, created)
        for spec in strand_spec["activities"]:
            if Activity.objects.filter(strand=strand, code=spec["code"]).exists():
                report.unchanged.append(spec["code"])
                continue
            budget = budget_parse(spec["budget_text"])
            activity = Activity(
                strand=strand,
                code=spec["code"],
                title=spec["title"],
                responsibility=spec["responsibility"],
                methodology=spec["methodology"],
                phase=spec["phase"],
                budget_min=budget.minimum,
                budget_max=budget.maximum,
                budget_text=spec["budget_text"],
                budget_basis=spec.get("budget_basis", ""),
                no_additional_funds=budget.no_additional_funds,
                planned_start=start,
                planned_end=end,
                sector=spec.get("sector", Sector.ENVIRONMENTAL_POLICY),
            )
            activity.full_clean()
            activity.save()
            activity.bodies.set([bodies[code] for code in spec["bodies"]])
            new_activities[spec["code"]] = (activity, spec.get("depends_on", []))
            report.created.append(str(activity))

    # Dependencies only for activities created now: an edited one keeps its own.
    for activity, depends_on in new_activities.values():
        if depends_on:
            activity.depends_on.set(
                Activity.objects.filter(strand__workplan=workplan, code__in=depends_on)
            )
    return workplan, report


def country_names(iso2, english):
    """name_en as given; name_fr and name_es from django-countries (ISO 3166), when it knows
    the code (an empty one falls back to English)."""
    from django_countries import countries

    names = {"name_en": english}
    for code in ("fr", "es"):
        with translation.override(code):
            names[f"name_{code}"] = str(countries.name(iso2) or "")
    return names


REGIONS_BY_LABEL = {str(label): value for value, label in Region.choices}


@transaction.atomic
def countries_load(*, path=COUNTRIES_CSV):
    """Load the countries and their CMS regions. Creates missing ones, never overwrites."""
    report = LoadReport()
    existing = set(Country.objects.values_list("iso2", flat=True))
    new = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            region = REGIONS_BY_LABEL.get(row["region"])
            if region is None:
                raise ValueError(f"{path}: line {line}: unknown CMS region {row['region']!r}")
            if row["iso2"] in existing:
                report.unchanged.append(row["iso2"])
                continue
            country = Country(
                iso2=row["iso2"],
                **country_names(row["iso2"], row["name"]),
                region=region,
                is_party=row["is_party"] == "1",
            )
            country.full_clean()
            new.append(country)
            report.created.append(row["iso2"])
    Country.objects.bulk_create(new)
    return report


@transaction.atomic
def user_create(*, username, role, password, email="", country=None):
    """Create a login with one role; an NFP needs the country they speak for."""
    if role not in roles.ROLE_CHOICES:
        raise ValueError(f"Unknown role {role!r}: use one of {', '.join(roles.ROLE_CHOICES)}.")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValueError(f"A user called {username!r} already exists.")
    if role == "nfp" and country is None:
        raise ValueError("A National Focal Point needs --country (ISO 3166 alpha-2).")
    user = User(username=username, email=email, is_staff=role == "secretariat")
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=roles.ROLE_CHOICES[role]))
    if role == "nfp":
        FocalPoint.objects.create(
            user=user, country=country, is_main=not country.focal_points.exists()
        )
    return user


@transaction.atomic
def user_role_set(*, user, role, country=None):
    """Give a login exactly one of the four roles (or none, with ``role=""``) and, for a National
    Focal Point, the country it speaks for. Groups outside the four roles are left alone; staff
    status follows the role (the Secretariat works in the admin, no other role does), except for
    superusers, whose flags only a superuser sets by hand."""
    if role and role not in roles.ROLE_CHOICES:
        raise ValueError(f"Unknown role {role!r}: use one of {', '.join(roles.ROLE_CHOICES)}.")
    if role == "nfp" and country is None:
        raise ValueError("A National Focal Point needs a country.")
    role_groups = Group.objects.filter(name__in=roles.ROLE_CHOICES.values())
    user.groups.remove(*role_groups)
    if role:
        user.groups.add(role_groups.get(name=roles.ROLE_CHOICES[role]))
        if not user.is_superuser:
            user.is_staff = role == "secretariat"
            user.full_clean()
            user.save(update_fields=["is_staff"])
    if role == "nfp":
        focal_point = FocalPoint.objects.filter(user=user).first()
        if focal_point is None:
            focal_point = FocalPoint(user=user, is_main=not country.focal_points.exists())
        elif focal_point.country_id != country.pk:
            # Moved to another country: main there only if that country has no main yet.
            focal_point.is_main = not country.focal_points.filter(is_main=True).exists()
        focal_point.country = country
        focal_point.full_clean()
        focal_point.save()
    else:
        FocalPoint.objects.filter(user=user).delete()
    # Role checks cache the groups on the user object for the request.
    for attr in ("_cms_roles", "_cms_country"):
        user.__dict__.pop(attr, None)
    return user


@transaction.atomic
def user_deactivate(*, user):
    """Switch a login off: it can no longer log in, and its open sessions stop working at their
    next request (Django refuses an inactive user). Nothing it entered is removed."""
    if user.is_active:
        user.is_active = False
        user.full_clean()
        user.save(update_fields=["is_active"])
    return user


def user_password_reset_send(*, user, domain, use_https):
    """E-mail the user a link to choose a new password, in the language they read, with Django's
    own token and templates (the same e-mail as the "Forgotten your password?" page).

    Returns False, sending nothing, when the login has no e-mail address or is deactivated.
    """
    from django.conf import settings
    from django.contrib.auth.forms import PasswordResetForm
    from django.contrib.auth.tokens import default_token_generator
    from django.utils import translation
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from workplan.i18n import preferred_language

    email = user.email
    if not email or not user.is_active:
        return False
    context = {
        "email": email,
        "domain": domain,
        "site_name": "CMS Capacity Building",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    with translation.override(preferred_language(user)):
        PasswordResetForm().send_mail(
            "registration/password_reset_subject.txt",
            "registration/password_reset_email.html",
            context,
            settings.DEFAULT_FROM_EMAIL,
            email,
        )
    return True


def _email_digest(email):
    import hashlib

    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


@transaction.atomic
def password_reset_request_admit(*, email, client_ip):
    """Record a request for a password-reset e-mail, or refuse it when the address or the
    client has asked too often within the window. Returns True when the e-mail may be sent.

    Counted whether or not a login has that address, so the answer reveals nothing about which
    addresses exist. Requests older than the window are forgotten here.
    """
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from workplan.models import PasswordResetRequest

    since = timezone.now() - timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    PasswordResetRequest.objects.filter(created_at__lt=since).delete()
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    digest = _email_digest(email)
    if recent.filter(email_digest=digest).count() >= settings.PASSWORD_RESET_PER_ADDRESS:
        return False
    if (
        client_ip
        and recent.filter(client_ip=client_ip).count() >= settings.PASSWORD_RESET_PER_CLIENT
    ):
        return False
    request = PasswordResetRequest(email_digest=digest, client_ip=client_ip or None)
    request.full_clean()
    request.save()
    return True
