"""The agenda of a 2-3 hour session: ``AGENDA`` is the single source of its timings
(``notebooks/index.ipynb`` and ``docs/facilitator_guide.md`` show it, a test keeps them in
step)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Part:
    """One part of the session: what happens, for how long, in which notebook."""

    part: str
    minutes: int
    kind: str  # "talk", "demo", "exercise" or "break"
    notebook: str = ""  # path relative to notebooks/, "" when none


AGENDA: tuple[Part, ...] = (
    Part("Welcome, goals and set-up check", 10, "talk", "00_start_here.ipynb"),
    Part("Step 1-2: should we outsource it, and the needs", 15, "demo", "01_define_needs.ipynb"),
    Part("Exercises 1: keep in-house, knock-outs, weights", 20, "exercise", "exercises/01_needs_exercises.ipynb"),
    Part("Step 3: scoring the partners", 15, "demo", "02_score_partners.ipynb"),
    Part(
        "Exercises 2: hidden costs, weighted score, red flags, how sure, the policy",
        25,
        "exercise",
        "exercises/02_scoring_exercises.ipynb",
    ),
    Part("Break", 10, "break"),
    Part("Step 4: the pilot, compared honestly", 10, "demo", "03_pilot_trials.ipynb"),
    Part("Exercises 3: reading intervals, sample size, ramp-up", 20, "exercise", "exercises/03_pilot_exercises.ipynb"),
    Part("Step 5: working-hours overlap", 10, "demo", "04_timezone_overlap.ipynb"),
    Part(
        "Exercises 4: counting overlap, clock changes, holidays",
        15,
        "exercise",
        "exercises/04_timezone_exercises.ipynb",
    ),
    Part("Step 6: the decision report, and wrap-up", 10, "talk", "05_decision_report.ipynb"),
)


def agenda(start: str = "0:00") -> pd.DataFrame:
    """The session's timetable from ``AGENDA``.

    Takes the start time as "H:MM" (clock time such as "9:30", or "0:00" for elapsed time).
    Returns a DataFrame with ``start``, ``end`` (H:MM), ``part``, ``kind``, ``minutes`` and
    ``notebook``; ``attrs["total_minutes"]`` holds the total.
    Raises ValueError for a start that is not H:MM.
    """
    try:
        hours, minutes = (int(x) for x in str(start).split(":"))
        if not (0 <= hours and 0 <= minutes < 60):
            raise ValueError
    except ValueError:
        raise ValueError(f"start {start!r} is not a time: expected H:MM such as 9:30") from None
    lengths = np.array([p.minutes for p in AGENDA])
    begin = hours * 60 + minutes + np.concatenate([[0], np.cumsum(lengths)[:-1]])

    def clock(values):
        return [f"{v // 60}:{v % 60:02d}" for v in values]

    table = pd.DataFrame(
        {
            "start": clock(begin),
            "end": clock(begin + lengths),
            "part": [p.part for p in AGENDA],
            "kind": [p.kind for p in AGENDA],
            "minutes": lengths,
            "notebook": [p.notebook for p in AGENDA],
        }
    )
    table.attrs["total_minutes"] = int(lengths.sum())
    return table
