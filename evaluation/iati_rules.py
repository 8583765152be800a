"""The IATI Standard's rules beyond the XML schema, one function per rule, for our own files.

Written from the IATI Standard's documentation: the Standard Ruleset (IATI-Rulesets
``rulesets/standard.json``: atleast_one, one_or_all, only_one_of, date_now, date_order,
time_limit, regex_matches, sum, strict_sum, range, if_then), the 2.03 reference ("must" and
"should" statements on budgets, transactions, results, participating organisations) and the
codelists the file uses. A rule is an ``error`` where the Standard says *must* (the IATI
validator reports it as an error) and a ``warning`` where it says *should*.

Each rule takes one ``<iati-activity>`` element and a context (today, the identifiers in the
file) and returns a list of messages, one per problem found; ``check_file`` runs every rule on
every activity. Used by ``tests/evaluation/test_iati_rules.py`` (one test per rule) and by
``bench/iati_rules.py`` (counts for a file).
"""

import operator
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from defusedxml import ElementTree as DefusedET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Codelists (IATI 2.03), only the codes a rule here needs to know.
ACTIVITY_STATUS = {"1", "2", "3", "4", "5", "6"}
ORGANISATION_ROLE = {"1", "2", "3", "4"}
ORGANISATION_TYPE = {
    "10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90"
}  # fmt: skip
TRANSACTION_TYPE = {str(n) for n in range(1, 14)}
BUDGET_TYPE = {"1", "2"}
BUDGET_STATUS = {"1", "2"}
RELATED_ACTIVITY_TYPE = {"1", "2", "3", "4", "5"}
# Region codelist, vocabulary 1 (OECD DAC): the regional and "unspecified" codes.
# What a problem calls it: the elements, their attribute, the codes it may take.
CODELISTS = {
    "transaction type": ("transaction/transaction-type", "code", TRANSACTION_TYPE),
    "participating-org role": ("participating-org", "role", ORGANISATION_ROLE),
    "related-activity type": ("related-activity", "type", RELATED_ACTIVITY_TYPE),
}

DAC_REGIONS = {
    "89", "189", "289", "298", "380", "389", "489", "498", "589", "619", "679", "689", "789",
    "798", "889", "998",
}  # fmt: skip
# Sector codelist, vocabulary 1 (DAC 5-digit), group 410 "General environment protection".
DAC_SECTORS_410 = {"41010", "41020", "41030", "41040", "41050", "41081", "41082"}
INCOMING = {"1", "11"}  # incoming funds, incoming commitment
STARTED = {"2", "3", "4"}  # implementation, finalisation, closed
ENDED = {"4"}  # closed
IDENTIFIER_FORBIDDEN = re.compile(r"[/&|?]")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" or "warning"
    text: str
    check: object


RULES = []


def rule(severity, text):
    def register(function):
        RULES.append(Rule(function.__name__, severity, text, function))
        return function

    return register


def _date(value):
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _ident(activity):
    return activity.findtext("iati-identifier") or "?"


def _percent(element):
    try:
        return float(element.get("percentage"))
    except (TypeError, ValueError):
        return None


# --- errors: "must" ---------------------------------------------------------------------------


@rule("error", "iati-identifier starts with the reporting-org/@ref")
def identifier_prefix(activity, context):
    ref = activity.find("reporting-org").get("ref", "")
    if not _ident(activity).startswith(ref + "-"):
        return [f"{_ident(activity)} does not start with {ref}-"]
    return []


@rule("error", "identifiers and organisation refs contain no / & | ? (regex_matches)")
def identifier_characters(activity, context):
    values = [_ident(activity)]
    values += [e.get("ref") for e in activity.iter() if e.tag.endswith("-org") and e.get("ref")]
    return [
        f"{value!r} contains / & | or ?" for value in values if IDENTIFIER_FORBIDDEN.search(value)
    ]


@rule("error", "each iati-identifier appears once in the file")
def identifier_unique(activity, context):
    count = context["identifiers"].count(_ident(activity))
    return [f"{_ident(activity)} appears {count} times"] if count > 1 else []


