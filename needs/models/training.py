"""Strand 1, steps 1.3-1.6: the training programmes the needs lead to.

Programmes and their modules (1.3), training events (1.4), follow-ups (1.6), and the trainees
the focal points nominate for a training.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from needs.models.assessment import Language, Scope, TargetGroup, TrainingNeed, TrainingTopic
from workplan import access, roles
from workplan.models import BudgetRange, Country, Region, WorkPlan

# The plan sizes a regional training at 3-4 days for 20-40 trainees (activity 1.4).
EVENT_DAYS = (3, 4)
EVENT_TRAINEES = (20, 40)


class TrainingProgramme(BudgetRange):
    """A tailor-made programme designed from prioritised needs (1.2-1.3)."""

    STEPS = [
        ("1.1", _("Needs assessment conducted")),
        ("1.2", _("Objective clarified and target group identified")),
        ("1.3", _("Programme and modules designed")),
        ("1.4", _("Training conducted")),
        ("1.5", _("Progress monitored and impact evaluated")),
        ("1.6", _("Follow-up designed")),
    ]

    title = models.CharField(_("title"), max_length=200)
    workplan = models.ForeignKey(
        WorkPlan,
        on_delete=models.PROTECT,
        related_name="training_programmes",
        verbose_name=_("work plan"),
    )
    needs = models.ManyToManyField(
        TrainingNeed, related_name="programmes", blank=True, verbose_name=_("training needs")
    )
    objective = models.TextField(_("clarified objective"), blank=True)
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("target group"),
    )
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_programmes",
        help_text=_("For a national programme."),
        verbose_name=_("country"),
    )
    region = models.CharField(
        _("CMS region"),
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text=_("For a regional or sub-regional programme."),
    )
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    impact_evaluated_on = models.DateField(
        _("impact evaluated on"),
        null=True,
        blank=True,
        help_text=_("Step 1.5: when progress was monitored and impact evaluated."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    history = HistoricalRecords()

    class Meta(BudgetRange.Meta):
        verbose_name_plural = _("training programmes")
        ordering = ["-created_at", "-pk"]
        verbose_name = _("training programme")

    def __str__(self):
        return self.title

    def clean(self):
        errors = self.budget_errors()
        if self.scope == Scope.NATIONAL and self.region:
            errors["region"] = _("A national programme has a country, not a region.")
        if self.scope in (Scope.REGIONAL, Scope.SUBREGIONAL) and self.country_id:
            errors["country"] = _("A regional programme has a region, not a country.")
        if errors:
            raise ValidationError(errors)

    def steps_reached(self):
        """Which of steps 1.1-1.6 the programme has reached, as (code, label, done) rows.

        Reads counts annotated by the admin when present, so a list does not query per row.
        """
        needs = getattr(self, "needs_count", None)
        modules = getattr(self, "modules_count", None)
        events = getattr(self, "events_count", None)
        followups = getattr(self, "followups_count", None)
        if needs is None:
            needs = self.needs.count()
            modules = self.modules.count()
            events = self.events.count()
            followups = self.followups.count()
        done = {
            "1.1": needs > 0,
            "1.2": bool(self.objective and self.target_group_id),
            "1.3": modules > 0,
            "1.4": events > 0,
            "1.5": self.impact_evaluated_on is not None,
            "1.6": followups > 0,
        }
        return [(code, label, done[code]) for code, label in self.STEPS]

    def current_step(self):
        reached = [code for code, _label, done in self.steps_reached() if done]
        return reached[-1] if reached else ""


class Module(models.Model):
    """A training module with its tools and materials (1.3)."""

    programme = models.ForeignKey(
        TrainingProgramme,
        on_delete=models.CASCADE,
        related_name="modules",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.ForeignKey(
        TrainingTopic, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("topic")
    )
    tools_and_materials = models.TextField(_("tools and materials"), blank=True)
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("language")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name_plural = _("modules")
        ordering = ["programme", "order", "pk"]
        verbose_name = _("module")

    def __str__(self):
        return self.title


class TrainingEventQuerySet(models.QuerySet):
    def held(self, day=None):
        """Trainings that have ended: the ones that can have answered a need."""
        return self.filter(end_date__lte=day or timezone.localdate())

    def upcoming(self, day=None):
        return self.filter(end_date__gte=day or timezone.localdate())


class TrainingEvent(models.Model):
    """A training held (1.4), or a training of trainers (2.4, para 10)."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional training")
        NATIONAL = "national", _("National training")
        TOT = "tot", _("Training of trainers")

    programme = models.ForeignKey(
        TrainingProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Empty for a training of trainers that belongs to no programme."),
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_training_events",
        verbose_name=_("host country"),
    )
    region = models.CharField(_("CMS region"), max_length=20, choices=Region.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("language")
    )
    trainees_women = models.PositiveIntegerField(_("trainees: women"), default=0)
    trainees_men = models.PositiveIntegerField(_("trainees: men"), default=0)
    trainees_other = models.PositiveIntegerField(_("trainees: other or undisclosed"), default=0)
    participating_countries = models.ManyToManyField(
        Country,
        related_name="training_events",
        blank=True,
        verbose_name=_("participating countries"),
    )
    trainers = models.TextField(_("trainers"), blank=True, help_text=_("Names, one a line."))
    estimated_cost = models.DecimalField(
        _("estimated cost (US$)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual_cost = models.DecimalField(
        _("actual cost (US$)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # --- Calendar and nominations: the announcement, seats and deadline (see Nomination) ---
    needs = models.ManyToManyField(
        TrainingNeed,
        related_name="training_events",
        blank=True,
        verbose_name=_("training needs answered"),
    )
    seats_per_party = models.PositiveSmallIntegerField(
        _("seats per Party"),
        null=True,
        blank=True,
        help_text=_("How many trainees each Party may nominate. Empty: no nominations."),
    )
    nomination_deadline = models.DateField(
        _("nomination deadline"),
        null=True,
        blank=True,
        help_text=_("Last day on which focal points can nominate trainees."),
    )
    details = models.TextField(
        _("details for logged-in users"),
        blank=True,
        help_text=_("Venue, logistics, contacts: not shown on the public calendar."),
    )

    history = HistoricalRecords()
    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("training events")
        ordering = ["-start_date", "-pk"]
        verbose_name = _("training event")
        permissions = [
            ("import_trainingevent", "Can import training events"),
            ("export_trainingevent", "Can export training events"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=models.F("end_date")), name="event_dates_in_order"
            ),
            models.CheckConstraint(
                condition=(Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0))
                & (Q(actual_cost__isnull=True) | Q(actual_cost__gte=0)),
                name="event_costs_not_negative",
            ),
        ]

    def __str__(self):
        from django.utils.formats import date_format

        return f"{self.title} ({date_format(self.start_date)})"

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.start_date > self.end_date:
            errors["end_date"] = _("The end date must not be before the start date.")
        for name in ("estimated_cost", "actual_cost"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("A cost cannot be negative.")
        if errors:
            raise ValidationError(errors)

    @property
    def days(self):
        if not (self.start_date and self.end_date):
            return None
        return (self.end_date - self.start_date).days + 1

    @property
    def trainees_total(self):
        return (self.trainees_women or 0) + (self.trainees_men or 0) + (self.trainees_other or 0)

    def sizing_warnings(self):
        """Where the event departs from the plan's 3-4 days and 20-40 trainees. Advice only."""
        warnings = []
        days = self.days
        if days is not None and not EVENT_DAYS[0] <= days <= EVENT_DAYS[1]:
            warnings.append(
                _("It lasts %(days)s days; the plan sizes a training at 3-4 days.") % {"days": days}
            )
        total = self.trainees_total
        if not EVENT_TRAINEES[0] <= total <= EVENT_TRAINEES[1]:
            warnings.append(
                _("It has %(n)s trainees; the plan sizes a training at 20-40 trainees.")
                % {"n": total}
            )
        return warnings


class FollowUp(models.Model):
    """A follow-up training or measure (1.6), subject to the results recorded by M&E.

    The evaluation that motivated it lives in the evaluation app, which may point here; needs
    does not import evaluation, so ``motivated_by`` keeps the reason in words.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    programme = models.ForeignKey(
        TrainingProgramme,
        on_delete=models.CASCADE,
        related_name="followups",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    motivated_by = models.TextField(
        _("motivated by"), blank=True, help_text=_("The evaluation result that called for it.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name_plural = _("follow-ups")
        ordering = ["programme", "-created_at"]
        verbose_name = _("follow-up")

    def __str__(self):
        return self.title


# and that the Secretariat erases on request (services.nomination_erase).


class TraineeGender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other or not stated")


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Names are personal data: the Secretariat sees all, a focal point their country's."""
        return access.scope_to_country(self, user, read_all=roles.is_secretariat)

    def holding_seats(self):
        """Pending and confirmed nominations: a declined one frees its seat."""
        return self.exclude(status=Nomination.Status.DECLINED)

    def confirmed(self):
        return self.filter(status=Nomination.Status.CONFIRMED)


class Nomination(models.Model):
    """A trainee a focal point nominates for a training; the Secretariat confirms or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the Secretariat")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(
        TrainingEvent,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("training"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("country")
    )
    # Blank only once erased: the nomination form requires name and e-mail.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    # Kept after erasure, without the identity, so counts by gender stay right.
    gender = models.CharField(_("gender"), max_length=10, choices=TraineeGender.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("identity erased at"), null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "country__name", "pk"]
        verbose_name = _("nomination")
        constraints = [
            # One nomination per person and training; erased rows have no e-mail left.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email=""),
                name="nomination_one_per_email_per_event",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="nomination_decided_has_time",
            ),
        ]

    def __str__(self):
        # No name here: the admin's log and messages keep this text after an erasure.
        return _("Nomination %(pk)s (%(country)s)") % {"pk": self.pk, "country": self.country}

    @property
    def is_erased(self):
        return self.erased_at is not None
