"""The arithmetic every figure shares: decimals rounded half up to two places, shares in per
cent, means. None where there is nothing to divide, so a page shows a dash, never a zero."""

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def rounded(value, places="0.01"):
    return None if value is None else Decimal(value).quantize(Decimal(places), ROUND_HALF_UP)


def share(part, whole):
    """part / whole as a percentage with two decimals; None when there is nothing to divide."""
    if not whole:
        return None
    return rounded(Decimal(part) * HUNDRED / Decimal(whole))


def mean(values, places="0.01"):
    return rounded(sum(values, ZERO) / len(values), places) if values else None


def sum_mean(total, count):
    """The mean from a database sum and count, rounded as ``mean`` rounds."""
    return rounded(Decimal(total) / count) if count else None
