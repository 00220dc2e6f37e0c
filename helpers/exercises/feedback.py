"""What a check says about an answer (:class:`Feedback`), the outcomes a check raises inside
(``_NotYet``, ``_YourTurn``, ``_CannotCheck``, ``_Skip``) and :func:`_friendly`, which turns
them into Feedback and lets every other exception through as the bug it is."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from helpers import display

# The workbook's palette (helpers.plots), repeated here so that showing feedback does not
# import matplotlib.
_COLOURS = {
    "correct": "#009E73",
    "not yet": "#D55E00",
    "your turn": "#0072B2",
    "cannot check": "#999999",
    "skipped": "#999999",
}
_TITLES = {
    "correct": "Correct",
    "not yet": "Not yet",
    "your turn": "Your turn",
    "cannot check": "Cannot check yet",
    "skipped": "Not on this project",
}
STATUSES = tuple(_TITLES)


@dataclass(frozen=True, repr=False)
class Feedback:
    """What a check says about an answer.

    ``status`` is one of ``STATUSES`` ("correct", "not yet", "your turn", "cannot check"),
    ``message`` the main sentence, ``details`` further lines (one per vendor, need or day)
    and ``hint`` a nudge shown with "not yet". ``ok`` is True only for a correct answer.
    Shown as plain text (``str``/``repr``) or, in Jupyter, as a coloured box.
    """

    status: str
    message: str
    details: tuple[str, ...] = ()
    hint: str = ""

    def __post_init__(self):
        object.__setattr__(self, "details", tuple(str(line) for line in self.details))

    @property
    def ok(self) -> bool:
        return self.status == "correct"

    @property
    def title(self) -> str:
        return _TITLES.get(self.status, self.status)

    def __str__(self) -> str:
        lines = [f"{self.title} — {self.message}"]
        lines += [f"  • {line}" for line in self.details]
        if self.hint and self.status == "not yet":
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        # Answers and vendor names are user text: helpers.display escapes all of it.
        colour = _COLOURS.get(self.status, "#999999")
        details = (
            display.element("ul", [display.element("li", line) for line in self.details], style="margin:0.3em 0")
            if self.details
            else None
        )
        hint = (
            display.element("div", display.element("em", "Hint:"), " ", self.hint, style="margin-top:0.3em")
            if self.hint and self.status == "not yet"
            else None
        )
        return str(
            display.note(
                colour,
                display.element("strong", self.title, style=f"color:{colour}"),
                f" — {self.message}",
                details,
                hint,
                tinted=True,
            )
        )


class _NotYet(Exception):
    """Raised inside a check for an answer that is wrong (or of the wrong shape)."""

    def __init__(self, message: str, details: Iterable[str] = (), hint: str = ""):
        super().__init__(message)
        self.message, self.details, self.hint = message, tuple(details), hint


class _YourTurn(Exception):
    """Raised inside a check while the answer still holds the ``...`` placeholder."""


class _CannotCheck(Exception):
    """Raised inside a check when what the notebook passes besides the answer (project, sites,
    KPI, weeks, dates, settings) is not usable."""


class _Skip(Exception):
    """Raised inside a check when the task does not apply to this project (no such table)."""


def _friendly(check):
    """Turn a check's outcomes into Feedback: the answer right (returned), wrong, still a
    placeholder, the check's inputs unusable, the task not on this project. Nothing else is
    caught: an exception of any other kind is a bug and reaches the caller."""

    @functools.wraps(check)
    def wrapper(*args, **kwargs) -> Feedback:
        try:
            return check(*args, **kwargs)
        except _YourTurn as turn:
            return Feedback("your turn", str(turn) or "replace the ... with your answer, then run this cell again.")
        except _NotYet as wrong:
            return Feedback("not yet", wrong.message, wrong.details, wrong.hint)
        except _CannotCheck as problem:
            return Feedback("cannot check", str(problem))
        except _Skip as reason:
            return Feedback("skipped", str(reason))

    return wrapper