@rule("error", "an activity-date of type 1 or 2 (start) is given (atleast_one)")
def start_date_given(activity, context):
    starts = [d for d in activity.findall("activity-date") if d.get("type") in ("1", "2")]
    return [] if starts else ["no planned or actual start date"]


@rule("error", "planned start is not after planned end (date_order)")
def planned_dates_in_order(activity, context):
    return _dates_in_order(activity, "1", "3", "planned")


@rule("error", "actual start is not after actual end (date_order)")
def actual_dates_in_order(activity, context):
    return _dates_in_order(activity, "2", "4", "actual")


@rule("error", "actual start and end dates are not in the future (date_order, NOW)")
def actual_dates_not_in_future(activity, context):
    problems = []
    for element in activity.findall("activity-date"):
        when = _date(element.get("iso-date"))
        if element.get("type") in ("2", "4") and when and when > context["today"]:
            problems.append(f"actual date type {element.get('type')} {when} is in the future")
    return problems


@rule("error", "last-updated-datetime is not in the future (date_now)")
def last_updated_not_in_future(activity, context):
    value = activity.get("last-updated-datetime")
    if not value:
        return []
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return [f"last-updated-datetime {value} is in the future"] if when > context["now"] else []


@rule("error", "@xml:lang on the activity, or on every narrative (one_or_all)")
def language_given(activity, context):
    if activity.get(XML_LANG):
        return []
    missing = [n for n in activity.iter("narrative") if not n.get(XML_LANG)]
    return [f"{len(missing)} narratives without a language"] if missing else []


@rule("error", "@default-currency on the activity, or a currency on every value (one_or_all)")
def currency_given(activity, context):
    if activity.get("default-currency"):
        return []
    missing = [v for v in activity.iter("value") if not v.get("currency")]
    return [f"{len(missing)} values without a currency"] if missing else []


@rule("error", "a sector on the activity or on every transaction, never both (one_or_all)")
def sector_given(activity, context):
    transactions = activity.findall("transaction")
    on_activity = bool(activity.findall("sector"))
    on_transactions = [t for t in transactions if t.findall("sector")]
    if on_activity and on_transactions:
        return ["sectors on the activity and on transactions"]
    if not on_activity and (not transactions or len(on_transactions) < len(transactions)):
        return ["no sector"]
    return []


@rule("error", "sector percentages of each vocabulary add up to 100 (strict_sum, loop)")
def sector_percentages(activity, context):
    by_vocabulary = defaultdict(list)
    for sector in activity.findall("sector"):
        by_vocabulary[sector.get("vocabulary", "1")].append(sector)
    problems = []
    for vocabulary, sectors in by_vocabulary.items():
        shares = [_percent(s) for s in sectors]
        if len(sectors) == 1 and shares[0] is None:
            continue  # a single sector is 100% by default
        if None in shares or abs(sum(shares) - 100) > 0.01:
            problems.append(f"vocabulary {vocabulary}: percentages {shares} do not add up to 100")
    return problems


@rule("error", "vocabulary-1 sector codes are DAC 5-digit codes of the codelist")
def sector_codes(activity, context):
    return _dac_codes(
        activity, "sector", DAC_SECTORS_410, "sector", "a DAC 5-digit code known here"
    )


@rule("error", "a sector of vocabulary 98 or 99 has a narrative (if_then)")
def sector_own_vocabulary_named(activity, context):
    return _own_vocabulary_sectors(activity, "narrative", lambda s: s.find("narrative") is None)


@rule("error", "a recipient-country or recipient-region, on the activity or every transaction")
def recipient_given(activity, context):
    if _recipients(activity):
        return []
    transactions = activity.findall("transaction")
    if transactions and all(_recipients(t) for t in transactions):
        return []
    return ["no recipient-country or recipient-region"]


