"""Load and validate a project: a folder of CSV files or one .xlsx workbook.

``load_project(path)`` reads every table of ``helpers.schema.TABLES``, converts each column to
its type and checks it, then checks the references between tables. Every problem is reported
at once in one ``InputError`` whose lines name the file (and sheet), the row as a spreadsheet
shows it, the column, the value and what was expected. Input files are only ever read.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.schema import TABLES, Column, Table

MAX_PROBLEMS_SHOWN = 40
TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0"}


class InputError(ValueError):
    """Bad input data. The message names file, row, column, value and what was expected."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        more = len(self.problems) - len(shown)
        lines = [f"- {p}" for p in shown] + ([f"- … and {more} more"] if more > 0 else [])
        header = "1 problem in the input:" if len(self.problems) == 1 else f"{len(self.problems)} problems in the input:"
        super().__init__("\n".join([header, *lines]))


@dataclass
class Project:
    """A validated project: one DataFrame per table, as attributes (``project.vendors``)."""

    source: Path
    tables: dict[str, pd.DataFrame] = field(repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"a project has no table {name!r}; tables: {', '.join(TABLES)}")

    def summary(self) -> str:
        """One line: what the project holds."""
        counts = ", ".join(f"{len(frame)} {name}" for name, frame in self.tables.items() if len(frame))
        return f"{self.source.name}: {counts}"


# --------------------------------------------------------------------------------------------
# Reading raw tables (every cell as text, row numbers as a spreadsheet shows them)
# --------------------------------------------------------------------------------------------

@dataclass
class RawTable:
    label: str  # how the user names the place: "vendors.csv" or "project.xlsx, sheet 'vendors'"
    frame: pd.DataFrame  # all text, index = spreadsheet row number
    decimal_comma: bool = False


def _clean_header(name: object) -> str:
    return re.sub(r"\s+", "_", str(name).strip().lower())


def _finish(raw: pd.DataFrame, label: str, decimal_comma: bool = False) -> RawTable:
    raw = raw.fillna("").astype(str).apply(lambda s: s.str.strip())
    raw.columns = [_clean_header(c) for c in raw.columns]
    raw.index = raw.index + 2  # row 1 is the header in a spreadsheet
    raw = raw[(raw != "").any(axis=1)]  # blank lines and ",,,," rows Excel leaves at the end
    return RawTable(label, raw, decimal_comma)


def _read_csv(path: Path) -> RawTable:
    label = path.name
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputError(f"{label}: this is not a text CSV file (it contains binary data); save it as 'CSV UTF-8' from your spreadsheet")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{label}: the file is not UTF-8 text (byte {err.start} cannot be read); save it as 'CSV UTF-8' from your spreadsheet"
        ) from None
    if not text.strip():
        raise InputError(f"{label}: the file is empty; expected a header row naming the columns")
    header = text.splitlines()[0]
    # Excel in many European locales writes ';' between fields and ',' as the decimal mark.
    sep = ";" if header.count(";") > header.count(",") else ","
    try:
        raw = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (pd.errors.ParserError, csv.Error) as err:
        raise InputError(f"{label}: cannot be read as CSV ({err}); expected one header row and one row per record") from None
    return _finish(raw, label, decimal_comma=(sep == ";"))


