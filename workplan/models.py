"""The work plan core: countries, bodies, work plans, strands, activities, money, focal points."""

from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan.budget import BudgetRange, budget_sums


class Region(models.TextChoices):
    """The six CMS regions used for representation on the Standing Committee."""

    AFRICA = "africa", _("Africa")
    ASIA = "asia", _("Asia")
    CSA = "csa", _("Central and South America and the Caribbean")
    EUROPE = "europe", _("Europe")
    NORTH_AMERICA = "north_america", _("North America")
    OCEANIA = "oceania", _("Oceania")


class CountryQuerySet(models.QuerySet):
    def parties(self):
        return self.filter(is_party=True)

    def in_region(self, region):
        return self.filter(region=region) if region else self


class Country(models.Model):
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("CMS region"), max_length=20, choices=Region.choices)
    is_party = models.BooleanField(_("CMS Party"), default=False)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        ordering = ["name"]
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_two_capitals"
            )
        ]

    def __str__(self):
        return self.name


class Body(models.Model):
    """A responsible actor as the plan writes it: "CMS Sec.", "NFPs", "ScC", "StC" ..."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        NATIONAL = "national", _("National Focal Points")
        COUNCIL = "council", _("Council or committee")
        PARTNER = "partner", _("Partner organisation")

    code = models.CharField(_("short code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("body")
        ordering = ["pk"]
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.code


class WorkPlan(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    document_symbol = models.CharField(_("document"), max_length=100, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")), name="workplan_years_in_order"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workplan:workplan-detail", kwargs={"slug": self.slug})

    @property
    def period(self):
        return f"{self.start_year}-{self.end_year}"


class StrandQuerySet(models.QuerySet):
    def with_budget_totals(self):
        """Each strand with ``budget_minimum``, ``budget_maximum`` and ``budget_undetermined``
        of its activities: the one way the plan's budget totals are computed."""
        return self.annotate(**budget_sums("activities__"))


