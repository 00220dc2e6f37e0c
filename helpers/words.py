"""How numbers, shares, amounts and lists read in a sentence: one place for each rule.

Every sentence the workbook writes formats its figures through these functions, so a share
reads the same ("23 %") in a notebook, a chart title and the report. They return plain text;
``helpers.display`` escapes it on its way into HTML.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

MISSING = "n/a"  # a figure that cannot be given (no data)


def _missing(value) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def percent(share: float, digits: int = 0, trim: bool = False) -> str:
    """A share (0..1) as a percentage with a space before the sign; ``trim`` drops the
    decimals it does not need (a weight typed as 25 reads "25 %", one typed as 33.33 keeps them).

    >>> percent(0.234)
    '23 %'
    >>> percent(0.2345, digits=1)
    '23.4 %'
    >>> percent(0.25, digits=2, trim=True), percent(0.3333, digits=2, trim=True)
    ('25 %', '33.33 %')
    >>> percent(float("nan"))
    'n/a'
    """
    if _missing(share):
        return MISSING
    text = f"{100 * share:.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} %"


def money(amount: float, currency: str = "", short: bool = False) -> str:
    """An amount with its currency in front and thousands grouped; ``short`` for chart labels
    (thousands as k, millions as m).

    >>> money(183200, "USD")
    'USD 183,200'
    >>> money(1_250_000, "EUR", short=True)
    'EUR 1.25m'
    >>> money(48_400, short=True)
    '48k'
    """
    if _missing(amount):
        return MISSING
    prefix = f"{currency} " if currency else ""
    if short and abs(amount) >= 1e6:
        return f"{prefix}{amount / 1e6:.2f}m"
    if short and abs(amount) >= 1e3:
        return f"{prefix}{amount / 1e3:.0f}k"
    return f"{prefix}{amount:,.0f}"


def names(items: Iterable, empty: str = "none") -> str:
    """Names in a sentence: "A", "A and B", "A, B and C" (``empty`` when there are none).

    >>> names(["Lisbon", "Manila", "Pune"])
    'Lisbon, Manila and Pune'
    >>> names([])
    'none'
    """
    items = [str(item) for item in items]
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``noun`` as ``n`` of it reads: "must-have" for one, "must-haves" (or ``many``) otherwise.

    >>> plural(1, "reference"), plural(2, "reference"), plural(0, "week"), plural(3, "party", "parties")
    ('reference', 'references', 'weeks', 'parties')
    """
    return noun if n == 1 else (many or noun + "s")


def count(n: int, noun: str, many: str | None = None) -> str:
    """A count with its noun: "1 must-have", "5 must-haves", "2,050 tickets".

    >>> count(1, "must-have"), count(5, "must-have"), count(2050, "ticket")
    ('1 must-have', '5 must-haves', '2,050 tickets')
    """
    return f"{n:,} {plural(n, noun, many)}"


def sentence(text: str) -> str:
    """``text`` ending in one full stop, also when it ends in a name that has its own ("… S.A.").

    >>> sentence("Head to head: Lisbon vs Manila Night Desk, Inc."), sentence("Overlap: all of it")
    ('Head to head: Lisbon vs Manila Night Desk, Inc.', 'Overlap: all of it.')
    """
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


P_FLOOR = 0.001  # a p-value below this reads "< 0.001": more digits claim a precision no test has


def p_value(p: float, in_sentence: bool = False) -> str:
    """A p-value as a reader sees it: three decimals, or "< 0.001" below ``P_FLOOR``;
    ``in_sentence`` adds the "p" ("p = 0.017", "p < 0.001").

    >>> p_value(0.0172), p_value(1.7e-05), p_value(0.49, in_sentence=True), p_value(2e-9, in_sentence=True)
    ('0.017', '< 0.001', 'p = 0.490', 'p < 0.001')
    >>> p_value(float("nan"))
    'n/a'
    """
    if _missing(p):
        return MISSING
    text = f"< {P_FLOOR:g}" if p < P_FLOOR else f"{p:.3f}"
    if not in_sentence:
        return text
    return f"p {text}" if p < P_FLOOR else f"p = {text}"


__all__ = ["MISSING", "count", "percent", "plural", "money", "names", "p_value", "sentence"]