def _excel_cell_text(value: object) -> str:
    """Excel cells arrive typed; turn them back into the text a user typed."""
    import datetime as dt

    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat() if (value.hour or value.minute or value.second) else value.date().isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def _read_workbook(path: Path) -> dict[str, RawTable]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise InputError(f"{path.name}: not a readable Excel workbook (.xlsx) ({err.__class__.__name__}); save it again from Excel as .xlsx") from None
    tables = {}
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            if name not in TABLES:
                continue
            rows = [[_excel_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            label = f"{path.name}, sheet '{sheet.title}'"
            if not rows or not any(rows[0]):
                raise InputError(f"{label}: the sheet is empty; expected a header row naming the columns")
            width = max(i + 1 for i, v in enumerate(rows[0]) if v != "")
            frame = pd.DataFrame([r[:width] + [""] * (width - len(r)) for r in rows[1:]], columns=rows[0][:width], dtype=str)
            tables[name] = _finish(frame, label)
    finally:
        book.close()
    return tables


def read_raw_tables(path: str | Path) -> tuple[Path, dict[str, RawTable], list[str]]:
    """Read every table present at ``path`` as text. Returns (path, tables, problems)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; expected a folder of CSV files or one .xlsx workbook")
    problems: list[str] = []
    tables: dict[str, RawTable] = {}
    if path.is_dir():
        for name, spec in TABLES.items():
            file = path / f"{name}.csv"
            if not file.exists():
                if spec.required:
                    problems.append(f"{file.name}: file missing from {path}; this table is required")
                continue
            try:
                tables[name] = _read_csv(file)
            except InputError as err:
                problems.extend(err.problems)
    elif path.suffix.lower() in {".xlsx", ".xlsm"}:
        tables = _read_workbook(path)
        missing = [n for n, s in TABLES.items() if s.required and n not in tables]
        for name in missing:
            problems.append(f"{path.name}: sheet '{name}' missing; this table is required (a sheet named '{name}')")
    else:
        raise InputError(f"{path.name}: expected a folder of CSV files or one .xlsx workbook, not a '{path.suffix or 'plain'}' file")
    return path, tables, problems


# --------------------------------------------------------------------------------------------
# Converting and checking columns
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def _where(raw: RawTable, row: int, column: str) -> str:
    return f"{raw.label}, row {row}, column '{column}'"


def _expected(col: Column) -> str:
    bounds = ""
    if col.low is not None and col.high is not None:
        bounds = f" from {col.low:g} to {col.high:g}"
    elif col.low is not None:
        bounds = f" greater than {col.low:g}" if col.low_open else f" of at least {col.low:g}"
    return {
        "int": f"a whole number{bounds}",
        "float": f"a number{bounds}",
        "bool": "yes or no",
        "choice": "one of " + ", ".join(col.choices),
        "time": "a time as HH:MM (00:00 to 24:00)",
        "start_time": "a time as HH:MM (00:00 to 23:59)",
        "tz": "an IANA time zone such as Europe/London or Asia/Kolkata",
        "datetime": "an ISO date and time such as 2026-09-07T08:15:00Z",
        "datetime_tz": "an ISO date and time with its zone, such as 2026-08-14T17:40:00+01:00 or 2026-08-14T16:40:00Z",
        "workdays": "weekdays such as Mon-Fri, Sun-Thu or Mon,Wed,Fri",
        "hours_by_weekday": "weekday hours such as 'Fri 08:00-12:00; Sat 09:00-13:00'",
    }.get(col.kind, "some text")


def _convert(raw: RawTable, col: Column, text: pd.Series, problems: list[str]) -> pd.Series:
    """Convert one text column; append a problem per bad cell; return the typed column."""
    filled = text != ""
    if not col.nullable:
        for row in text.index[~filled]:
            problems.append(f"{_where(raw, row, col.name)}: value '' (empty cell); expected {_expected(col)}")
    bad = pd.Series(False, index=text.index)
    kind = col.kind
    if kind in {"int", "float"}:
        number_text = text.str.replace(",", ".", regex=False) if raw.decimal_comma else text
        values = pd.to_numeric(number_text.where(filled), errors="coerce")
        bad = filled & values.isna()
        if kind == "int":
            bad |= filled & values.notna() & (values % 1 != 0)
        in_range = pd.Series(True, index=text.index)
        if col.low is not None:
            in_range &= values > col.low if col.low_open else values >= col.low
        if col.high is not None:
            in_range &= values <= col.high
        bad |= filled & values.notna() & ~in_range
        # Whole-number columns become int64; optional ones (empty cells) float64 with NaN.
        result = values.where(~bad).astype("float64")
        if kind == "int" and not col.nullable:
            result = result.fillna(0).astype("int64")
    elif kind == "bool":
        lower = text.str.lower()
        bad = filled & ~lower.isin(TRUE_WORDS | FALSE_WORDS)
        result = lower.isin(TRUE_WORDS).where(filled)
        if not col.nullable:
            result = result.fillna(False).astype(bool)
    elif kind == "choice":
        canonical = {c.lower(): c for c in col.choices}
        mapped = text.str.lower().map(canonical)
        bad = filled & mapped.isna()
        result = mapped.where(filled)
    elif kind == "tz":
        bad = filled & ~text.isin(_zones())
        result = text.where(filled)
    elif kind == "datetime":
        values = pd.to_datetime(text.where(filled), errors="coerce", utc=True, format="ISO8601")
        bad = filled & values.isna()
        result = values
    elif kind == "datetime_tz":
        result, bad = _zoned_times(raw, col, text, filled, problems)
    elif kind in {"time", "start_time", "workdays", "hours_by_weekday"}:
        from helpers import timezones

        parse = {"time": timezones.parse_time, "workdays": timezones.parse_workdays,
                 "start_time": lambda value: timezones.parse_time(value, allow_24=False),
                 "hours_by_weekday": timezones.parse_hours_by_weekday}[kind]
        for row, value in text[filled].items():
            try:
                parse(value)
            except ValueError as err:
                problems.append(f"{_where(raw, row, col.name)}: value '{value}' — {err}")
        result = text.where(filled)
    else:
        result = text.where(filled)
    for row in text.index[bad]:
        problems.append(f"{_where(raw, row, col.name)}: value '{text[row]}'; expected {_expected(col)}")
    return result


# An ISO time that carries its zone ends in Z or in an offset such as +01:00, +0100 or -03.
_OFFSET_RE = r"(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"


def _zoned_times(raw: RawTable, col: Column, text: pd.Series, filled: pd.Series,
                 problems: list[str]) -> tuple[pd.Series, pd.Series]:
    """A ``datetime_tz`` column as UTC instants, and the cells that are not a time at all.

    A time with an offset (or Z) is that instant. A time without one is read in the zone of
    the same row's ``col.zone_column`` (e.g. a sheet typed in local time in Excel, which
    stores no zone); with no zone there it is a problem of its own ("time without zone"): the
    instant is unknown, and guessing UTC would shift a London reply by an hour all summer.
    """
    from helpers import timezones

    zoned = filled & text.str.strip().str.contains(_OFFSET_RE, regex=True)
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    upper_z = text.str.replace(r"z$", "Z", regex=True)  # pandas reads only a capital Z
    with_zone = pd.to_datetime(upper_z.where(zoned), errors="coerce", utc=True, format="ISO8601")
    result[zoned] = with_zone[zoned]
    naive = pd.to_datetime(text.where(filled & ~zoned), errors="coerce", format="ISO8601")
    bad = (zoned & with_zone.isna()) | (filled & ~zoned & naive.isna())
    plain = filled & ~zoned & naive.notna()
    if plain.any():
        zones = (raw.frame[col.zone_column] if col.zone_column in raw.frame
                 else pd.Series("", index=text.index)).reindex(text.index).fillna("")
        known = plain & zones.isin(_zones())
        if known.any():
            result[known] = timezones.local_to_utc(naive[known], zones[known]).to_numpy()
        # A zone cell that is filled but unknown is reported by the zone column itself.
        for row in text.index[plain & (zones == "")]:
            hint = (f" or write the zone of this row in column '{col.zone_column}' (e.g. Europe/London)"
                    if col.zone_column else "")
            problems.append(
                f"{_where(raw, row, col.name)}: value '{text[row]}' is a time without zone; expected "
                f"{_expected(col)}{hint}"
            )
    return result, bad


def _check_columns(raw: RawTable, spec: Table) -> list[str]:
    problems = []
    present = list(raw.frame.columns)
    for col in spec.columns:
        if col.required and col.name not in present:
            close = difflib.get_close_matches(col.name, [c for c in present if c not in spec.column_names], n=1, cutoff=0.6)
            hint = f" — found '{close[0]}': is it misspelt?" if close else ""
            problems.append(f"{raw.label}: column '{col.name}' missing{hint}; expected columns: {', '.join(spec.column_names)}")
    duplicated = sorted({c for c in present if present.count(c) > 1})
    for name in duplicated:
        problems.append(f"{raw.label}: column '{name}' appears more than once; expected each column once")
    return problems


def parse_table(raw: RawTable, spec: Table) -> tuple[pd.DataFrame, list[str]]:
    """Typed, checked frame for one table (columns in schema order) and its problems."""
    problems = _check_columns(raw, spec)
    if problems:
        return pd.DataFrame(), problems
    if spec.required and raw.frame.empty:
        return pd.DataFrame(), [f"{raw.label}: has a header row but no data rows; this table needs at least one row"]
    frame = pd.DataFrame(index=raw.frame.index.rename("row"))
    for col in spec.columns:
        text = raw.frame[col.name] if col.name in raw.frame else pd.Series("", index=raw.frame.index)
        frame[col.name] = _convert(raw, col, text, problems)
    if spec.key and not frame.empty:
        dup = frame.duplicated(list(spec.key), keep="first") & frame[list(spec.key)].notna().all(axis=1)
        for row in frame.index[dup]:
            value = " / ".join(str(frame.at[row, k]) for k in spec.key)
            first = frame.index[(frame[list(spec.key)] == frame.loc[row, list(spec.key)]).all(axis=1)][0]
            problems.append(
                f"{_where(raw, row, ' + '.join(spec.key))}: value '{value}' repeats row {first}; expected each one once"
            )
    problems.extend(_table_rules(raw, spec.name, frame))
    return frame, problems


def _table_rules(raw: RawTable, name: str, frame: pd.DataFrame) -> list[str]:
    """Checks that span several cells of one table."""
    problems = []
    if frame.empty:
        return problems
    if name == "criteria" and frame["weight"].notna().all() and (frame["weight"] == 0).all():
        problems.append(f"{raw.label}, column 'weight': every weight is 0; expected at least one positive weight")
    if name == "communications":
        early = frame["sent_at"].notna() & frame["replied_at"].notna() & (frame["replied_at"] < frame["sent_at"])
        for row in frame.index[early]:
            problems.append(
                f"{_where(raw, row, 'replied_at')}: value '{raw.frame.at[row, 'replied_at']}' is before the "
                f"question was sent ({raw.frame.at[row, 'sent_at']}); expected a reply at or after sent_at "
                "(check the date and the zone of both)"
            )
    if name == "references":
        from helpers.schema import REFERENCE_QUESTIONS

        answered = frame[list(REFERENCE_QUESTIONS)].notna().any(axis=1)
        for row in frame.index[answered & ~frame["checked"].astype(bool)]:
            problems.append(
                f"{_where(raw, row, 'checked')}: value '{raw.frame.at[row, 'checked']}' but the row holds answers; "
                "expected checked = yes for a reference who answered (or leave the answers empty)"
            )
    if name == "sites":
        same = frame["start"].notna() & (frame["start"] == frame["end"])
        for row in frame.index[same]:
            problems.append(
                f"{_where(raw, row, 'end')}: value '{frame.at[row, 'end']}' equals the start; "
                "expected a different end (write 00:00 to 24:00 for a whole day)"
            )
    return problems


def _check_references(raws: dict[str, RawTable], tables: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    for name, spec in TABLES.items():
        frame = tables[name]
        if frame.empty:
            continue
        for ref in spec.references:
            target = tables[ref.table]
            if ref.where is not None and not target.empty:
                target = target[target[ref.where[0]] == ref.where[1]]
            allowed = set(target[ref.target_column].dropna()) | set(ref.extra_values)
            unknown = frame[ref.column].notna() & ~frame[ref.column].isin(allowed)
            scope = f"{ref.table} ({ref.where[0]} = {ref.where[1]})" if ref.where else ref.table
            listing = ", ".join(sorted(map(str, allowed))) or "none"
            for row in frame.index[unknown]:
                problems.append(
                    f"{_where(raws[name], row, ref.column)}: value '{frame.at[row, ref.column]}' is not in {scope}; "
                    f"expected one of: {listing}"
                )
    if not tables["sites"].empty and not (tables["sites"]["owner"] == "client").any():
        problems.append(f"{raws['sites'].label}, column 'owner': no site belongs to 'client'; expected at least one client site")
    return problems


def _empty_frame(spec: Table) -> pd.DataFrame:
    def dtype(col: Column) -> str:
        if col.kind == "int":
            return "float64" if col.nullable else "int64"
        if col.kind == "bool" and col.nullable:
            return "object"
        return {"float": "float64", "bool": "bool", "datetime": "datetime64[ns, UTC]",
                "datetime_tz": "datetime64[ns, UTC]"}.get(col.kind, "object")

    return pd.DataFrame({c.name: pd.Series(dtype=dtype(c)) for c in spec.columns})


def load_project(path: str | Path) -> Project:
    """Load and validate the project at ``path`` (a folder of CSV files or one .xlsx workbook).

    Returns a ``Project`` with one DataFrame per table of ``helpers.schema.TABLES``; a missing
    optional table is an empty frame with the table's columns. The index, named ``row``, is
    the row number a spreadsheet shows for the record (the header is row 1). Raises ``InputError`` listing every problem found.
    During a report build the notebooks share one validated project (``helpers.project_cache``).
    """
    from helpers.project_cache import cached_load

    return cached_load(path, _load_and_validate)


def _load_and_validate(path: str | Path) -> Project:
    """``load_project`` without the report build's cache: read and validate every table."""
    path, raws, problems = read_raw_tables(path)
    tables: dict[str, pd.DataFrame] = {}
    for name, spec in TABLES.items():
        if name in raws:
            frame, table_problems = parse_table(raws[name], spec)
            problems.extend(table_problems)
            tables[name] = frame if not frame.empty else _empty_frame(spec)
        else:
            tables[name] = _empty_frame(spec)
    if problems:
        raise InputError(problems)
    problems = _check_references(raws, tables)
    if problems:
        raise InputError(problems)
    return Project(path, tables)


# --------------------------------------------------------------------------------------------
# Blank templates
# --------------------------------------------------------------------------------------------

def describe_column(col: Column) -> str:
    """What a column must contain, in words (used in templates and messages)."""
    need = "required" if col.required and not col.nullable else "optional"
    return f"{need}; {_expected(col)}" if col.kind != "str" else f"{need}; text"


def write_template(path: str | Path) -> Path:
    """Write blank inputs: a folder of CSV files (header rows), or one .xlsx workbook.

    The workbook has one sheet per table with its header row, and a README sheet that lists
    every column, what it must contain and an example value. Existing files are never
    overwritten: raises ``FileExistsError`` naming them.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        if path.exists():
            raise FileExistsError(f"{path} already exists; choose a new file name (the workbook never overwrites a file)")
        _write_template_workbook(path)
        return path
    targets = [path / f"{name}.csv" for name in TABLES]
    existing = [t.name for t in targets if t.exists()]
    if existing:
        raise FileExistsError(f"{path} already holds {', '.join(existing)}; choose an empty folder (the workbook never overwrites a file)")
    path.mkdir(parents=True, exist_ok=True)
    for name, spec in TABLES.items():
        pd.DataFrame(columns=spec.column_names).to_csv(path / f"{name}.csv", index=False)
    return path


def _write_template_workbook(path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    readme = book.active
    readme.title = "README"
    readme.append(["Outsourcing Partner Selection Workbook: input template"])
    readme.append(["One sheet per table. Fill in rows under the header; keep the header row as it is. "
                   "Check with: python -m helpers validate " + path.name])
    readme.append([])
    readme.append(["table", "required table", "column", "what it must contain", "example"])
    for cell in readme[4]:
        cell.font = Font(bold=True)
    for name, spec in TABLES.items():
        for col in spec.columns:
            readme.append([name, "yes" if spec.required else "no", col.name, describe_column(col), col.example])
    for name, spec in TABLES.items():
        sheet = book.create_sheet(name)
        sheet.append(spec.column_names)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    book.save(path)
