"""Strand 1, steps 1.1-1.2: the needs assessment by the NFPs.

Lookup lists, assessment rounds, the countries' responses, their prioritised training needs,
and what happened to a response (notices, attached documents).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    validate_comma_separated_integer_list,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan import access
from workplan.models import Country, WorkPlan


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    SUBREGIONAL = "subregional", _("Sub-regional")
    REGIONAL = "regional", _("Regional")


# --- Lookup lists the Secretariat edits in the admin ------------------------------------------


class LookupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Lookup(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("offered on the form"),
        default=True,
        help_text=_("Untick to stop offering it without losing the answers that use it."),
    )

    objects = LookupQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class TrainingTopic(Lookup):
    class Meta(Lookup.Meta):
        verbose_name_plural = _("training topics")
        verbose_name = _("training topic")


class TrainingType(Lookup):
    class Meta(Lookup.Meta):
        verbose_name = _("type of training")
        verbose_name_plural = _("types of training")


class TargetGroup(Lookup):
    class Meta(Lookup.Meta):
        verbose_name_plural = _("target groups")
        verbose_name = _("target group")


class Language(Lookup):
    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_('e.g. "fr"'))

    class Meta(Lookup.Meta):
        verbose_name_plural = _("languages")
        verbose_name = _("language")


# --- Assessment rounds and country responses --------------------------------------------------


class AssessmentRoundQuerySet(models.QuerySet):
    def open_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class AssessmentRound(models.Model):
    """A needs-assessment survey the Secretariat opens for every Party (1.1)."""

    workplan = models.ForeignKey(
        WorkPlan,
        on_delete=models.PROTECT,
        related_name="assessment_rounds",
        verbose_name=_("work plan"),
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(
        _("closes on"), help_text=_("Last day on which NFPs can change their response.")
    )
    remind_days_before = models.CharField(
        _("reminders, days before closing"),
        max_length=100,
        default="14,7,1",
        blank=True,
        validators=[validate_comma_separated_integer_list],
        help_text=_(
            "Focal points of Parties that have not submitted are reminded this many days "
            "before the round closes, e.g. 14,7,1. Empty: no reminder before."
        ),
    )
    remind_days_after = models.CharField(
        _("reminders, days after closing"),
        max_length=100,
        default="3",
        blank=True,
        validators=[validate_comma_separated_integer_list],
        help_text=_("And this many days after it closed, e.g. 3. Empty: none after."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = AssessmentRoundQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("assessment rounds")
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("assessment round")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("closes_on")), name="round_dates_in_order"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("needs:round-status", kwargs={"pk": self.pk})

    def clean(self):
        if self.opens_on and self.closes_on and self.opens_on > self.closes_on:
            raise ValidationError({"closes_on": _("A round cannot close before it opens.")})

    @property
    def is_open(self):
        today = timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    @property
    def has_closed(self):
        return timezone.localdate() > self.closes_on

    def reminder_steps(self):
        """The schedule as (offset, day) pairs in date order; offset is days from closing
        (negative before it). Days before the round opens are dropped."""
        before = [-int(n) for n in self.remind_days_before.split(",") if n.strip()]
        after = [int(n) for n in self.remind_days_after.split(",") if n.strip()]
        steps = {offset: self.closes_on + timedelta(days=offset) for offset in before + after}
        return sorted(
            ((offset, day) for offset, day in steps.items() if day >= self.opens_on),
            key=lambda step: step[1],
        )


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


# The status groups, named once: a response is *final* once submitted (or accepted after review),
# *editable* while a draft or returned for changes. Read them as ``CountryResponse.objects.final()``
# (``.editable()``), ``TrainingNeed.objects.submitted()``, ``response.is_final``.
FINAL_STATUSES = (ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED)
EDITABLE_STATUSES = (ResponseStatus.DRAFT, ResponseStatus.RETURNED)


class CountryResponseQuerySet(models.QuerySet):
    def final(self):
        """Submitted or accepted: the responses every count and analysis is made of."""
        return self.filter(status__in=FINAL_STATUSES)

    def editable(self):
        """Draft or returned for changes: what the focal point may still change."""
        return self.filter(status__in=EDITABLE_STATUSES)

    def visible_to(self, user):
        """The one scoping rule: NFPs see their country's, Secretariat and committees all."""
        return access.scope_to_country(self, user)


