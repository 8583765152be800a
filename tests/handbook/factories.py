import uuid

from handbook.models import Suggestion


def make_suggestion(*, plan, proposer, country=None, organisation="", **extra):
    """A stored suggestion without going through the form (for lists and counts)."""
    return Suggestion.objects.create(
        plan=plan,
        proposer=proposer,
        country=country,
        organisation=organisation,
        theme=extra.pop("theme", "Wetland management"),
        text=extra.pop("text", "A chapter on managing wetlands along flyways."),
        idempotency_key=uuid.uuid4(),
        **extra,
    )
