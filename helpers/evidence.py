"""The evidence behind two scores: how responsive each vendor was while it was being selected,
and what its references said when asked real questions.

The practitioner articles ask for both: "pay attention to how responsive they are: do they
answer emails promptly?" and, when calling references, "go beyond 'are you happy with them?'".
A 1-5 score for communication or references hides that evidence; these functions measure it.

* Responsiveness (table ``communications``): per question the reply time in clock hours and
  in the vendor's own working hours (its sites in ``sites``, with their holidays, through
  ``helpers.timezones``), so a question sent on Friday evening and answered on Monday morning
  is not "slow"; per vendor the median and 90th percentile, the share still unanswered and
  the trend over the selection period (``response_times``, ``responsiveness``,
  ``weekly_responsiveness``, ``communication_check``).
* Reference checks (table ``references``): a fixed questionnaire answered 1-5 with comments;
  per vendor a summary, the weakest answers quoted, references from the client's own industry
  counted, and a flag where fewer than two references could be checked
  (``reference_answers``, ``reference_summary``, ``weakest_answers``, ``reference_check``).
* ``gather_evidence(project, consensus)`` runs all of it for ``helpers.scoring.rank_partners``.

Nothing here reads files, draws or prints. Bad input raises ``helpers.data.InputError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers import timezones, words
from helpers.data import InputError, require_columns, yes_no_column
from helpers.schema import CRITERION_EVIDENCE, REFERENCE_OPEN_QUESTION, REFERENCE_QUESTIONS
from helpers.words import count

# A vendor with no site in the sites table is assumed to work office hours in its own zone.
ASSUMED_HOURS = ("09:00", "17:00")
# Bands of measured responsiveness (defaults of ``communication_check``): a median reply
# within half a working day with few questions left open is fast; more than a working day,
# or a quarter of the questions left open, is slow.
FAST_HOURS = 4.0
SLOW_HOURS = 8.0
FAST_UNANSWERED = 0.10
SLOW_UNANSWERED = 0.25
# Fewer checkable references than this is a red flag in the articles ("no verifiable references").
MIN_CHECKABLE_REFERENCES = 2

QUESTION_LABELS = {
    "deadlines": "deadlines met",
    "escalations": "problems and escalations",
    "communication": "communication",
    "staff_stability": "staff stability",
    "quality_over_time": "quality over time",
    "hire_again": "would hire again",
}

TIME_COLUMNS = [
    "vendor",
    "channel",
    "topic",
    "subject",
    "sent_at",
    "replied_at",
    "answered",
    "clock_hours",
    "working_hours",
    "waiting_clock_hours",
    "waiting_working_hours",
]
SUMMARY_COLUMNS = [
    "questions",
    "answered",
    "unanswered",
    "unanswered_share",
    "median_clock_h",
    "p90_clock_h",
    "median_working_h",
    "p90_working_h",
    "first_half_median_working_h",
    "second_half_median_working_h",
    "trend",
    "unanswered_topics",
    "hours_basis",
]


def _label(question: str) -> str:
    return QUESTION_LABELS.get(question, question.replace("_", " "))


# --------------------------------------------------------------------------------------------
# Responsiveness
# --------------------------------------------------------------------------------------------


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None


def vendor_hours(sites: pd.DataFrame, vendors: pd.DataFrame, years) -> tuple[dict[str, list], dict[str, str]]:
    """The working time of every vendor, as ``helpers.timezones.Site`` objects.

    Takes the ``sites`` table (may be empty), the ``vendors`` table (``vendor``, ``tz`` and
    optionally ``country``) and the years whose public holidays to load. A vendor's own sites
    count together (a team: at work when any site is); a vendor with no site is assumed to
    work 09:00-17:00 Mon-Fri in its ``tz``, with its country's public holidays when the
    ``holidays`` package knows the country.
    Returns ``(sites by vendor, basis by vendor)``: the basis is a sentence naming the hours
    used. Raises ``InputError`` for a site the timezones module rejects.
    """
    require_columns(vendors, "vendors", ["vendor", "tz"])
    by_owner: dict[str, list] = {}
    if sites is not None and len(sites):
        try:
            by_owner = timezones.sites_by_owner(timezones.sites_from_table(sites, years))
        except ValueError as err:
            raise InputError(f"sites: {err}") from None
    teams, basis = {}, {}
    for _, row in vendors.iterrows():
        vendor = str(row["vendor"])
        if vendor in by_owner:
            teams[vendor] = by_owner[vendor]
            basis[vendor] = "; ".join(f"{s.name} {s.describe_hours()} ({s.tz})" for s in by_owner[vendor])
            continue
        country = _cell(row.get("country"))
        try:
            holidays = timezones.holidays_for(country, None, years)
            known = f", {country} public holidays" if country else ""
        except ValueError:
            holidays, known = {}, f", no public holidays known for country {country!r}"
        try:
            site = timezones.Site(
                f"{vendor} (assumed office hours)", row["tz"], *ASSUMED_HOURS, holidays=holidays, owner=vendor
            )
        except ValueError as err:
            raise InputError(f"vendors: {vendor}: {err}") from None
        teams[vendor] = [site]
        basis[vendor] = f"assumed {'-'.join(ASSUMED_HOURS)} Mon-Fri ({site.tz}{known}): no site in the sites table"
    return teams, basis


def _checked_times(communications: pd.DataFrame) -> pd.DataFrame:
    require_columns(communications, "communications", ["vendor", "topic", "sent_at", "replied_at"])
    table = communications.copy()
    for column in ("sent_at", "replied_at"):
        values = table[column]
        if not isinstance(values.dtype, pd.DatetimeTZDtype):
            if values.isna().all():
                table[column] = pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns, UTC]")
                continue
            raise InputError(
                f"communications.{column}: expected times with their zone (tz-aware), got {values.dtype}; "
                "load the table with helpers.data.load_project, which reads offsets such as +01:00"
            )
        table[column] = values.dt.tz_convert("UTC")
    if table["sent_at"].isna().any():
        raise InputError("communications.sent_at: a question without a send time; expected every row to have one")
    early = table["replied_at"].notna() & (table["replied_at"] < table["sent_at"])
    if early.any():
        first = table.index[early][0]
        raise InputError(
            f"communications: row {first} was replied to ({table.at[first, 'replied_at']}) before it was sent "
            f"({table.at[first, 'sent_at']}); expected replied_at at or after sent_at"
        )
    return table


def response_times(
    communications: pd.DataFrame, sites: pd.DataFrame, vendors: pd.DataFrame, as_of=None
) -> pd.DataFrame:
    """How long each question waited for its reply, in clock hours and in the vendor's working hours.

    Takes the ``communications`` table (``vendor, topic, sent_at, replied_at`` as tz-aware
    times, optional ``channel`` and ``subject``), the ``sites`` table (may be empty) and the
    ``vendors`` table (see ``vendor_hours``), and ``as_of``: the time the log was last updated
    (default: its latest time), for how long unanswered questions have been waiting.
    Returns one row per question, in the table's order, with ``vendor, channel, topic,
    subject, sent_at, replied_at, answered`` (bool), ``clock_hours`` and ``working_hours``
    (NaN when unanswered), ``waiting_clock_hours`` and ``waiting_working_hours`` (up to
    ``as_of``, for unanswered questions only); ``attrs["hours_basis"]`` maps each vendor to
    the working hours used. Raises ``InputError`` for times without zone, a reply before its
    question, or a vendor missing from the vendors table.
    """
    table = _checked_times(communications)
    result = pd.DataFrame(
        {
            "vendor": table["vendor"].astype(object),
            "channel": table["channel"].astype(object) if "channel" in table else "",
            "topic": table["topic"].astype(object),
            "subject": table["subject"].astype(object).where(table["subject"].notna(), "")
            if "subject" in table
            else "",
            "sent_at": table["sent_at"],
            "replied_at": table["replied_at"],
            "answered": table["replied_at"].notna(),
        },
        index=table.index,
    )
    unknown = sorted(set(result["vendor"]) - set(vendors["vendor"]) if len(result) else set())
    if unknown:
        raise InputError(
            f"communications.vendor: {', '.join(map(str, unknown))} not in the vendors table; "
            f"expected one of: {', '.join(map(str, vendors['vendor']))}"
        )
    if as_of is None:
        latest = pd.concat([result["sent_at"], result["replied_at"]]).max()
        as_of = latest if pd.notna(latest) else pd.Timestamp.now(tz="UTC")
    else:
        as_of = pd.Timestamp(as_of)
        if as_of.tzinfo is None:
            raise InputError(f"as_of {as_of} is a time without zone; expected e.g. '2026-09-25T18:00+01:00'")
        as_of = as_of.tz_convert("UTC")
    waiting_end = result["replied_at"].where(result["answered"], as_of)
    if (waiting_end < result["sent_at"]).any():
        raise InputError(f"as_of {as_of} is before a question was sent; expected a time after the last question")
    result["clock_hours"] = ((result["replied_at"] - result["sent_at"]) / pd.Timedelta(hours=1)).astype(float)
    result["working_hours"] = np.nan
    result["waiting_clock_hours"] = ((as_of - result["sent_at"]) / pd.Timedelta(hours=1)).where(~result["answered"])
    result["waiting_working_hours"] = np.nan
    if len(result):
        years = timezones.years_between(result["sent_at"].min().date(), max(as_of, result["sent_at"].max()).date())
        teams, basis = vendor_hours(sites, vendors[vendors["vendor"].isin(result["vendor"])], years)
        # One vectorised count per vendor: its working minutes up to the reply, or up to as_of.
        for vendor, rows in result.groupby("vendor", sort=False).groups.items():
            part = result.loc[rows]
            minutes = timezones.working_minutes_between(teams[vendor], part["sent_at"], waiting_end.loc[rows])
            hours = minutes / 60
            result.loc[rows, "working_hours"] = np.where(part["answered"], hours, np.nan)
            result.loc[rows, "waiting_working_hours"] = np.where(part["answered"], np.nan, hours)
        result.attrs["hours_basis"] = basis
    else:
        result.attrs["hours_basis"] = {}
    result.attrs["as_of"] = as_of
    return result[TIME_COLUMNS]


def _trend(first: float, second: float, n_first: int, n_second: int) -> str:
    if min(n_first, n_second) < 3:
        return "too few replies to tell"
    if second >= 1.5 * first and second - first >= 1:
        return "slower"
    if first >= 1.5 * second and first - second >= 1:
        return "faster"
    return "steady"


def responsiveness(times: pd.DataFrame, vendors=None) -> pd.DataFrame:
    """Per vendor: how fast it replied, how much it left unanswered, and the trend.

    Takes ``response_times`` and optionally the vendor names to show (a vendor with no
    question gets a row of zeros and NaN). Medians and 90th percentiles (linear
    interpolation, as ``numpy.percentile``) are over answered questions; ``unanswered_share``
    counts every question. The trend compares the median working-hours reply of the questions
    sent in the first and the second half of the selection period (the span of all vendors'
    questions): "slower" when the second is at least 1.5 times the first and 1 working hour
    more, "faster" the other way round, else "steady" ("too few replies to tell" below 3
    replies in a half).
    Returns a DataFrame indexed by vendor with ``questions, answered, unanswered,
    unanswered_share, median_clock_h, p90_clock_h, median_working_h, p90_working_h,
    first_half_median_working_h, second_half_median_working_h, trend, unanswered_topics``
    (topics still open, most frequent first, with counts) and ``hours_basis``.
    """
    require_columns(times, "response times", ["vendor", "topic", "sent_at", "answered", "clock_hours", "working_hours"])
    names = list(pd.unique(times["vendor"])) if vendors is None else [str(v) for v in vendors]
    if times.empty:
        empty = pd.DataFrame(index=pd.Index(names, name="vendor"), columns=SUMMARY_COLUMNS)
        return empty.assign(questions=0, answered=0, unanswered=0)
    grouped = times.groupby("vendor", sort=False)
    answered = times[times["answered"]].groupby("vendor", sort=False)
    summary = pd.DataFrame(
        {
            "questions": grouped.size(),
            "answered": grouped["answered"].sum(),
        }
    ).reindex(names)
    summary["questions"] = summary["questions"].fillna(0).astype(int)
    summary["answered"] = summary["answered"].fillna(0).astype(int)
    summary["unanswered"] = summary["questions"] - summary["answered"]
    summary["unanswered_share"] = (summary["unanswered"] / summary["questions"].replace(0, np.nan)).astype(float)
    for unit, column in (("clock", "clock_hours"), ("working", "working_hours")):
        summary[f"median_{unit}_h"] = answered[column].median().reindex(names)
        summary[f"p90_{unit}_h"] = answered[column].quantile(0.9).reindex(names)
    start, end = times["sent_at"].min(), times["sent_at"].max()
    midpoint = start + (end - start) / 2
    second = times["sent_at"] > midpoint
    halves = times[times["answered"]].assign(second=second[times["answered"]])
    medians = halves.groupby(["vendor", "second"])["working_hours"].agg(["median", "size"])
    trends, firsts, seconds = [], [], []
    for vendor in names:
        first_half = (
            medians.loc[(vendor, False)]
            if (vendor, False) in medians.index
            else pd.Series({"median": np.nan, "size": 0})
        )
        second_half = (
            medians.loc[(vendor, True)] if (vendor, True) in medians.index else pd.Series({"median": np.nan, "size": 0})
        )
        firsts.append(first_half["median"])
        seconds.append(second_half["median"])
        trends.append(
            _trend(first_half["median"], second_half["median"], int(first_half["size"]), int(second_half["size"]))
        )
    summary["first_half_median_working_h"] = firsts
    summary["second_half_median_working_h"] = seconds
    summary["trend"] = trends
    open_questions = times[~times["answered"]]
    topics = open_questions.groupby("vendor", sort=False)["topic"].agg(
        lambda s: ", ".join(f"{t} ({n})" if n > 1 else str(t) for t, n in s.value_counts(sort=True).items())
    )
    summary["unanswered_topics"] = topics.reindex(names).fillna("")
    basis = times.attrs.get("hours_basis", {})
    summary["hours_basis"] = [basis.get(v, "") for v in names]
    summary.index.name = "vendor"
    return summary[SUMMARY_COLUMNS]


def weekly_responsiveness(times: pd.DataFrame) -> pd.DataFrame:
    """Per vendor and week (the Monday of the week a question was sent, in UTC): ``questions``,
    ``answered``, ``median_working_h`` and ``unanswered``. For the trend chart. Takes
    ``response_times``; returns a long DataFrame sorted by vendor (first appearance) and week."""
    columns = ["vendor", "week", "questions", "answered", "unanswered", "median_working_h"]
    if times.empty:
        return pd.DataFrame(columns=columns)
    sent = times["sent_at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
    week = (sent - pd.to_timedelta(sent.dt.day_of_week, unit="D")).dt.date
    frame = times.assign(week=week)
    grouped = frame.groupby(["vendor", "week"], sort=False)
    result = pd.DataFrame(
        {
            "questions": grouped.size(),
            "answered": grouped["answered"].sum().astype(int),
            "median_working_h": grouped["working_hours"].median(),
        }
    ).reset_index()
    result["unanswered"] = result["questions"] - result["answered"]
    order = {v: i for i, v in enumerate(pd.unique(times["vendor"]))}
    result = result.sort_values(["vendor", "week"], key=lambda s: s.map(order) if s.name == "vendor" else s)
    return result[columns].reset_index(drop=True)


def response_by_topic(times: pd.DataFrame) -> pd.DataFrame:
    """Vendor x topic: ``questions``, ``unanswered`` and ``median_working_h``, to see what a
    vendor is slow or evasive on (pricing, say). Takes ``response_times``."""
    columns = ["vendor", "topic", "questions", "unanswered", "median_working_h"]
    if times.empty:
        return pd.DataFrame(columns=columns)
    topic = times["topic"].astype(str).str.strip().str.lower()
    grouped = times.assign(topic=topic).groupby(["vendor", "topic"], sort=False)
    result = pd.DataFrame(
        {
            "questions": grouped.size(),
            "unanswered": grouped["answered"].agg(lambda s: int((~s).sum())),
            "median_working_h": grouped["working_hours"].median(),
        }
    ).reset_index()
    return result[columns]


def band(
    median_working_h: float,
    unanswered_share: float,
    fast_hours: float = FAST_HOURS,
    slow_hours: float = SLOW_HOURS,
    slow_unanswered: float = SLOW_UNANSWERED,
) -> str:
    """Measured responsiveness in one word: "fast" (median reply within ``fast_hours`` working
    hours and under 10 % unanswered), "slow" (median above ``slow_hours`` or at least
    ``slow_unanswered`` of the questions unanswered), "no reply" (questions, none answered),
    "no questions" (nothing asked), else "medium"."""
    if pd.isna(unanswered_share):
        return "no questions"
    if pd.isna(median_working_h):
        return "no reply"
    if median_working_h > slow_hours or unanswered_share >= slow_unanswered:
        return "slow"
    if median_working_h <= fast_hours and unanswered_share < FAST_UNANSWERED:
        return "fast"
    return "medium"


def _hours(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{value:.1f} working h"


def communication_check(
    consensus: pd.DataFrame,
    summary: pd.DataFrame,
    criterion: str | None = None,
    fast_hours: float = FAST_HOURS,
    slow_hours: float = SLOW_HOURS,
    slow_unanswered: float = SLOW_UNANSWERED,
) -> pd.DataFrame:
    """The evaluators' score for the criterion the reply log stands behind (``criteria.evidence``
    = replies) beside the measured responsiveness, with a note where they disagree.

    Takes ``helpers.scoring.consensus_scores`` (``vendor, criterion, consensus``), the
    ``responsiveness`` summary and the criterion name (None: no criterion declares it, so the
    measurement is shown without a score: no ``evaluators`` and ``agrees`` columns, no notes).
    The measured side is a ``band``. They
    disagree when the evaluators score 4 or more but the band is "slow" or "no reply", or
    score 2.5 or less but the band is "fast" (a score may rest on clarity, which the log does
    not measure: the note asks what it rests on).
    Returns a DataFrame indexed by vendor with ``evaluators`` (consensus 1-5, NaN when the
    criterion is not scored), ``median_working_h``, ``unanswered_share``, ``measured``
    (the band), ``agrees`` (bool) and ``note``.
    """
    require_columns(consensus, "consensus scores", ["vendor", "criterion", "consensus"])
    scores = consensus[consensus["criterion"] == criterion].set_index("vendor")["consensus"]
    if criterion is None:
        scores = scores.iloc[0:0]
    vendors = list(dict.fromkeys([*summary.index, *scores.index]))
    rows = []
    for vendor in vendors:
        score = float(scores.get(vendor, np.nan))
        median = float(summary["median_working_h"].get(vendor, np.nan)) if vendor in summary.index else np.nan
        share = float(summary["unanswered_share"].get(vendor, np.nan)) if vendor in summary.index else np.nan
        measured = band(median, share, fast_hours, slow_hours, slow_unanswered)
        note = ""
        if not pd.isna(score) and score >= 4 and measured in ("slow", "no reply"):
            note = (
                f"Evaluators score {vendor}'s {criterion.replace('_', ' ')} {score:.1f} of 5, but it replied in a "
                f"median {_hours(median)} ({words.percent(share)} of questions unanswered): "
                "ask what the score rests on."
            )
        elif not pd.isna(score) and score <= 2.5 and measured == "fast":
            note = (
                f"Evaluators score {vendor}'s {criterion.replace('_', ' ')} {score:.1f} of 5, yet it replied in a "
                f"median {_hours(median)}: is the score about clarity rather than speed? Say so in the comments."
            )
        rows.append(
            {
                "vendor": vendor,
                "evaluators": score,
                "median_working_h": median,
                "unanswered_share": share,
                "measured": measured,
                "agrees": note == "",
                "note": note,
            }
        )
    table = pd.DataFrame(
        rows, columns=["vendor", "evaluators", "median_working_h", "unanswered_share", "measured", "agrees", "note"]
    ).set_index("vendor")
    return table if criterion is not None else table.drop(columns=["evaluators", "agrees"])


# --------------------------------------------------------------------------------------------
# Reference checks
# --------------------------------------------------------------------------------------------


def _yes(series: pd.Series) -> pd.Series:
    """True where a yes/no column of ``references`` says yes, read by the package's one rule
    (``helpers.data.yes_no``); missing counts as no, a value that is neither is an InputError."""
    return yes_no_column(series, f"references.{series.name}", blank=False)


def reference_answers(references: pd.DataFrame) -> pd.DataFrame:
    """The questionnaire in long form: one row per reference and question answered.

    Takes the ``references`` table. Returns ``vendor, reference, question`` (the column name),
    ``asked`` (the question as a caller asks it), ``score`` (1-5) and ``comment``, for the
    checked references' answered questions, in table and questionnaire order.
    """
    require_columns(references, "references", ["vendor", "reference", "checked"])
    questions = [q for q in REFERENCE_QUESTIONS if q in references.columns]
    checked = references[_yes(references["checked"])]
    parts = []
    for position, question in enumerate(questions):
        comment = f"{question}_comment"
        part = pd.DataFrame(
            {
                "vendor": checked["vendor"].astype(object),
                "reference": checked["reference"].astype(object),
                "question": question,
                "asked": REFERENCE_QUESTIONS[question],
                "score": pd.to_numeric(checked[question], errors="coerce"),
                "comment": (
                    checked[comment].astype(object).where(checked[comment].notna(), "") if comment in checked else ""
                ),
                "_row": np.arange(len(checked)),
                "_question": position,
            }
        )
        parts.append(part[part["score"].notna()])
    columns = ["vendor", "reference", "question", "asked", "score", "comment"]
    if not parts:
        return pd.DataFrame(columns=columns)
    long = pd.concat(parts).sort_values(["_row", "_question"], kind="stable")
    return long[columns].reset_index(drop=True)


def reference_summary(references: pd.DataFrame, vendors=None) -> pd.DataFrame:
    """Per vendor: how many references were offered and checked, how many come from the
    client's industry or a similar scope, and the mean answer to each question.

    Takes the ``references`` table and optionally the vendor names to show (a vendor with no
    reference gets a row of zeros and the flag). A reference is checkable when someone
    reached it (``checked`` = yes).
    Returns a DataFrame indexed by vendor with ``offered``, ``checked``, ``same_industry``
    (checked references from the client's industry), ``similar_scope``, one column per
    question (mean 1-5 over the checked references that answered it), ``overall`` (mean of
    every answer), ``weakest`` (the question with the lowest mean, as words), ``weakest_score``,
    ``would_change`` (the answers to the open question, joined) and ``too_few_checkable``
    (fewer than two checked: a red flag in the articles).
    """
    require_columns(references, "references", ["vendor", "reference", "same_industry", "checked"])
    names = list(pd.unique(references["vendor"])) if vendors is None else [str(v) for v in vendors]
    checked = _yes(references["checked"])
    by_vendor = references.assign(
        _checked=checked,
        _same=checked & _yes(references["same_industry"]),
        _scope=checked & (_yes(references["similar_scope"]) if "similar_scope" in references else False),
    ).groupby("vendor", sort=False)
    summary = (
        pd.DataFrame(
            {
                "offered": by_vendor.size(),
                "checked": by_vendor["_checked"].sum(),
                "same_industry": by_vendor["_same"].sum(),
                "similar_scope": by_vendor["_scope"].sum(),
            }
        )
        .reindex(names)
        .fillna(0)
        .astype(int)
    )
    answers = reference_answers(references)
    questions = [q for q in REFERENCE_QUESTIONS if q in references.columns]
    means = answers.pivot_table(index="vendor", columns="question", values="score", aggfunc="mean")
    for question in questions:
        summary[question] = means[question].reindex(names) if question in means else np.nan
    summary["overall"] = answers.groupby("vendor")["score"].mean().reindex(names) if len(answers) else np.nan
    question_means = summary[questions].astype(float)
    has_any = question_means.notna().any(axis=1)
    # The first of equally weak questions, in questionnaire order; "" when nothing was answered.
    weakest = question_means.fillna(np.inf).idxmin(axis=1) if questions else pd.Series("", index=summary.index)
    summary["weakest"] = [_label(q) if answered else "" for q, answered in zip(weakest, has_any)]
    summary["weakest_score"] = question_means.min(axis=1) if questions else np.nan
    open_column = REFERENCE_OPEN_QUESTION[0]
    if open_column in references.columns:
        said = references[checked & references[open_column].notna()]
        said = said[said[open_column].astype(str).str.strip() != ""]
        summary["would_change"] = (
            said.groupby("vendor", sort=False)[open_column]
            .agg(lambda s: " | ".join(s.astype(str)))
            .reindex(names)
            .fillna("")
        )
    else:
        summary["would_change"] = ""
    summary["too_few_checkable"] = summary["checked"] < MIN_CHECKABLE_REFERENCES
    summary.index.name = "vendor"
    return summary


def weakest_answers(references: pd.DataFrame, per_vendor: int = 3, at_most: float = 3) -> pd.DataFrame:
    """The weakest answers of each vendor's references, quoted: what to ask about before signing.

    Takes the ``references`` table, how many answers to keep per vendor and the highest score
    that counts as weak (default 3: "neither good nor bad" or worse). Lowest scores first,
    then questionnaire order. Returns ``vendor, reference, question`` (as words), ``score``
    and ``comment``.
    """
    answers = reference_answers(references)
    columns = ["vendor", "reference", "question", "score", "comment"]
    weak = answers[answers["score"] <= at_most]
    if weak.empty:
        return pd.DataFrame(columns=columns)
    order = {q: i for i, q in enumerate(REFERENCE_QUESTIONS)}
    vendor_order = {v: i for i, v in enumerate(pd.unique(answers["vendor"]))}
    weak = weak.assign(_q=weak["question"].map(order), _v=weak["vendor"].map(vendor_order))
    weak = weak.sort_values(["_v", "score", "_q"], kind="stable").groupby("vendor", sort=False).head(per_vendor)
    return weak.assign(question=weak["question"].map(_label))[columns].reset_index(drop=True)


def reference_warnings(summary: pd.DataFrame, excluded=()) -> list[str]:
    """Sentences for vendors with fewer than two checkable references (a red flag in the
    articles: "no verifiable references"). Takes ``reference_summary`` and the vendors already
    knocked out (named as such). Scores are not changed: the reader decides."""
    lines = []
    for vendor, row in summary[summary["too_few_checkable"]].iterrows():
        out = " (already out on a must-have)" if vendor in set(excluded) else ""
        checked, offered = int(row["checked"]), int(row["offered"])
        found = (
            "it offered no reference"
            if offered == 0
            else f"none of its {count(offered, 'reference')} could be checked"
            if checked == 0
            else f"only {checked} of its {offered} references could be checked"
        )
        lines.append(
            f"{vendor}{out}: {found}; fewer than two checkable references is a red flag. Check two more before signing."
        )
    return lines


def reference_check(
    consensus: pd.DataFrame,
    summary: pd.DataFrame,
    references_criterion: str | None = None,
    industry_criterion: str | None = None,
) -> pd.DataFrame:
    """The evaluators' scores for the criteria the reference checks stand behind beside what
    the checks found, with a note where they disagree.

    Takes ``helpers.scoring.consensus_scores``, ``reference_summary`` and the two criterion
    names (``criteria.evidence`` = references and industry_references; None when no criterion
    declares it: its score column is left out and nothing is compared with it; with neither,
    ``agrees`` is left out too). Notes when the references score is 3.5 or more with fewer than two checked
    references; when it differs from the references' own mean answer by 1.5 points or more;
    when industry experience scores 4 or more with no checked reference from the client's
    industry, or 2 or less with two or more.
    Returns a DataFrame indexed by vendor with ``references_score``, ``industry_score``
    (evaluators, NaN when not scored), ``checked``, ``same_industry``, ``mean_answer``,
    ``agrees`` and ``note``.
    """
    require_columns(consensus, "consensus scores", ["vendor", "criterion", "consensus"])

    def scores(criterion):
        found = consensus[consensus["criterion"] == criterion].set_index("vendor")["consensus"]
        return found if criterion is not None else found.iloc[0:0]

    def words(criterion):
        return str(criterion).replace("_", " ")

    refs, industry = scores(references_criterion), scores(industry_criterion)
    rows = []
    for vendor in dict.fromkeys([*summary.index, *refs.index]):
        ref_score, ind_score = float(refs.get(vendor, np.nan)), float(industry.get(vendor, np.nan))
        checked = int(summary["checked"].get(vendor, 0)) if vendor in summary.index else 0
        same = int(summary["same_industry"].get(vendor, 0)) if vendor in summary.index else 0
        mean = float(summary["overall"].get(vendor, np.nan)) if vendor in summary.index else np.nan
        notes = []
        if not pd.isna(ref_score) and ref_score >= 3.5 and checked < MIN_CHECKABLE_REFERENCES:
            notes.append(
                f"{words(references_criterion)} scored {ref_score:.1f} of 5 "
                f"with only {count(checked, 'checked reference')}"
            )
        elif not pd.isna(ref_score) and not pd.isna(mean) and abs(ref_score - mean) >= 1.5:
            notes.append(
                f"{words(references_criterion)} scored {ref_score:.1f} of 5, while the references' own "
                f"answers average {mean:.1f}"
            )
        if not pd.isna(ind_score) and ind_score >= 4 and same == 0:
            notes.append(
                f"{words(industry_criterion)} scored {ind_score:.1f} of 5 with no checked reference from your industry"
            )
        elif not pd.isna(ind_score) and ind_score <= 2 and same >= 2:
            notes.append(
                f"{words(industry_criterion)} scored {ind_score:.1f} of 5 although {same} checked "
                "references come from your industry"
            )
        note = f"{vendor}: " + "; ".join(notes) + "." if notes else ""
        rows.append(
            {
                "vendor": vendor,
                "references_score": ref_score,
                "industry_score": ind_score,
                "checked": checked,
                "same_industry": same,
                "mean_answer": mean,
                "agrees": not notes,
                "note": note,
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "vendor",
            "references_score",
            "industry_score",
            "checked",
            "same_industry",
            "mean_answer",
            "agrees",
            "note",
        ],
    ).set_index("vendor")
    unused = [
        column
        for column, criterion in (("references_score", references_criterion), ("industry_score", industry_criterion))
        if criterion is None
    ]
    if len(unused) == 2:
        unused.append("agrees")
    return table.drop(columns=unused)


# --------------------------------------------------------------------------------------------
# Everything together, for the ranking and the decision report
# --------------------------------------------------------------------------------------------


@dataclass
class SelectionEvidence:
    """The measured evidence behind the communication, references and industry scores.

    response_times       ``response_times``: one row per question (empty without a log)
    responsiveness       ``responsiveness``: per vendor (every vendor, zeros when nothing was asked)
    weekly               ``weekly_responsiveness``: per vendor and week
    by_topic             ``response_by_topic``: per vendor and topic
    communication_check  ``communication_check``: evaluators vs measured (empty without scores)
    references           ``reference_summary`` for every vendor (empty without reference checks)
    weakest_answers      ``weakest_answers``
    reference_check      ``reference_check``: evaluators vs the reference checks
    warnings             sentences the reader must not miss (too few checkable references,
                         slow or silent vendors); scores are never changed
    flags                vendor -> short text for the ranking table ("" when nothing to say)
    notes                what was not measured and why
    """

    response_times: pd.DataFrame
    responsiveness: pd.DataFrame
    weekly: pd.DataFrame
    by_topic: pd.DataFrame
    communication_check: pd.DataFrame
    references: pd.DataFrame
    weakest_answers: pd.DataFrame
    reference_check: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    flags: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    notes: list[str] = field(default_factory=list)


def _table(project, name: str) -> pd.DataFrame:
    """A project's table, or an empty frame when the project does not have it at all."""
    tables = getattr(project, "tables", {})
    return tables.get(name, pd.DataFrame()) if isinstance(tables, dict) else getattr(project, name, pd.DataFrame())


# What each kind of criteria.evidence is, for the page when no criterion declares it.
EVIDENCE_MEASURES = {
    "replies": "the reply times (communications)",
    "references": "the reference checks' answers (references)",
    "industry_references": "the checked references from your industry (references)",
}


def evidence_criteria(criteria: pd.DataFrame) -> dict[str, str | None]:
    """Which criterion each kind of evidence stands behind, from the criteria table's optional
    ``evidence`` column (helpers.schema.CRITERION_EVIDENCE): kind -> criterion name, or None
    when no criterion declares it. Raises InputError when a kind is declared twice."""
    found: dict[str, str | None] = dict.fromkeys(CRITERION_EVIDENCE)
    if not isinstance(criteria, pd.DataFrame) or "evidence" not in criteria or "criterion" not in criteria:
        return found
    for kind in CRITERION_EVIDENCE:
        names = [
            str(n)
            for n, e in zip(criteria["criterion"], criteria["evidence"])
            if isinstance(e, str) and e.strip().lower() == kind
        ]
        if len(names) > 1:
            raise InputError(f"criteria.evidence: criteria {', '.join(names)} all say {kind}; expected at most one")
        found[kind] = names[0] if names else None
    return found


def _not_compared(kinds: list[str]) -> str:
    """The page's sentence for kinds of evidence no criterion declares."""
    return (
        f"No criterion has evidence = {' or '.join(kinds)} in the criteria table: "
        f"{' and '.join(EVIDENCE_MEASURES[k] for k in kinds)} are shown, not compared with any score."
    )


def describe_evidence_links(criteria: pd.DataFrame, kinds) -> str:
    """Which criteria's scores the evidence of ``kinds`` (``replies``, ``references``,
    ``industry_references``) is compared with, in one or two sentences: the names come from
    the ``evidence`` column of ``criteria`` (:func:`evidence_criteria`)."""
    linked = evidence_criteria(criteria)
    declared = [k for k in kinds if linked[k] is not None]
    missing = [k for k in kinds if linked[k] is None]
    parts = []
    if declared:
        named = [f"{linked[k]} (evidence = {k})" for k in declared]
        which = words.names(named)
        parts.append(f"Compared with the evaluators' scores for {which}.")
    if missing:
        parts.append(_not_compared(missing))
    return " ".join(parts)


def gather_evidence(project, consensus: pd.DataFrame | None = None, excluded=(), as_of=None) -> SelectionEvidence:
    """Measure the responsiveness log and the reference checks of a project.

    Takes a loaded project (its ``communications``, ``references``, ``sites`` and ``vendors``
    tables; a missing or empty table gives empty results and a note), the evaluators'
    consensus scores (``helpers.scoring.consensus_scores``; without them the comparisons are
    empty), the vendors already knocked out (named so in the warnings) and ``as_of`` (see
    ``response_times``). Returns a ``SelectionEvidence``. Raises ``InputError`` as the
    functions it calls.
    """
    vendors = _table(project, "vendors")
    names = [str(v) for v in vendors["vendor"]] if "vendor" in vendors else []
    consensus = consensus if consensus is not None else pd.DataFrame(columns=["vendor", "criterion", "consensus"])
    notes, warnings = [], []
    flags = {v: [] for v in names}
    linked = evidence_criteria(_table(project, "criteria"))

    log = _table(project, "communications")
    if len(log):
        times = response_times(log, _table(project, "sites"), vendors, as_of=as_of)
        summary = responsiveness(times, names)
        weekly, topics = weekly_responsiveness(times), response_by_topic(times)
        talk = communication_check(consensus, summary, linked["replies"])
        if linked["replies"] is None:
            notes.append(_not_compared(["replies"]))
        for vendor, row in talk.iterrows():
            if vendor not in flags:
                continue
            if row["measured"] == "slow":
                flags[vendor].append(f"slow replies: median {_hours(row['median_working_h'])}")
            elif row["measured"] == "no reply":
                flags[vendor].append("no reply to any question")
            answered = summary.loc[vendor]
            if answered["unanswered_share"] >= FAST_UNANSWERED:
                flags[vendor].append(
                    f"{int(answered['unanswered'])} of {int(answered['questions'])} questions "
                    f"unanswered ({answered['unanswered_topics']})"
                )
            if row["measured"] in ("slow", "no reply") and vendor not in set(excluded):
                warnings.append(
                    f"{vendor} replied slowly during selection: a median {_hours(row['median_working_h'])}, "
                    f"{words.percent(row['unanswered_share'])} of questions unanswered. Expect the same under contract "
                    "unless response times are written into it."
                )
        not_asked = [v for v in names if summary.loc[v, "questions"] == 0]
        if not_asked:
            notes.append(f"No question to {', '.join(not_asked)} is in the responsiveness log.")
    else:
        times = pd.DataFrame(columns=TIME_COLUMNS)
        summary = responsiveness(times, names)
        weekly, topics = weekly_responsiveness(times), response_by_topic(times)
        talk = communication_check(consensus, summary, linked["replies"]) if len(consensus) else pd.DataFrame()
        scored = f"the {linked['replies']} scores" if linked["replies"] else "the scores"
        notes.append(
            f"No responsiveness log (communications table): {scored} rest on the evaluators' impressions alone."
        )

    references = _table(project, "references")
    if len(references):
        ref_summary = reference_summary(references, names)
        weak = weakest_answers(references)
        checks = reference_check(consensus, ref_summary, linked["references"], linked["industry_references"])
        undeclared = [k for k in ("references", "industry_references") if linked[k] is None]
        if undeclared:
            notes.append(_not_compared(undeclared))
        warnings.extend(reference_warnings(ref_summary, excluded))
        for vendor, row in ref_summary.iterrows():
            if row["too_few_checkable"]:
                flags[vendor].append(count(int(row["checked"]), "checkable reference"))
    else:
        ref_summary, weak, checks = (
            pd.DataFrame(),
            pd.DataFrame(columns=["vendor", "reference", "question", "score", "comment"]),
            pd.DataFrame(),
        )
        notes.append(
            "No reference checks recorded (references table): nothing shows whether the vendors' "
            "references were called."
        )
    return SelectionEvidence(
        response_times=times,
        responsiveness=summary,
        weekly=weekly,
        by_topic=topics,
        communication_check=talk,
        references=ref_summary,
        weakest_answers=weak,
        reference_check=checks,
        warnings=warnings,
        flags=pd.Series({v: "; ".join(f) for v, f in flags.items()}, dtype=object),
        notes=notes,
    )


def evidence_overview(evidence: SelectionEvidence, vendors=None) -> pd.DataFrame:
    """One readable row per vendor for a report: replies and references side by side.

    Takes a ``SelectionEvidence`` and optionally the vendors to show, in order (default: all).
    Returns a DataFrame indexed by vendor with ``median_working_h``, ``p90_working_h``,
    ``unanswered`` ("6 of 27"), ``trend``, ``references_checked`` ("2 of 3"), ``same_industry``,
    ``mean_answer`` and ``weakest_answer`` ("staff stability 2.3"), unrounded (the report's
    tables round them, ``helpers.tables``); columns of a missing table are left out.
    """
    summary, refs = evidence.responsiveness, evidence.references
    names = list(vendors) if vendors is not None else list(dict.fromkeys([*summary.index, *refs.index]))
    table = pd.DataFrame(index=pd.Index(names, name="vendor"))
    if len(evidence.response_times):
        asked = summary.reindex(names)
        table["median_working_h"] = asked["median_working_h"]
        table["p90_working_h"] = asked["p90_working_h"]
        table["unanswered"] = [
            f"{int(u)} of {int(q)}" if q else "not asked"
            for u, q in zip(asked["unanswered"].fillna(0), asked["questions"].fillna(0))
        ]
        table["trend"] = asked["trend"].fillna("")
    if len(refs):
        checked = refs.reindex(names)
        table["references_checked"] = [
            f"{int(c)} of {int(o)}" if o else "none offered"
            for c, o in zip(checked["checked"].fillna(0), checked["offered"].fillna(0))
        ]
        table["same_industry"] = checked["same_industry"].fillna(0).astype(int)
        table["mean_answer"] = checked["overall"]
        table["weakest_answer"] = [
            f"{w} {s:.1f}" if w else ""
            for w, s in zip(checked["weakest"].fillna(""), checked["weakest_score"].fillna(0))
        ]
    return table
