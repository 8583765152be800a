"""Strand 2: what others bring to the handbook: suggestions from NFPs and partners (2.2),
triaged by the Secretariat, and the dialogue between officials and scientists (2.5).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from handbook.models.book import Chapter, HandbookPlan
from workplan.access import can_read_all_countries, country_of, scope_to_country
from workplan.models import Body, Country


class Partner(models.Model):
    """A login for a partner organisation invited by the Secretariat to suggest content (2.2).

    Partners have no focal point and no role group: this record is what lets them in. They see
    only the suggestions they made themselves.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="handbook_partner",
        verbose_name=_("user"),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handbook_partners",
        verbose_name=_("body"),
    )
    active = models.BooleanField(_("may suggest content"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["organisation"]

    def __str__(self):
        return f"{self.organisation} ({self.user})"


def partner_of(user):
    """The active partner record of a login, or None. Cached on the user for the request."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_cms_handbook_partner"):
        user._cms_handbook_partner = Partner.objects.filter(user=user, active=True).first()
    return user._cms_handbook_partner


class SuggestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Secretariat and committees read all; an NFP their country's; a partner their own."""
        if (
            not can_read_all_countries(user)
            and country_of(user) is None
            and partner_of(user) is not None
        ):
            return self.filter(proposer=user, country__isnull=True)
        return scope_to_country(self, user)

    def with_related(self):
        return self.select_related(
            "country",
            "proposer",
            "target_chapter__edition",
            "accepted_chapter__edition",
            "merged_into",
            "triaged_by",
        )


class Suggestion(models.Model):
    """A theme or item an NFP or partner suggests for the handbook, and its triage (2.2)."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("suggestion status", "New")
        ACCEPTED = "accepted", _("Accepted into a chapter")
        MERGED = "merged", _("Merged with another suggestion")
        DECLINED = "declined", _("Declined")

    plan = models.ForeignKey(
        HandbookPlan,
        on_delete=models.PROTECT,
        related_name="suggestions",
        verbose_name=_("handbook plan"),
    )
    theme = models.CharField(_("theme"), max_length=200)
    target_chapter = models.ForeignKey(
        Chapter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targeted_suggestions",
        verbose_name=_("target chapter"),
    )
    text = models.TextField(_("suggestion"))
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handbook_suggestions",
        verbose_name=_("proposer"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handbook_suggestions",
        help_text=_("From the proposer's focal point; empty for a partner."),
        verbose_name=_("country"),
    )
    organisation = models.CharField(_("proposer organisation"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    accepted_chapter = models.ForeignKey(
        Chapter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accepted_suggestions",
        verbose_name=_("accepted into chapter"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_suggestions",
        verbose_name=_("merged with"),
    )
    triage_reason = models.TextField(_("reason"), blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("triaged by"),
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    idempotency_key = models.UUIDField(
        default=uuid.uuid4, editable=False, verbose_name=_("submission key")
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    history = HistoricalRecords()
    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]
        permissions = [("export_suggestion", "Can export suggestions")]
        indexes = [models.Index(fields=["country", "-created_at"])]
        constraints = [
            # A retried POST carries the same key: the second insert is refused.
            models.UniqueConstraint(
                fields=["proposer", "idempotency_key"], name="handbook_suggestion_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_chapter__isnull=False),
                name="handbook_suggestion_accepted_has_chapter",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="handbook_suggestion_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["merged", "declined"]) | ~Q(triage_reason=""),
                name="handbook_suggestion_reason_given",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.theme}"

    def get_absolute_url(self):
        return reverse("handbook:suggestion-detail", kwargs={"pk": self.pk})

    @property
    def proposer_label(self):
        return self.country.name if self.country_id else self.organisation


class DialogueEntry(models.Model):
    """An exchange between government officials and scientists (2.5, para 9)."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        WORKSHOP = "workshop", _("Workshop")
        VIDEO = "video", _("Video call")
        EMAIL = "email", _("E-mail or letter")
        OTHER = "other", _("Other")

    class FollowUpStatus(models.TextChoices):
        NONE = "none", _("No follow-up")
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    plan = models.ForeignKey(
        HandbookPlan,
        on_delete=models.CASCADE,
        related_name="dialogue",
        verbose_name=_("handbook plan"),
    )
    date = models.DateField(_("date"))
    bodies = models.ManyToManyField(Body, verbose_name=_("bodies taking part"), related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    summary = models.TextField(_("summary"))
    follow_up = models.TextField(_("agreed follow-up"), blank=True)
    follow_up_status = models.CharField(
        _("follow-up status"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.NONE,
    )
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[bodies])

    class Meta:
        verbose_name = _("dialogue entry")
        ordering = ["-date", "-pk"]
        verbose_name_plural = _("dialogue entries")
        permissions = [("export_dialogueentry", "Can export dialogue entries")]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_status="none") | ~Q(follow_up=""),
                name="handbook_dialogue_status_needs_follow_up",
            )
        ]

    def __str__(self):
        return f"{self.date} {self.get_channel_display()}"

    def clean(self):
        if self.follow_up_status != self.FollowUpStatus.NONE and not self.follow_up.strip():
            raise ValidationError(
                {"follow_up": _("Say what was agreed before giving the follow-up a status.")}
            )