@rule("error", "recipient-country and recipient-region percentages add up to 100 (sum)")
def recipient_percentages(activity, context):
    recipients = _recipients(activity)
    shares = [_percent(r) for r in recipients]
    if len(recipients) <= 1 and not [s for s in shares if s is not None and s != 100]:
        return []
    if None in shares or abs(sum(shares) - 100) > 0.01:
        return [f"recipient percentages {shares} do not add up to 100"]
    return []


@rule("error", "recipients on the activity or on transactions, not both (only_one_of)")
def recipient_one_level(activity, context):
    on_activity = _recipients(activity)
    on_transactions = [t for t in activity.findall("transaction") if _recipients(t)]
    return (
        ["recipients on the activity and on transactions"]
        if on_activity and on_transactions
        else []
    )


@rule("error", "vocabulary-1 recipient-region codes are OECD DAC region codes")
def region_codes(activity, context):
    return _dac_codes(activity, "recipient-region", DAC_REGIONS, "region", "a DAC region code")


@rule("error", "no negative percentage (range)")
def percentages_not_negative(activity, context):
    return [
        f"{e.tag} percentage {e.get('percentage')} is negative"
        for e in activity.iter()
        if e.get("percentage") is not None and (_percent(e) is None or _percent(e) < 0)
    ]


@rule("error", "the activity-status is given, from the ActivityStatus codelist")
def activity_status_code(activity, context):
    status = activity.find("activity-status")
    if status is None or status.get("code") not in ACTIVITY_STATUS:
        return ["no valid activity-status"]
    return []


@rule("error", "a budget's period-start is before its period-end (date_order)")
def budget_period_in_order(activity, context):
    return _periods_where(activity, "budget", operator.gt, "budget {start} is after {end}")


@rule("error", "a budget period is not longer than one year (time_limit)")
def budget_period_at_most_a_year(activity, context):
    return _periods_where(
        activity,
        "budget",
        lambda start, end: end > _one_year_after(start),
        "budget {start} to {end} is longer than a year",
    )


@rule("error", "budgets of one type do not overlap")
def budgets_do_not_overlap(activity, context):
    problems = []
    by_type = defaultdict(list)
    for budget in activity.findall("budget"):
        by_type[budget.get("type", "1")].append(_period(budget))
    for kind, periods in by_type.items():
        periods = sorted(p for p in periods if p[0] and p[1])
        for (start_a, end_a), (start_b, end_b) in zip(periods, periods[1:], strict=False):
            if start_b <= end_a:
                problems.append(
                    f"type {kind} budgets {start_a}-{end_a} and {start_b}-{end_b} overlap"
                )
    return problems


@rule("error", "a budget has @type and @status from the BudgetType and BudgetStatus codelists")
def budget_type_and_status(activity, context):
    return [
        f"budget with type {b.get('type')!r} and status {b.get('status')!r}"
        for b in activity.findall("budget")
        if b.get("type") not in BUDGET_TYPE or b.get("status") not in BUDGET_STATUS
    ]


@rule("error", "a budget's value-date is within its period")
def budget_value_date_in_period(activity, context):
    problems = []
    for budget in activity.findall("budget"):
        start, end = _period(budget)
        when = _date(_attr(budget, "value", "value-date"))
        if start and end and when and not start <= when <= end:
            problems.append(f"budget value-date {when} outside {start}-{end}")
    return problems


@rule("error", "a transaction's transaction-date and value-date are not in the future")
def transaction_not_in_future(activity, context):
    problems = []
    for transaction in activity.findall("transaction"):
        for path, attr in (("transaction-date", "iso-date"), ("value", "value-date")):
            when = _date(_attr(transaction, path, attr))
            if when and when > context["today"]:
                problems.append(f"transaction {path} {when} is in the future")
    return problems


@rule("error", "a transaction's type is on the TransactionType codelist")
def transaction_type_code(activity, context):
    return _off_list(activity, "transaction type")


@rule("error", "a participating-org has a @ref or a narrative (atleast_one)")
def participating_org_named(activity, context):
    def unnamed(org):
        return not org.get("ref") and not (org.findtext("narrative") or "").strip()

    return _orgs_where(activity, unnamed, "participating-org with neither @ref nor narrative")