class Strand(models.Model):
    workplan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="strands", verbose_name=_("work plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    objective = models.TextField(_("objective"))
    note = models.TextField(_("note"), blank=True)

    objects = StrandQuerySet.as_manager()

    class Meta:
        verbose_name = _("strand")
        verbose_name_plural = _("strands")
        ordering = ["workplan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["workplan", "number"], name="strand_unique_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Phase(models.TextChoices):
    """The four phases of action of paragraph 11."""

    PLANNING = "planning", _("Planning")
    CONSTRUCTION = "construction", _("Construction")
    IMPLEMENTATION = "implementation", _("Implementation")
    FEEDBACK = "feedback", _("Feedback and M&E")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", _("Cancelled")


class Sector(models.TextChoices):
    """DAC 5-digit purpose codes (IATI Sector vocabulary 1) that fit the plan's activities."""

    ENVIRONMENTAL_POLICY = "41010", _("41010 Environmental policy and administrative management")
    BIOSPHERE = "41020", _("41020 Biosphere protection")
    BIODIVERSITY = "41030", _("41030 Biodiversity")
    ENVIRONMENTAL_EDUCATION = "41081", _("41081 Environmental education/training")
    ENVIRONMENTAL_RESEARCH = "41082", _("41082 Environmental research")


class ActivityQuerySet(models.QuerySet):
    def for_workplan(self, workplan):
        return self.filter(strand__workplan=workplan)

    def with_related(self):
        """Everything a list of activities shows, in three queries whatever the row count."""
        return self.select_related("strand", "strand__workplan").prefetch_related("bodies")


class Activity(BudgetRange):
    strand = models.ForeignKey(
        Strand, on_delete=models.CASCADE, related_name="activities", verbose_name=_("strand")
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    responsibility = models.CharField(
        _("responsibility as written"),
        max_length=300,
        blank=True,
        help_text=_("The plan's own words for who is responsible."),
    )
    bodies = models.ManyToManyField(
        Body, verbose_name=_("responsible bodies"), related_name="activities", blank=True
    )
    methodology = models.TextField(_("methodology and expected outcome"), blank=True)
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.PLANNING
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    budget_text = models.TextField(
        _("budget estimate as written"), blank=True, help_text=_("The plan's own words.")
    )
    budget_basis = models.CharField(
        _("budget basis"),
        max_length=100,
        blank=True,
        help_text=_('What one estimate covers, e.g. "per regional training".'),
    )
    no_additional_funds = models.BooleanField(_("no additional funds required"), default=False)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    sector = models.CharField(
        _("DAC sector"),
        max_length=5,
        choices=Sector.choices,
        default=Sector.ENVIRONMENTAL_POLICY,
        help_text=_("The OECD DAC purpose code this activity is reported under (IATI)."),
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, related_name="enables", blank=True, verbose_name=_("depends on")
    )
    version = AutoIncVersionField(verbose_name=_("version"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    history = HistoricalRecords(m2m_fields=[bodies])
    objects = ActivityQuerySet.as_manager()

    class Meta(BudgetRange.Meta):
        verbose_name = _("activity")
        ordering = ["strand__workplan", "strand__number", "code"]
        verbose_name_plural = _("activities")
        permissions = [
            ("import_activity", "Can import activities"),
            ("export_activity", "Can export activities"),
        ]
        constraints = [
            *BudgetRange.Meta.constraints,
            models.UniqueConstraint(fields=["strand", "code"], name="activity_unique_code"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_start__lte=models.F("planned_end")),
                name="activity_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "workplan:activity-detail",
            kwargs={"slug": self.strand.workplan.slug, "code": self.code},
        )

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = self.budget_errors()
        if self.planned_start and self.planned_end and self.planned_start > self.planned_end:
            errors["planned_end"] = _("The planned end must not be before the planned start.")
        if errors:
            raise ValidationError(errors)


class ProgressUpdate(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="updates", verbose_name=_("activity")
    )
    date = models.DateField(_("date"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.activity.code} {self.date}"


class ContributionQuerySet(models.QuerySet):
    def for_workplan(self, workplan):
        return self.filter(workplan=workplan)


class Contribution(models.Model):
    """A voluntary contribution (Action requested b), earmarked to an activity or to core."""

    class State(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        RECEIVED = "received", _("Received")

    class Kind(models.TextChoices):
        EARMARKED = "earmarked", _("Earmarked to an activity")
        CORE = "core", _("Core budget")

    workplan = models.ForeignKey(
        WorkPlan,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("work plan"),
    )
    donor = models.CharField(_("donor"), max_length=200)
    donor_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("donor country"),
    )
    amount_usd = models.DecimalField(_("amount (US$)"), max_digits=12, decimal_places=2)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        help_text=_("Required for an earmarked contribution, empty for core."),
        verbose_name=_("activity"),
    )
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    version = AutoIncVersionField(verbose_name=_("version"))

    history = HistoricalRecords()
    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-date", "-pk"]
        permissions = [
            ("import_contribution", "Can import contributions"),
            ("export_contribution", "Can export contributions"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_usd__gt=0), name="contribution_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind="earmarked", activity__isnull=False)
                | Q(kind="core", activity__isnull=True),
                name="contribution_earmarked_has_activity",
            ),
        ]

    def __str__(self):
        from workplan.formats import money_format

        return f"{self.donor}: {money_format(self.amount_usd)} ({self.get_state_display()})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.EARMARKED and not self.activity_id:
            raise ValidationError({"activity": _("An earmarked contribution needs an activity.")})
        if self.kind == self.Kind.CORE and self.activity_id:
            raise ValidationError({"activity": _("A core contribution has no activity.")})
        if (
            self.activity_id
            and self.workplan_id
            and self.activity.strand.workplan_id != (self.workplan_id)
        ):
            raise ValidationError({"activity": _("The activity belongs to another work plan.")})


class FocalPoint(models.Model):
    """Links a login to the country it speaks for. The only source of an NFP's country."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point",
        verbose_name=_("user"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="focal_points", verbose_name=_("country")
    )
    is_main = models.BooleanField(_("main focal point"), default=True)
    since = models.DateField(_("since"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["country__name", "-is_main"]

    def __str__(self):
        return f"{self.user} ({self.country.iso2})"


class UserProfile(models.Model):
    """What a login prefers: the language of its pages and of the e-mails sent to it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Pages and e-mails use it. Empty until the person first chooses one."),
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return str(self.user)


class PasswordResetRequest(models.Model):
    """One password-reset e-mail asked for, kept for the rate limit's window: per address (kept
    as a digest, never the address itself) and per client address."""

    # Not project data: writing one does not make the cached figures stale.
    figures_irrelevant = True

    email_digest = models.CharField(max_length=64, db_index=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("password-reset request")
        verbose_name_plural = _("password-reset requests")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.client_ip or ''}"


# --- The outbox every message goes through ----------------------------------------------------


class OutboxMessageQuerySet(models.QuerySet):
    def deliverable(self, now):
        """Queued, or failed and due for another attempt."""
        return self.filter(
            state__in=[OutboxMessage.State.QUEUED, OutboxMessage.State.FAILED],
            next_attempt_at__isnull=False,
            next_attempt_at__lte=now,
        )

    def about(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class OutboxMessage(models.Model):
    """One e-mail to one recipient: recorded first, delivered after the commit, retried.

    ``dedupe_key`` makes a scheduled message unique (a reminder step per round and person):
    running the reminder command twice cannot queue it twice.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        RETURNED = "returned", _("Response returned")
        ACCEPTED = "accepted", _("Response accepted")
        REOPEN_REQUESTED = "reopen_requested", _("Reopening requested")
        REOPEN_GRANTED = "reopen_granted", _("Reopening granted")
        MAIL = "mail", _("Other e-mail (password reset, invitations)")

    recipient = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient's login"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MAIL)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("about (type)"),
    )
    object_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["content_type", "object_id"], name="outbox_about"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_time"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"