class CountryResponse(models.Model):
    """One country's answer to one round: its training needs and the gaps behind them (1.2)."""

    Status = ResponseStatus
    EDITABLE = EDITABLE_STATUSES
    FINAL = FINAL_STATUSES

    round = models.ForeignKey(
        AssessmentRound, on_delete=models.PROTECT, related_name="responses", verbose_name=_("round")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="needs_responses", verbose_name=_("country")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    existing_capacities = models.TextField(
        _("existing capacities"),
        blank=True,
        help_text=_("Institutions, experts, programmes and tools the country already has."),
    )
    ongoing_initiatives = models.TextField(
        _("ongoing initiatives to link with"),
        blank=True,
        help_text=_("Capacity-building efforts already under way (other MEAs, donors, NGOs)."),
    )
    constraints_and_gaps = models.TextField(
        _("binding constraints and gaps"),
        blank=True,
        help_text=_("What stops the country implementing CMS instruments effectively."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    # Raised by every service write: a form posted with an older version is a stale tab or a
    # second focal point, and is refused instead of overwriting what was saved since.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # The token of the form that submitted: a retried POST with the same token is a no-op.
    submission_key = models.UUIDField(_("submission key"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned by"),
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    reopen_requested_at = models.DateTimeField(_("reopening requested at"), null=True, blank=True)
    reopen_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopening requested by"),
    )

    history = HistoricalRecords()
    objects = CountryResponseQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("country responses")
        ordering = ["round", "country__name"]
        verbose_name = _("country response")
        permissions = [
            ("import_countryresponse", "Can import country responses"),
            ("export_countryresponse", "Can export country responses"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "country"], name="response_one_per_country_per_round"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "returned"]) | Q(submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.country} — {self.round}"

    def get_absolute_url(self):
        return reverse("needs:response-detail", kwargs={"pk": self.pk})

    @property
    def is_editable_status(self):
        return self.status in self.EDITABLE

    @property
    def is_final(self):
        return self.status in self.FINAL

    @property
    def reopen_requested(self):
        return self.reopen_requested_at is not None and self.status not in self.EDITABLE


# A "priority need" (country profile, coverage) is one marked 4 or 5 on the 1-5 scale.
PRIORITY_NEED_MIN = 4


class TrainingNeedQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(response__status__in=FINAL_STATUSES)

    def priority(self):
        """Needs of submitted responses marked 4 or 5: what programmes should answer first."""
        return self.submitted().filter(priority__gte=PRIORITY_NEED_MIN)

    def visible_to(self, user):
        return access.scope_to_country(self, user, "response__country")


class Urgency(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class TrainingNeed(models.Model):
    """One prioritised training need a country identified (para 5: priority or urgency, scope,
    type of training)."""

    Urgency = Urgency

    response = models.ForeignKey(
        CountryResponse, on_delete=models.CASCADE, related_name="needs", verbose_name=_("response")
    )
    topic = models.ForeignKey(TrainingTopic, on_delete=models.PROTECT, verbose_name=_("topic"))
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = low, 5 = highest."),
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.MEDIUM
    )
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    training_type = models.ForeignKey(
        TrainingType, on_delete=models.PROTECT, verbose_name=_("type of training")
    )
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, verbose_name=_("target group")
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, verbose_name=_("preferred language")
    )
    expected_trainees = models.PositiveIntegerField(
        _("expected number of trainees"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = TrainingNeedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("training needs")
        ordering = ["response", "-priority", "pk"]
        verbose_name = _("training need")
        permissions = [("export_trainingneed", "Can export training needs")]
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=5), name="need_priority_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(urgency__gte=1, urgency__lte=3), name="need_urgency_1_to_3"
            ),
        ]

    def __str__(self):
        return f"{self.topic} ({self.response.country}, P{self.priority})"

    # The check constraints as ranges: validated here in Python, the same rule as the database
    # keeps on write, instead of one query per constraint and row (a form of ten needs asked
    # the database twenty times).
    CHECKED_RANGES = {
        "need_priority_1_to_5": ("priority", 1, 5),
        "need_urgency_1_to_3": ("urgency", 1, 3),
    }

    def validate_constraints(self, exclude=None):
        exclude = exclude or ()
        errors = []
        for constraint in self._meta.constraints:
            if constraint.name not in self.CHECKED_RANGES:
                # A constraint added later is checked the usual way, never skipped.
                try:
                    constraint.validate(type(self), self, exclude=exclude)
                except ValidationError as error:
                    errors.append(error)
                continue
            name, low, high = self.CHECKED_RANGES[constraint.name]
            value = getattr(self, name)
            if name in exclude or value is None or low <= value <= high:
                continue
            errors.append(
                ValidationError(
                    constraint.get_violation_error_message(),
                    code=constraint.violation_error_code,
                )
            )
        if errors:
            raise ValidationError(errors)

    @property
    def score(self):
        return self.priority * self.urgency


# --- What happened to a response, shown on "My country", and its attached documents ----------


class Notice(models.Model):
    """Something the Secretariat did to a country's response, shown to its focal points."""

    class Kind(models.TextChoices):
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted")
        REOPEN_GRANTED = "reopen_granted", _("Reopened at your request")

    response = models.ForeignKey(CountryResponse, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.response}"


def attachment_path(instance, filename):
    # A random name: nothing of the uploader's file name reaches the storage path.
    return f"attachments/responses/{instance.response_id}/{uuid.uuid4().hex}{instance.extension}"


class ResponseAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Whoever may see the response may see its documents; nobody else."""
        return self.filter(response__in=CountryResponse.objects.visible_to(user))


class ResponseAttachment(models.Model):
    """A document attached to a country's response (a national strategy, a training report)."""

    response = models.ForeignKey(
        CountryResponse, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    # The same content twice on one response is a double click, not a second document.
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    objects = ResponseAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attached document")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "sha256"], name="attachment_once_per_response"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("needs:attachment-download", kwargs={"pk": self.pk})


# --- Nominations of trainees by the focal points (1.4) ----------------------------------------
# Kept apart from the rest: a nomination holds personal data (name, e-mail, function,
# institution) that only the Secretariat and the nominating country's focal points may read,