@rule("error", "a participating-org's @role is on the OrganisationRole codelist")
def participating_org_role(activity, context):
    return _off_list(activity, "participating-org role")


@rule("error", "an indicator period's start is before its end (date_order)")
def result_period_in_order(activity, context):
    return _periods_where(
        activity, "result/indicator/period", operator.gt, "result period {start} after {end}"
    )


@rule("error", "a related-activity's @type is on the RelatedActivityType codelist")
def related_activity_type(activity, context):
    return _off_list(activity, "related-activity type")


# --- warnings: "should" -----------------------------------------------------------------------


@rule("warning", "a participating-org should have an organisation identifier (@ref)")
def participating_org_ref(activity, context):
    problem = "participating-org {name} (role {role}) has no @ref"
    return _orgs_where(activity, lambda org: not org.get("ref"), problem)


@rule("warning", "a participating-org should have a @type from the OrganisationType codelist")
def participating_org_type(activity, context):
    problem = "participating-org {name} has no valid @type"
    return _orgs_where(activity, lambda org: org.get("type") not in ORGANISATION_TYPE, problem)


@rule("warning", "an activity that has started should have an actual start date (type 2)")
def actual_start_when_started(activity, context):
    return _actual_date_when(activity, STARTED, "2", "start")


@rule("warning", "a closed activity should have an actual end date (type 4)")
def actual_end_when_ended(activity, context):
    return _actual_date_when(activity, ENDED, "4", "end")


@rule("warning", "an activity should report a budget (or say budget-not-provided)")
def budget_given(activity, context):
    if activity.get("budget-not-provided") or activity.findall("budget"):
        return []
    return ["no budget"]


@rule("warning", "budgets should cover each year of the activity separately")
def budget_per_year(activity, context):
    budgets = activity.findall("budget")
    if not budgets:
        return []
    start = _date(_attr(activity, "activity-date[@type='1']", "iso-date"))
    end = _date(_attr(activity, "activity-date[@type='3']", "iso-date"))
    if not start or not end:
        return []
    covered = {y for b in budgets for y in _years(*_period(b))}
    missing = sorted(set(range(start.year, end.year + 1)) - covered)
    return [f"no budget for {', '.join(map(str, missing))}"] if missing else []


@rule("warning", "an activity should have a description")
def description_given(activity, context):
    return [] if activity.findtext("description/narrative") else ["no description"]


@rule("warning", "an activity should have a document-link with a url, a format and a category")
def document_link_given(activity, context):
    links = activity.findall("document-link")
    if not links:
        return ["no document-link"]
    return [
        f"document-link {link.get('url')!r} lacks a format or a category"
        for link in links
        if not link.get("url") or not link.get("format") or link.find("category") is None
    ]


@rule("warning", "an incoming transaction should name its provider-org")
def incoming_transaction_provider(activity, context):
    return [
        "incoming transaction without provider-org"
        for t in activity.findall("transaction")
        if _attr(t, "transaction-type", "code") in INCOMING and t.find("provider-org") is None
    ]


@rule("warning", "a result indicator should have a baseline and a target")
def indicator_baseline_and_target(activity, context):
    problems = []
    for indicator in activity.findall("result/indicator"):
        title = indicator.findtext("title/narrative")
        if indicator.find("baseline") is None:
            problems.append(f"indicator {title!r} has no baseline")
        if indicator.find("period/target") is None:
            problems.append(f"indicator {title!r} has no target")
    return problems


@rule("warning", "a related-activity should point at an activity published in the file")
def related_activity_published(activity, context):
    published = set(context["identifiers"])
    refs = [r.get("ref") for r in activity.findall("related-activity")]
    return [f"related-activity {ref!r} is not in the file" for ref in refs if ref not in published]


