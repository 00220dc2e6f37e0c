"""The workshop kit: check functions for the exercise notebooks, and the session agenda.

Each ``check_…(answer, …)`` compares a participant's answer with what the workbook's own
helpers compute on the same project (never with a number written down here, so the checks
follow the data) and returns a :class:`Feedback`:

* ``"correct"``: the answer matches, with what it means for the decision;
* ``"not yet"``: what is wrong, in words ("the weights should add up to 100 %, yours add up
  to 85 %"), naming the misspelt vendor or the day that falls short;
* ``"your turn"``: the answer is still the ``...`` placeholder (or holds one);
* ``"cannot check"``: the check itself could not run (say, the project was not loaded);
* ``"skipped"``: the task does not apply to this project (it has no pilot, no sites, no red
  flags...): the feedback says so in a plain sentence, and the participant moves on.

The exercises work on any valid project: what a task asks about (which need, which vendor, which
site and days) is chosen from the data by the ``choose_…`` / ``…_exercise`` helpers and
named in the text a cell prints.

Whatever the answer, a check returns feedback: a wrong type, a typo or a placeholder is "not
yet" or "your turn", and what the notebook passes besides the answer (the project, the sites,
a KPI, weeks, dates, settings) is checked first and, when unusable (cells not run, a name
misspelt), is "cannot check". So an exercise notebook runs to the end, answered or not. Any
other exception is a bug in the check and is raised as it is: it never passes as feedback.
Feedback is returned, not printed: the notebook shows it (as text, or as a coloured box in
JupyterLab and in HTML exports).

``AGENDA`` is the single source of the session's timings: ``notebooks/index.ipynb`` and
``docs/facilitator_guide.md`` show it and a test keeps them in step.

Nothing here reads files, draws or prints.

The package, one module per exercise notebook plus what they share (every public name below
imports from ``helpers.exercises``):

- ``feedback``: :class:`Feedback`, ``STATUSES`` and the outcomes a check raises inside.
- ``answers``: reading an answer and what the notebook passes beside it; :func:`answer_template`.
- ``needs_exercises``, ``scoring_exercises``, ``pilot_exercises``, ``timezone_exercises``: the
  checks of exercises 1 to 4 and what each task asks about (``choose_…``, ``…_exercise``).
- ``session``: ``AGENDA`` and :func:`agenda`.
"""

from helpers.exercises.answers import answer_template
from helpers.exercises.feedback import _TITLES, STATUSES, Feedback  # noqa: F401  (_TITLES: read by the tests)
from helpers.exercises.needs_exercises import (
    check_keep_in_house,
    check_knockouts,
    check_need_weights,
    choose_focus_need,
    criteria_weights_with,
)
from helpers.exercises.pilot_exercises import check_ramp_up, check_tickets_needed, check_verdict, pilot_exercise
from helpers.exercises.scoring_exercises import (
    check_hidden_costs,
    check_leader_share,
    check_policy_outcome,
    check_red_flags,
    check_weighted_score,
    choose_vendor_to_score,
)
from helpers.exercises.session import AGENDA, Part, agenda
from helpers.exercises.timezone_exercises import (
    TimezoneExercise,
    check_meets_minimum,
    check_overlap_minutes,
    timezone_exercise,
)

__all__ = [
    "AGENDA",
    "STATUSES",
    "Feedback",
    "Part",
    "TimezoneExercise",
    "agenda",
    "answer_template",
    "check_hidden_costs",
    "check_keep_in_house",
    "check_knockouts",
    "check_leader_share",
    "check_policy_outcome",
    "check_meets_minimum",
    "check_need_weights",
    "check_overlap_minutes",
    "check_ramp_up",
    "check_red_flags",
    "check_tickets_needed",
    "check_verdict",
    "check_weighted_score",
    "choose_focus_need",
    "choose_vendor_to_score",
    "criteria_weights_with",
    "pilot_exercise",
    "timezone_exercise",
]
