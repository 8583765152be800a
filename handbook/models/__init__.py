"""Strand 2: the CMS Handbook, from its working group (2.1) to its measured use (2.6).

A HandbookPlan holds what the working group agreed (main content, target groups). Editions are
the books, one per language and version; chapters carry their status and the knowledge they draw
on (para 9). NFPs and partners suggest content (2.2) and the Secretariat triages every suggestion.

The models live in ``book`` (plans, editions, chapters, distributions, workshops) and
``contributions`` (partners, suggestions, dialogue); ``from handbook.models import X`` is the one
way in.
"""

from handbook.models.book import (
    HANDBOOK_BUDGET_TEXT,
    TOT_ONLY,
    Chapter,
    Distribution,
    Edition,
    EditionManager,
    EditionQuerySet,
    HandbookPlan,
    HandbookPlanManager,
    Language,
    TargetGroup,
    ToTWorkshop,
    WorkingGroupMember,
    WorkStatus,
)
from handbook.models.contributions import (
    DialogueEntry,
    Partner,
    Suggestion,
    SuggestionQuerySet,
    partner_of,
)

__all__ = [
    "HANDBOOK_BUDGET_TEXT",
    "TOT_ONLY",
    "Chapter",
    "DialogueEntry",
    "Distribution",
    "Edition",
    "EditionManager",
    "EditionQuerySet",
    "HandbookPlan",
    "HandbookPlanManager",
    "Language",
    "Partner",
    "Suggestion",
    "SuggestionQuerySet",
    "TargetGroup",
    "ToTWorkshop",
    "WorkStatus",
    "WorkingGroupMember",
    "partner_of",
]
