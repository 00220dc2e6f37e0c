"""Property test: random valid projects (tests/projects.py) each validate, run every notebook,
and give a report that states what is true for them (issue 14, §4).

Each report takes about ten seconds, so a handful of seeds is built here, each forced into one
case the workbook must hold (no pilot, a pilot of three or more, every vendor knocked out, no
sites, one vendor left); ``make sweep`` builds many more. The generator itself is checked on
many seeds without building reports.
"""

from __future__ import annotations

import collections

import pytest

from helpers.data import load_project
from tests.projects import OPTIONAL_TABLES, check_project, generate

# (id, seed, forced choices, what the drawn project must then be): one report each.
CASES = [
    (
        "no-pilot-some-out-xlsx",
        101,
        dict(n_piloted=0, knock_outs="some", form="xlsx", n_vendors=5),
        lambda g: not g.facts.piloted and 0 < len(g.facts.knocked_out) < 5,
    ),
    (
        # one of the four worked only in the ramp-up week, which the comparison leaves out
        "pilot-of-3-or-more-semicolon-one-only-in-ramp-up",
        102,
        dict(n_piloted=4, knock_outs="none", form="csv;", tables=frozenset(OPTIONAL_TABLES), ramp_up_only=True),
        lambda g: len(g.facts.piloted) == 4 and not g.facts.knocked_out and g.choices.ramp_up_only,
    ),
    (
        "everyone-out-without-sites",
        103,
        dict(knock_outs="all", tables=frozenset(OPTIONAL_TABLES) - {"sites"}),
        lambda g: not g.facts.in_race and "sites" not in g.choices.tables,
    ),
    (
        "some-out-two-piloted-overlap-need",
        104,
        dict(n_vendors=3, n_piloted=2, knock_outs="some", overlap="need"),
        lambda g: len(g.facts.piloted) == 2,
    ),
    (
        "one-vendor-one-pilot-only-required-tables",
        105,
        dict(n_vendors=1, n_piloted=1, n_musts=0, tables=frozenset(), form="csv"),
        lambda g: set(g.tables) == {"needs", "criteria", "vendors", "scores", "pilot_tickets"},
    ),
]


@pytest.mark.parametrize("seed, forced, shape", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_report_of_a_generated_project_is_true_for_it(tmp_path, seed, forced, shape):
    generated = generate(seed, **forced)
    assert shape(generated), f"the generator no longer draws this case: {generated.describe()}"
    outcome = check_project(generated, tmp_path)
    assert outcome.problems == [], f"{generated.describe()}:\n" + "\n".join(outcome.problems)


def test_the_same_seed_gives_the_same_project():
    one, two = generate(7), generate(7)
    assert one.choices == two.choices and one.facts == two.facts
    assert all(one.tables[name].equals(two.tables[name]) for name in one.tables)


def test_generated_projects_are_valid_and_cover_every_case(tmp_path):
    seen = collections.Counter()
    for seed in range(40):
        generated = generate(seed)
        load_project(generated.write(tmp_path / str(seed)))  # raises InputError naming every problem
        c, f = generated.choices, generated.facts
        seen.update(
            [
                c.form,
                f"pilot {min(len(f.piloted), 3)}",
                "no sites" if "sites" not in c.tables else "sites",
                "all out" if not f.in_race else "some out" if f.knocked_out else "none out",
                c.overlap,
            ]
        )
        seen.update(f"without {t}" for t in set(OPTIONAL_TABLES) - c.tables)
    wanted = {
        "csv",
        "csv;",
        "xlsx",
        "pilot 0",
        "pilot 1",
        "pilot 2",
        "pilot 3",
        "no sites",
        "sites",
        "all out",
        "some out",
        "none out",
        "need",
        "functions",
        "none",
        *(f"without {t}" for t in OPTIONAL_TABLES),
    }
    assert wanted <= set(seen), f"not drawn in 40 seeds: {sorted(wanted - set(seen))}"
