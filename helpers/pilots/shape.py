"""What the pilot was: the vendors piloted, its weeks and tickets, and the pair compared
head to head."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.data import InputError
from helpers.pilots.checks import drop_weeks, prepare


def choose_pair(tickets: pd.DataFrame, vendor_a=None, vendor_b=None, exclude_weeks=()) -> tuple | None:
    """The two vendors to compare head to head: the ones named, else the first two piloted
    vendors in name order; None when the pilot has fewer than two vendors. A vendor counts as
    piloted when it has tickets outside ``exclude_weeks`` (the ramp-up weeks left out of every
    comparison): one that worked only in those weeks has nothing to compare.

    Raises InputError when a named vendor has no such tickets or only one name is given.
    """
    piloted = compared_vendors(tickets, exclude_weeks)
    if (vendor_a is None) != (vendor_b is None):
        raise InputError("name both vendors to compare (vendor_a and vendor_b) or neither")
    if vendor_a is None:
        return tuple(piloted[:2]) if len(piloted) >= 2 else None
    for name in (vendor_a, vendor_b):
        if name not in piloted:
            left_out = f" after leaving out weeks {list(exclude_weeks)}" if len(exclude_weeks) else ""
            raise InputError(
                f"vendor {name!r} has no pilot tickets{left_out}; vendors in the pilot: "
                f"{', '.join(repr(v) for v in piloted) or 'none'}"
            )
    return vendor_a, vendor_b


def compared_vendors(tickets: pd.DataFrame, exclude_weeks=()) -> list:
    """The vendors with pilot tickets outside ``exclude_weeks``, in name order."""
    if "vendor" not in getattr(tickets, "columns", ()):
        return []
    kept = tickets if "week" not in tickets else drop_weeks(tickets, tuple(exclude_weeks))
    return sorted(pd.unique(kept["vendor"].dropna()), key=str)


@dataclass(frozen=True)
class PilotShape:
    """What the pilot was: the vendors piloted (in name order), the number of distinct weeks
    with tickets, and the tickets per vendor (in the vendors' order)."""

    vendors: tuple
    weeks: int
    tickets: tuple

    @property
    def pairs(self) -> int:
        """How many head-to-head pairs the piloted vendors make."""
        n = len(self.vendors)
        return n * (n - 1) // 2


def pilot_shape(tickets: pd.DataFrame) -> PilotShape:
    """The shape of the pilot in ``tickets`` (empty: no vendor, no week). Reads the ``vendor``
    and ``week`` columns; raises InputError as the other functions here do when they are
    malformed."""
    if len(tickets) == 0:
        return PilotShape((), 0, ())
    clean = prepare(tickets, [], (), None, need_week=True)
    counts = clean.groupby("vendor").size()
    order = sorted(counts.index, key=str)
    return PilotShape(tuple(order), int(clean["week"].nunique()), tuple(int(counts[v]) for v in order))
