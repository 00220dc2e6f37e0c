"""The report's front page as values: what a decision maker reads first, on one screen and
one printed page.

``front_page(decision)`` takes the ``helpers.decision.Decision`` the decision page shows and
keeps its first lines: the status ("Recommend …", "Close call: …", with how sure), the
conditions, a small ranking with each vendor's share of first places, what would change it,
the cost and the next steps. Nothing is worded here
that the decision does not already word; ``helpers.report.render_index`` lays it out
(``helpers/templates/front_page.html.j2``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers import policy
from helpers.tables import Column, describe
from helpers.words import money

MOST = 3  # lines of a list the front page shows; the decision page has the rest
MOST_VENDORS = 5  # rows of the ranking it shows; notebook 02 ranks them all


@dataclass
class FrontPage:
    """status        the headline's first sentence (the policy's verdict)
    conditions      its further sentences (open issues, the runner-up, TOPSIS), then its advice
    ranking         the first ``MOST_VENDORS`` vendors in the race: ``rank``, ``vendor``,
                    ``score``, ``yearly_cost``, ``currency``, ``first_place`` (share of the
                    draws in which it leads) and ``standing`` (by the decision policy)
    more_vendors    how many more are in the race
    knocked_out     the vendors out on a must-have
    would_change    the first ``MOST`` things that would change the decision
    cost            the recommended (or leading) vendor's cost, a year and over the contract
    next_steps      the first ``MOST`` things to settle before signing
    more_steps      how many more the decision page lists"""

    status: str
    conditions: list[str] = field(default_factory=list)
    ranking: pd.DataFrame = field(default_factory=pd.DataFrame)
    more_vendors: int = 0
    knocked_out: list[str] = field(default_factory=list)
    would_change: list[str] = field(default_factory=list)
    cost: str = ""
    next_steps: list[str] = field(default_factory=list)
    more_steps: int = 0


FIRST_PLACE = Column("First place (share of draws)", "chance")
STANDING = Column("Standing")


def _standing(decision, vendor: str) -> str:
    """Where the policy leaves ``vendor``: recommended, runner-up, or blocked until resolved."""
    if vendor == decision.recommended:
        close = decision.policy is not None and decision.policy.status == policy.CLOSE_CALL
        return "leads, a close call" if close else "recommended"
    if vendor == decision.runner_up:
        return "runner-up"
    if decision.policy is not None and vendor in decision.policy.gated:
        return "not recommendable until resolved"
    return ""


def front_page(decision) -> FrontPage:
    """The front page of ``decision`` (a ``helpers.decision.Decision``)."""
    parts, advice = decision.headline
    ranked = decision.ranking.ranking
    table = pd.DataFrame(
        {
            "rank": ranked["rank"],
            "vendor": ranked.index,
            "score": ranked["score"],
            "yearly_cost": ranked["yearly_cost"],
            "currency": ranked["currency"],
        }
    ).reset_index(drop=True)
    probabilities = decision.probabilities
    if not probabilities.empty and 1 in probabilities.columns:
        table["first_place"] = table["vendor"].map(probabilities[1])
    table["standing"] = table["vendor"].map(lambda vendor: _standing(decision, vendor))
    first = decision.recommended or (ranked.index[0] if len(ranked) else None)
    return FrontPage(
        status=parts[0] + "." if parts else "",
        conditions=[f"{part}." for part in parts[1:]] + ([advice] if advice else []),
        ranking=describe(table.head(MOST_VENDORS), first_place=FIRST_PLACE, standing=STANDING),
        more_vendors=max(0, len(table) - MOST_VENDORS),
        knocked_out=list(dict.fromkeys(decision.ranking.excluded["vendor"])),
        would_change=decision.would_change[:MOST],
        cost=_cost(decision.ranking.costs, first) if first is not None else "",
        next_steps=decision.must_resolve[:MOST],
        more_steps=max(0, len(decision.must_resolve) - MOST),
    )


def _cost(costs: pd.DataFrame, vendor: str) -> str:
    row = costs.loc[vendor]
    currency = str(row["currency"])
    return (
        f"{vendor}: {money(row['total'], currency)} a year all in, "
        f"{money(row['contract_total'], currency)} over the {int(row['contract_months'])}-month contract."
    )


__all__ = ["FrontPage", "front_page"]