@rule("warning", "a sector of vocabulary 98 or 99 should have a vocabulary-uri")
def sector_own_vocabulary_uri(activity, context):
    return _own_vocabulary_sectors(
        activity, "vocabulary-uri", lambda s: not s.get("vocabulary-uri")
    )


# --- helpers and the file check ---------------------------------------------------------------


def _attr(element, path, name):
    found = element.find(path)
    return found.get(name) if found is not None else None


def _dates_in_order(activity, start_type, end_type, kind):
    """The activity-dates of ``start_type`` and ``end_type`` (``kind``: planned or actual)."""
    start = _date(_attr(activity, f"activity-date[@type='{start_type}']", "iso-date"))
    end = _date(_attr(activity, f"activity-date[@type='{end_type}']", "iso-date"))
    return [f"{kind} start {start} after {kind} end {end}"] if start and end and start > end else []


def _actual_date_when(activity, statuses, date_type, kind):
    """An activity whose status is one of ``statuses`` has an activity-date of ``date_type``."""
    status = _attr(activity, "activity-status", "code")
    has = activity.find(f"activity-date[@type='{date_type}']") is not None
    return (
        [f"status {status} without an actual {kind} date"] if status in statuses and not has else []
    )


def _recipients(element):
    """The recipient-countries and recipient-regions of an activity or a transaction."""
    return element.findall("recipient-country") + element.findall("recipient-region")


def _dac_codes(activity, path, codes, label, what):
    """Each element at ``path`` of vocabulary 1 (OECD DAC) whose code is not one of ``codes``."""
    return [
        f"{label} code {element.get('code')!r} is not {what}"
        for element in activity.findall(path)
        if element.get("vocabulary", "1") == "1" and element.get("code") not in codes
    ]


def _orgs_where(activity, wrong, problem):
    """``problem`` (with {name} and {role}) for each participating-org that is ``wrong``."""
    return [
        problem.format(name=repr(org.findtext("narrative")), role=org.get("role"))
        for org in activity.findall("participating-org")
        if wrong(org)
    ]


def _off_list(activity, label):
    """Each element of a CODELISTS entry whose attribute is not one of its codes."""
    path, name, codes = CODELISTS[label]
    return [
        f"{label} {element.get(name)!r}"
        for element in activity.findall(path)
        if element.get(name) not in codes
    ]


def _own_vocabulary_sectors(activity, what, lacks):
    """Each sector of vocabulary 98 or 99 (the reporter's own) that ``lacks`` ``what``."""
    return [
        f"sector {s.get('code')} of vocabulary {s.get('vocabulary')} has no {what}"
        for s in activity.findall("sector")
        if s.get("vocabulary") in ("98", "99") and lacks(s)
    ]


def _periods_where(activity, path, wrong, problem):
    """``problem`` (with {start} and {end}) for each period at ``path`` that is ``wrong``."""
    problems = []
    for element in activity.findall(path):
        start, end = _period(element)
        if start and end and wrong(start, end):
            problems.append(problem.format(start=start, end=end))
    return problems


def _period(element):
    return (
        _date(_attr(element, "period-start", "iso-date")),
        _date(_attr(element, "period-end", "iso-date")),
    )


def _one_year_after(start):
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


def _years(start, end):
    return range(start.year, end.year + 1) if start and end else ()


def check_file(content, *, now=None):
    """Every rule on every activity of an IATI activities file (bytes).

    Returns a list of (rule, identifier, message) for each problem found."""
    from django.utils import timezone

    now = now or timezone.now()
    root = DefusedET.fromstring(content)
    activities = root.findall("iati-activity")
    context = {
        "now": now,
        "today": timezone.localdate(now),
        "identifiers": [_ident(a) for a in activities],
    }
    return [
        (rule_, _ident(activity), message)
        for activity in activities
        for rule_ in RULES
        for message in rule_.check(activity, context)
    ]


def counts(problems):
    """{"error": n, "warning": n} of a ``check_file`` result."""
    totals = {"error": 0, "warning": 0}
    for rule_, _identifier, _message in problems:
        totals[rule_.severity] += 1
    return totals
