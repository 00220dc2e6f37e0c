"""The analyst's judgement settings: one place per project, read by every notebook and by
``helpers.decision.decide``, shown in the report.

A project may hold an optional one-row ``settings`` table (a column per setting, see
``helpers.schema.SETTINGS`` and docs/data.md); an empty cell, or no table, keeps the setting's
documented default. ``python -m helpers report … --set NAME=VALUE`` changes a setting for one
report without touching the user's files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from helpers.schema import SETTINGS, Setting

FROM_TABLE = "settings table"
FROM_DEFAULT = "default"
FROM_OPTION = "report option"


def first_monday_of_next_month(today: dt.date | None = None) -> dt.date:
    """The default contract start: the first Monday of the month after ``today``."""
    today = today or dt.date.today()
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


@dataclass(frozen=True)
class Settings:
    """The value of every setting (attribute per setting) and where each came from."""

    values: dict[str, object]
    origin: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str):
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(f"no setting {name!r}; settings: {', '.join(s.name for s in SETTINGS)}")

    @property
    def exclude_weeks(self) -> tuple[int, ...]:
        """The pilot weeks left out of the comparison: 1 .. ramp_up_weeks."""
        return tuple(range(1, int(self.ramp_up_weeks) + 1))

    def replace(self, **changes) -> "Settings":
        """The same settings with some changed (marked as set here, e.g. in a notebook)."""
        unknown = sorted(set(changes) - set(self.values))
        if unknown:
            raise AttributeError(f"no setting {', '.join(unknown)}; settings: {', '.join(self.values)}")
        origin = {**self.origin, **{name: "set in the notebook" for name in changes}}
        return Settings({**self.values, **changes}, origin)

    def table(self, used_by: str | None = None) -> pd.DataFrame:
        """The settings as a reader sees them: value, where it came from, what it means.

        ``used_by`` ("02") keeps the settings that notebook reads.
        """
        rows = [
            {
                "setting": s.name,
                "value": shown_value(self.values[s.name]),
                "from": self.origin.get(s.name, FROM_DEFAULT),
                "meaning": s.meaning,
            }
            for s in SETTINGS
            if used_by is None or used_by in s.used_by
        ]
        return pd.DataFrame(rows).set_index("setting")


def shown_value(value: object) -> str:
    """A setting's value as written in the settings table."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def contract_period(start: str | dt.date | None, months: int = 12) -> tuple[dt.date, dt.date]:
    """First and last day of a contract of ``months`` months from ``start`` (default: the
    first Monday of next month)."""
    start = first_monday_of_next_month() if start is None else pd.Timestamp(start).date()
    end = (pd.Timestamp(start) + pd.DateOffset(months=months) - pd.Timedelta(days=1)).date()
    return start, end


def _typed(setting: Setting, value: object) -> object:
    """A validated cell as the value the code uses (dates as datetime.date, ints as int)."""
    kind = setting.column.kind
    if kind == "date":
        return pd.Timestamp(value).date()
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value


def project_settings(project, today: dt.date | None = None) -> Settings:
    """The settings of a loaded project: its ``settings`` table's cells, else the defaults.

    ``today`` fixes the day from which the default contract start is counted (tests).
    """
    table = project.tables.get("settings") if hasattr(project, "tables") else None
    row = table.iloc[0] if table is not None and len(table) else None
    values, origin = {}, {}
    options = getattr(project, "options", ())
    for setting in SETTINGS:
        cell = row.get(setting.name) if row is not None else None
        if cell is not None and not pd.isna(cell):
            where = FROM_OPTION if setting.name in options else FROM_TABLE
            values[setting.name], origin[setting.name] = _typed(setting, cell), where
        else:
            values[setting.name], origin[setting.name] = setting.default, FROM_DEFAULT
    if values["contract_start"] is None:
        values["contract_start"] = first_monday_of_next_month(today)
    return Settings(values, origin)


def parse_options(pairs: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs (the report's ``--set``) as a mapping, checked as the settings table's
    cells are: raises ``InputError`` naming each unknown setting or unreadable value."""
    from helpers.data import InputError

    known = [s.name for s in SETTINGS]
    options, problems = {}, []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lower()
        if not sep or name not in known:
            problems.append(f"--set {pair}: expected NAME=VALUE with NAME one of {', '.join(known)}")
        else:
            options[name] = value.strip()
    if problems:
        raise InputError(problems, source="--set")
    with_options(None, options)  # checks the values
    return options


def with_options(project, options: dict[str, str]):
    """The project with ``options`` (setting -> value as typed) written over its settings
    table, checked as the table's cells are (a bad value raises ``InputError`` naming it).
    ``project`` None only checks."""
    from helpers.data import InputError, Project, RawTable, parse_table
    from helpers.schema import TABLES

    spec = TABLES["settings"]
    frame = pd.DataFrame({name: [text] for name, text in options.items()}, index=pd.Index([1]), dtype=object)
    typed, problems = parse_table(RawTable("report option --set", frame), spec)
    if problems:
        raise InputError(problems, source="--set")
    if project is None:
        return None
    current = project.tables["settings"]
    row = (current.iloc[[0]] if len(current) else typed.iloc[0:0].reindex([1])).copy()
    for name in options:
        row[name] = typed[name].to_numpy()
    tables = {**project.tables, "settings": row}
    return Project(project.source, tables, tuple(sorted(set(project.options) | set(options))))


__all__ = [
    "parse_options",
    "with_options",
    "Settings",
    "project_settings",
    "first_monday_of_next_month",
    "contract_period",
    "shown_value",
    "FROM_TABLE",
    "FROM_DEFAULT",
    "FROM_OPTION",
]
