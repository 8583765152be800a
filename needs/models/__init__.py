"""Strand 1: needs assessment by the NFPs (1.1, 1.2) and the training programmes it leads to
(1.3-1.6).

Each prioritised training need follows the plan's steps: assessed (1.1), objective and target
group clarified (1.2), programme and modules designed (1.3), events held (1.4), progress
monitored and impact evaluated (1.5), follow-ups designed (1.6).

The models live in ``assessment`` (1.1-1.2) and ``training`` (1.3-1.6); everything is imported
here, so ``from needs.models import X`` is the one way in.
"""

from needs.models.assessment import (
    EDITABLE_STATUSES,
    FINAL_STATUSES,
    PRIORITY_NEED_MIN,
    AssessmentRound,
    AssessmentRoundQuerySet,
    CountryResponse,
    CountryResponseQuerySet,
    Language,
    Lookup,
    LookupQuerySet,
    Notice,
    ResponseAttachment,
    ResponseAttachmentQuerySet,
    Scope,
    TargetGroup,
    TrainingNeed,
    TrainingNeedQuerySet,
    TrainingTopic,
    TrainingType,
    Urgency,
    attachment_path,
)
from needs.models.training import (
    EVENT_DAYS,
    EVENT_TRAINEES,
    FollowUp,
    Module,
    Nomination,
    NominationQuerySet,
    TraineeGender,
    TrainingEvent,
    TrainingEventQuerySet,
    TrainingProgramme,
)

__all__ = [
    "EDITABLE_STATUSES",
    "EVENT_DAYS",
    "EVENT_TRAINEES",
    "FINAL_STATUSES",
    "PRIORITY_NEED_MIN",
    "AssessmentRound",
    "AssessmentRoundQuerySet",
    "CountryResponse",
    "CountryResponseQuerySet",
    "FollowUp",
    "Language",
    "Lookup",
    "LookupQuerySet",
    "Module",
    "Nomination",
    "NominationQuerySet",
    "Notice",
    "ResponseAttachment",
    "ResponseAttachmentQuerySet",
    "Scope",
    "TargetGroup",
    "TraineeGender",
    "TrainingEvent",
    "TrainingEventQuerySet",
    "TrainingNeed",
    "TrainingNeedQuerySet",
    "TrainingProgramme",
    "TrainingTopic",
    "TrainingType",
    "Urgency",
    "attachment_path",
]
