"""Load and validate a project: a folder of CSV files or one .xlsx workbook.

``load_project(path)`` reads every table of ``helpers.schema.TABLES``, converts each column to
its type and checks it, and checks the references between tables, all in one pass. Every
problem is reported at once in one ``InputError`` whose lines name the file (and sheet), the
row as a spreadsheet shows it, the column, the value and what was expected. Input files are
only ever read.

The rules for reading (docs/data.md says them to analysts): headers are matched ignoring case
and spacing; a column the table does not know is an error unless its header starts with ``#``
(a column of your own notes, ignored); numbers in a ``;``-separated file use a decimal comma
and may group thousands with ``.`` or a space, numbers elsewhere a decimal point and may group
thousands with ``,`` or a space, and a grouping must be in threes; text is Unicode NFC.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import difflib
import io
import operator
import re
import shlex
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from helpers.schema import MAX_NUMBER, MEASURED_SOURCES, SCORED_SOURCES, TABLES, Column, Table

MAX_PROBLEMS_SHOWN = 40
LISTED_PER_COLUMN = 1_000  # alike problems of one column listed one by one; the rest counted
SHOWN_CHARACTERS = 60  # a longer cell is cut in messages, with its length said
TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0"}
NUMBER_KINDS = {"int", "float"}
TIME_KINDS = {"time", "start_time"}
COMMENT_MARK = "#"  # a column whose header starts with it holds the analyst's own notes: ignored


def require_columns(table, name: str, columns) -> pd.DataFrame:
    """``table`` when it is a DataFrame holding ``columns``; else an ``InputError`` naming the
    table, the missing columns and the ones it has. The one check for a table handed to a
    helper directly (a loaded project has passed ``load_project``'s)."""
    if not isinstance(table, pd.DataFrame):
        raise InputError(f"{name}: expected a table (pandas DataFrame), got {type(table).__name__}.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(
            f"{name}: missing column(s) {', '.join(missing)}; "
            f"the table has {', '.join(map(str, table.columns)) or 'no columns'}."
        )
    return table


def yes_no(value) -> bool | None:
    """The package's one reading of a yes/no value: True, False, or None when it is neither
    (blank, missing, other text, another number).

    Takes the words of ``TRUE_WORDS`` and ``FALSE_WORDS`` (any case, spaces around ignored:
    docs/data.md lists them), a bool, or the number 1 or 0 (a column of 1/0 numbers).
    Validation, the must-have check, the reference checks and the exercises all read yes/no
    through it.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
        return bool(value)
    return None


def yes_no_column(values: pd.Series, what: str, ids=None, blank: bool | None = None) -> pd.Series:
    """A yes/no column read by :func:`yes_no`: a bool Series with the same index.

    ``what`` names the column in a message (``"must_haves.met"``); ``ids`` names the rows: a
    Series aligned with ``values``, or a function returning one (called only when there is
    something to report); by default the index. A blank or missing cell reads as ``blank``
    when it is given (``False``: missing counts as no), else it is a problem like a value that
    is neither yes nor no. Raises InputError listing every such value.
    """
    if pd.api.types.is_bool_dtype(values) and not values.isna().any():
        return values.astype(bool)
    cells = values.astype(object)
    read = pd.Series(_per_value(cells, yes_no), index=values.index, dtype=object)
    unread = read.isna()
    if blank is not None and unread.any():
        empty = unread & (cells.isna() | cells.map(lambda v: isinstance(v, str) and not v.strip()))
        read[empty] = blank
        unread &= ~empty
    if unread.any():
        ids = ids() if callable(ids) else pd.Series(values.index, index=values.index) if ids is None else ids
        listed = ", ".join(f"{i!s}: {v!r}" for i, v in zip(ids[unread], values[unread]))
        raise InputError(f"{what}: expected yes or no, got {listed}.")
    return read.astype(bool)


def shown(value: object) -> str:
    """A cell as a message quotes it: line breaks made visible, a long cell cut short."""
    text = str(value).replace("\r", "\\r").replace("\n", "\\n")
    if len(text) <= SHOWN_CHARACTERS:
        return text
    return f"{text[:SHOWN_CHARACTERS]}… ({len(text):,} characters)"


class Problem(str):
    """A problem message that stands for several problems: the summary of many alike cells."""

    stands_for: int = 1

    def __new__(cls, text: str, stands_for: int = 1):
        problem = super().__new__(cls, text)
        problem.stands_for = stands_for
        return problem


def _count(problems) -> int:
    """How many problems a list of messages stands for."""
    return sum(getattr(p, "stands_for", 1) for p in problems)


class InputError(ValueError):
    """Bad input data. The message names file, row, column, value and what was expected.

    At most ``limit`` problems are written into the message (all of them in ``.problems``);
    the message then says how to list every one (``python -m helpers validate PATH --all``).
    A column with more than ``LISTED_PER_COLUMN`` alike bad cells is listed up to that many,
    then summarised in one ``Problem`` that stands for the rest (the count says them all).
    """

    def __init__(
        self, problems: list[str] | str, source: str | Path | None = None, limit: int | None = MAX_PROBLEMS_SHOWN
    ):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.source = source
        self.limit = limit
        listed = self.problems if limit is None else self.problems[:limit]
        count = _count(self.problems)
        more = count - _count(listed)
        lines = [f"- {p}" for p in listed]
        if more > 0:
            where = shlex.quote(str(source)) if source is not None else "PATH"
            lines.append(f"- … and {more:,} more; to list every problem, run: python -m helpers validate {where} --all")
        header = "1 problem in the input:" if count == 1 else f"{count:,} problems in the input:"
        super().__init__("\n".join([header, *lines]))

    def unabridged(self) -> "InputError":
        """The same problems, every one of them written into the message."""
        return InputError(self.problems, self.source, limit=None)


@dataclass
class Project:
    """A validated project: one DataFrame per table, as attributes (``project.vendors``)."""

    source: Path
    tables: dict[str, pd.DataFrame] = field(repr=False)
    options: tuple[str, ...] = ()  # settings changed for one report (``report --set``)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"a project has no table {name!r}; tables: {', '.join(TABLES)}")

    def summary(self) -> str:
        """One line: what the project holds ("sample: 8 functions, …, 2,050 pilot tickets")."""
        counts = ", ".join(
            f"{len(frame):,} {name.replace('_', ' ')}" for name, frame in self.tables.items() if len(frame)
        )
        return f"{self.source.name}: {counts}"


# --------------------------------------------------------------------------------------------
# Reading raw tables (row numbers as a spreadsheet shows them)
# --------------------------------------------------------------------------------------------


@dataclass
class RawTable:
    """One table as read, before typing.

    ``frame`` has the cleaned header names as columns and the spreadsheet row numbers as
    index. Its cells are text ("" for an empty cell, stripped, NFC), except number columns of
    a CSV file that pandas' own parser read as numbers (the fast path for big files; their
    text is read again by ``text`` only when a message needs to quote it).
    """

    label: str  # how the user names the place: "vendors.csv" or "project.xlsx, sheet 'vendors'"
    frame: pd.DataFrame
    decimal_comma: bool = False
    reread: Callable[[str], pd.Series] | None = field(default=None, repr=False)
    _texts: dict = field(default_factory=dict, repr=False)

    def text(self, column: str) -> pd.Series:
        """The cells of ``column`` as text, as the user wrote them ("" when empty)."""
        values = self.frame[column]
        if not pd.api.types.is_numeric_dtype(values):
            return values
        if column not in self._texts:
            self._texts[column] = (
                self.reread(column) if self.reread is not None else values.map(lambda v: "" if pd.isna(v) else repr(v))
            )
        return self._texts[column]


def _clean_header(name: object) -> str:
    return re.sub(r"\s+", "_", str(name).strip().lower())


def _tidy(values: pd.Series, strip: bool = True) -> pd.Series:
    """Text cells stripped, "" for an empty cell (the column itself when nothing changes).

    ``strip=False`` when the caller knows that no cell begins or ends with white space."""
    if not strip:
        return values.fillna("") if values.isna().any() else values
    cells = values.to_numpy(dtype=object)
    tidied = [c.strip() if c.__class__ is str else "" for c in cells]
    if values.dtype == "str" and all(map(operator.is_, tidied, cells)):
        return values
    return pd.Series(np.array(tidied, dtype=object), index=values.index, dtype="str")


def _column_letter(position: int) -> str:
    """Spreadsheet column letters of a 0-based position: 0 -> A, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_header(label: str, header: list[str], spec: Table) -> tuple[list[str], list[str], bool]:
    """Cleaned names of a header row, the problems with it (duplicates, unknown, missing), and
    whether they stop the table being read (a duplicated or missing column does; an unknown
    one does not: the other columns are read and checked in the same pass).

    A header starting with ``#`` marks a column of the analyst's own notes: never read. An
    empty header is allowed over an empty column only (checked once the cells are read).
    """
    names = [_clean_header(h) for h in header]
    problems = []
    known = set(spec.column_names)
    counted: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        if name and not name.startswith(COMMENT_MARK):
            counted.setdefault(name, []).append(position)
    for name, positions in counted.items():
        if len(positions) > 1:
            places = ", ".join(_column_letter(p) for p in positions)
            problems.append(
                f"{label}: column '{shown(name)}' appears {len(positions)} times (columns {places}); "
                "expected each column once (delete or rename the copies)"
            )
    present = set(counted)
    absent = [c for c in spec.column_names if c not in present]
    fatal = bool(problems) or any(c.required and c.name not in present for c in spec.columns)
    unknown = [n for n in counted if n not in known]
    explained = set()  # unknown headers named in a "missing — found" message
    for col in spec.columns:
        if col.required and col.name not in present:
            close = difflib.get_close_matches(col.name, unknown, n=1, cutoff=0.6)
            hint = f" — found '{shown(close[0])}': is it misspelt?" if close else ""
            explained.update(close)
            problems.append(
                f"{label}: column '{col.name}' missing{hint}; expected columns: {', '.join(spec.column_names)}"
            )
    for name in unknown:
        if name in explained:
            continue
        close = difflib.get_close_matches(name, absent, n=1, cutoff=0.6) or difflib.get_close_matches(
            name, spec.column_names, n=1, cutoff=0.6
        )
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(
            f"{label}: column '{shown(name)}' is not a column of this table{hint}; expected columns: "
            f"{', '.join(spec.column_names)} (a column of your own notes is ignored when its header "
            f"starts with '{COMMENT_MARK}')"
        )
    return names, problems, fatal


def _unnamed_columns_with_values(label: str, frame: pd.DataFrame, unnamed: dict[str, int]) -> list[str]:
    """A column with an empty header must be empty: its values would otherwise be ignored."""
    problems = []
    for key, position in unnamed.items():
        cells = frame[key]
        filled = cells.notna() & (cells.astype(str).str.strip() != "")
        if filled.any():
            row = filled.idxmax()
            problems.append(
                f"{label}, row {row}, column {_column_letter(position)} (no header): value '{shown(cells[row])}'; "
                "expected a header naming the column (or start it with '#' for notes of your own)"
            )
    return problems


def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank lines and ",,,," rows Excel leaves at the end are not records (empty cells are NaN)."""
    blank = None
    for name in frame.columns:
        blank = frame[name].isna() if blank is None else blank & frame[name].isna()
        if not blank.any():
            return frame
    return frame if blank is None else frame[~blank]


BOM = b"\xef\xbb\xbf"


def _csv_bytes(path: Path) -> tuple[bytes, list[str]]:
    """The file's bytes as UTF-8 without BOM, text in NFC; or the problem that stops reading it."""
    label = path.name
    try:
        data = path.read_bytes()
    except OSError as err:
        reason = (
            "it is a folder, not a file"
            if isinstance(err, IsADirectoryError)
            else (err.strerror or err.__class__.__name__)
        )
        return b"", [f"{label}: cannot be read ({reason}); expected a readable CSV file"]
    if b"\x00" in data[:4096]:
        return b"", [
            f"{label}: this is not a text CSV file (it contains binary data); "
            "save it as 'CSV UTF-8' from your spreadsheet"
        ]
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            return b"", [
                f"{label}: the file is not UTF-8 text (byte {err.start} cannot be read); "
                "save it as 'CSV UTF-8' from your spreadsheet"
            ]
        # Names typed on a Mac arrive decomposed (NFD): one vendor must not become two.
        if not unicodedata.is_normalized("NFC", text):
            data = unicodedata.normalize("NFC", text).encode("utf-8")
        del text
    if not data[:4096].strip() and not data.strip():
        return b"", [f"{label}: the file is empty; expected a header row naming the columns"]
    return data, []


def _padded_cells(data: bytes, sep: str, chunk: int = 1 << 22) -> bool:
    """Whether some cell may begin or end with white space: a space or tab beside a separator,
    a quote or a line break (or text that is not ASCII, whose spaces are many). Stripping every
    cell of a million-row file one by one costs a second; looking at the bytes, a tenth."""
    if not data.isascii():
        return True
    array = np.frombuffer(data, dtype=np.uint8)
    if array.size and chr(array[0]).isspace():
        return True
    for start in range(0, array.size, chunk):
        part = array[start : start + chunk + 1]  # one byte of overlap: pairs across the cut
        space = (part == 32) | (part == 9) | (part == 11) | (part == 12)
        edge = (part == ord(sep)) | (part == 34) | (part == 10) | (part == 13)
        if (space[:-1] & edge[1:]).any() or (edge[:-1] & space[1:]).any():
            return True
    return False


def _read_csv(path: Path, spec: Table) -> tuple[RawTable | None, list[str]]:
    label = path.name
    data, problems = _csv_bytes(path)
    if problems:
        return None, problems
    head = data[: 1 << 16]
    head = (head if b"\n" in head else data).decode("utf-8", errors="ignore")  # the whole header row
    first_line = head.splitlines()[0] if head.strip() else ""
    # Excel in many European locales writes ';' between fields and ',' as the decimal mark.
    sep = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        header = next(csv.reader(io.StringIO(head), delimiter=sep))
    except (csv.Error, StopIteration) as err:
        return None, [f"{label}: the header row cannot be read ({err}); expected one header row naming the columns"]
    names, header_problems, fatal = _check_header(label, header, spec)
    if fatal:
        return None, header_problems
    keys = [f"c{i}" for i in range(len(names))]
    kinds = {c.name: c.kind for c in spec.columns}
    # pandas' own number parser reads number columns (fast, and exact for the plain numbers it
    # accepts: in a ';' file with a decimal comma, and no thousands grouping); a column holding
    # anything else it leaves as text, for the rules of NUMBER_RULE.
    as_numbers = {keys[i] for i, n in enumerate(names) if kinds.get(n) in NUMBER_KINDS}

    def read(data: bytes, columns=None, numbers=as_numbers) -> pd.DataFrame:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=sep,
            decimal="," if sep == ";" else ".",
            header=0,
            names=keys,
            index_col=False,
            usecols=columns,
            dtype={k: str for k in (columns or keys) if k not in numbers},
            na_values=[""],
            keep_default_na=False,
            skip_blank_lines=False,
        )
        frame.index = frame.index + 2  # row 1 is the header in a spreadsheet
        return frame

    padded = _padded_cells(data, sep)
    try:
        raw = read(data)
    except (pd.errors.ParserError, csv.Error, ValueError) as err:
        return None, [f"{label}: cannot be read as CSV ({err}); expected one header row and one row per record"]
    # A column pandas took for True/False, or for Python ints beyond 64 bits, is read again
    # as the text it holds.
    unread = [k for k in as_numbers if raw[k].dtype == object or pd.api.types.is_bool_dtype(raw[k])]
    if unread:
        raw[unread] = read(data, unread, numbers=set())
    del data
    unnamed = {keys[i]: i for i, n in enumerate(names) if n == ""}
    problems = header_problems + _unnamed_columns_with_values(label, raw, unnamed)
    used = {keys[i]: n for i, n in enumerate(names) if n in kinds}
    raw = _drop_blank_rows(raw[list(used)] if list(used) != list(raw.columns) else raw)
    columns = {}
    for key, name in used.items():
        values = raw[key]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        columns[name] = values if numeric else _tidy(values, strip=padded)
    frame = pd.DataFrame(columns, index=raw.index, copy=False)  # no copy of a big table
    del raw

    def reread(name: str) -> pd.Series:
        key = next(k for k, n in used.items() if n == name)
        return _tidy(read(_csv_bytes(path)[0], [key], numbers=set())[key].reindex(frame.index))

    return RawTable(label, frame, decimal_comma=(sep == ";"), reread=reread), problems


def _excel_number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _excel_hours(days: float) -> str:
    """A duration or Excel day fraction as H:MM (24:00 for one whole day)."""
    seconds = round(days * 86400)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def _excel_cell_text(
    value: object, number_format: str = "General", kind: str = "str", epoch: dt.datetime | None = None
) -> str:
    """Excel cells arrive typed; turn them back into the text a user typed.

    A number formatted as a percentage (typed ``10 %``, stored 0.1) is the number shown: 10.
    In a time column, one whole day (how Excel stores ``24:00``; openpyxl gives it back as a
    duration, or as the date of day 1 of the workbook's ``epoch``) is ``24:00``.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            percent = float(decimal.Decimal(repr(value)) * 100)
            return _excel_number_text(percent) if kind in NUMBER_KINDS else f"{_excel_number_text(percent)} %"
        return _excel_number_text(value)
    if isinstance(value, dt.timedelta):
        return _excel_hours(value.total_seconds() / 86400)
    if isinstance(value, dt.datetime):
        if kind in TIME_KINDS:
            from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, to_excel

            serial = to_excel(value, epoch or CALENDAR_WINDOWS_1900)
            if 0 <= serial < 2:  # a time of day past midnight, not a date
                return _excel_hours(serial)
        return value.isoformat() if (value.hour or value.minute or value.second) else value.date().isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    text = str(value)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _sheet_table(
    label: str, rows: list[list], spec: Table, epoch: dt.datetime | None = None
) -> tuple[RawTable | None, list[str]]:
    """A sheet's typed cells (value, number format) as a RawTable of text."""
    header = [_excel_cell_text(v) for v, _ in rows[0]] if rows else []
    if not any(header):
        return None, [f"{label}: the sheet is empty; expected a header row naming the columns"]
    width = max(i + 1 for i, v in enumerate(header) if v != "")
    names, problems, fatal = _check_header(label, header[:width], spec)
    for number, row in enumerate(rows[1:], start=2):
        extra = [(i, v) for i, (v, _) in enumerate(row[width:], start=width) if _excel_cell_text(v) != ""]
        if extra:
            i, v = extra[0]
            problems.append(
                f"{label}, row {number}, column {_column_letter(i)} (no header): value "
                f"'{shown(_excel_cell_text(v))}'; expected a header naming the column "
                "(or start it with '#' for notes of your own)"
            )
            break
    if fatal:
        return None, problems
    kinds = [next((c.kind for c in spec.columns if c.name == n), "str") for n in names]
    texts = [[_excel_cell_text(v, f, kinds[i], epoch) for i, (v, f) in enumerate(row[:width])] for row in rows[1:]]
    frame = pd.DataFrame(
        [r + [""] * (width - len(r)) for r in texts], columns=[f"c{i}" for i in range(width)], dtype="str"
    )
    frame.index = frame.index + 2
    unnamed = {f"c{i}": i for i, n in enumerate(names) if n == ""}
    problems += _unnamed_columns_with_values(label, frame, unnamed)
    used = {f"c{i}": n for i, n in enumerate(names) if n in spec.column_names}
    frame = _drop_blank_rows(frame[list(used)].replace("", np.nan)).rename(columns=used)
    frame = pd.DataFrame({n: _tidy(frame[n]) for n in frame.columns}, index=frame.index)
    return RawTable(label, frame), problems


def _table_of(name: str) -> str:
    """The table a file stem or sheet title names, matched as headers are (case, spacing)."""
    return _clean_header(name)


def _stray_names(found: dict[str, list[str]], present: set[str], what: str, where: str) -> list[str]:
    """Files or sheets that are no table but look like one that is absent: a typo, not notes."""
    problems = []
    for name, originals in found.items():
        if name in TABLES:
            continue
        close = difflib.get_close_matches(name, [t for t in TABLES if t not in present], n=1, cutoff=0.8)
        if close:
            problems.append(
                f"{where}: {what} '{shown(originals[0])}' is not a table the workbook reads; "
                f"did you mean '{close[0]}'? (expected {what}s named after the tables: {', '.join(TABLES)})"
            )
    return problems


def _read_workbook(path: Path) -> tuple[dict[str, RawTable], list[str], set[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise InputError(
            f"{path.name}: not a readable Excel workbook (.xlsx) ({err.__class__.__name__}); "
            "save it again from Excel as .xlsx"
        ) from None
    tables: dict[str, RawTable] = {}
    problems: list[str] = []
    try:
        sheets: dict[str, list] = {}
        for sheet in book.worksheets:
            sheets.setdefault(_table_of(sheet.title), []).append(sheet)
        for name, same in sheets.items():
            if name in TABLES and len(same) > 1:
                titles = " and ".join(f"'{s.title}'" for s in same)
                problems.append(
                    f"{path.name}: sheets {titles} both name the table '{name}' (names are read "
                    "ignoring case and spaces); expected one sheet per table: delete or rename one"
                )
        problems += _stray_names(
            {n: [s.title for s in v] for n, v in sheets.items()}, {n for n in sheets if n in TABLES}, "sheet", path.name
        )
        for name, same in sheets.items():
            if name not in TABLES or len(same) > 1:
                continue
            sheet = same[0]
            label = f"{path.name}, sheet '{sheet.title}'"
            rows = [[(c.value, getattr(c, "number_format", "General")) for c in row] for row in sheet.iter_rows()]
            raw, sheet_problems = _sheet_table(label, rows, TABLES[name], getattr(book, "epoch", None))
            problems += sheet_problems
            if raw is not None:
                tables[name] = raw
    finally:
        book.close()
    return tables, problems, {n for n in sheets if n in TABLES}


def read_raw_tables(path: str | Path) -> tuple[Path, dict[str, RawTable], list[str], set[str]]:
    """Read every table present at ``path``.

    Returns (path, tables, problems, unreadable): the tables read, the problems of reading
    them (files, headers), and the names of the tables present but unreadable.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; expected a folder of CSV files or one .xlsx workbook")
    problems: list[str] = []
    tables: dict[str, RawTable] = {}
    if path.is_dir():
        files: dict[str, list[Path]] = {}
        for file in sorted(path.iterdir()):
            if file.suffix.lower() == ".csv":
                files.setdefault(_table_of(file.stem), []).append(file)
        for name, same in files.items():
            if name in TABLES and len(same) > 1:
                names = " and ".join(f.name for f in same)
                problems.append(
                    f"{path}: {names} both name the table '{name}' (file names are read ignoring "
                    "case and spaces); expected one file per table: delete or rename one"
                )
        problems += _stray_names(
            {n: [f.name for f in v] for n, v in files.items()}, {n for n in files if n in TABLES}, "file", str(path)
        )
        for name, spec in TABLES.items():
            same = files.get(name, [])
            if not same:
                if spec.required:
                    problems.append(f"{name}.csv: file missing from {path}; this table is required")
                continue
            if len(same) > 1:
                continue
            raw, table_problems = _read_csv(same[0], spec)
            problems.extend(table_problems)
            if raw is not None:
                tables[name] = raw
        present = {n for n in files if n in TABLES}
    elif path.suffix.lower() in {".xlsx", ".xlsm"}:
        tables, problems, present = _read_workbook(path)
        for name in [n for n, s in TABLES.items() if s.required and n not in present]:
            problems.append(f"{path.name}: sheet '{name}' missing; this table is required (a sheet named '{name}')")
    else:
        raise InputError(
            f"{path.name}: expected a folder of CSV files or one .xlsx workbook, not a '{path.suffix or 'plain'}' file"
        )
    unreadable = present - set(tables)
    return path, tables, problems, unreadable


# --------------------------------------------------------------------------------------------
# Converting and checking columns
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    """The zone names validation accepts: those of the pinned tzdata package, the only source
    of zone rules once ``helpers`` is imported (see helpers/__init__.py), so a name it accepts
    is one every machine can compute with."""
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def _where(raw: RawTable, row: int, column: str) -> str:
    return f"{raw.label}, row {row}, column '{column}'"


def _expected(col: Column) -> str:
    bounds = ""
    if col.low is not None and col.high is not None:
        bounds = (
            f" greater than {col.low:g} and at most {col.high:g}"
            if col.low_open
            else f" from {col.low:g} to {col.high:g}"
        )
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
        "date": "a date as YYYY-MM-DD, such as 2027-01-04",
        "datetime": "an ISO date and time such as 2026-09-07T08:15:00Z",
        "datetime_tz": "an ISO date and time with its zone, such as 2026-08-14T17:40:00+01:00 or 2026-08-14T16:40:00Z",
        "workdays": "weekdays such as Mon-Fri, Sun-Thu or Mon,Wed,Fri",
        "hours_by_weekday": "weekday hours such as 'Fri 08:00-12:00; Sat 09:00-13:00'",
    }.get(col.kind, "some text")


def _cells(raw: RawTable, column: str, mask, values, tail) -> list[str]:
    """One message per cell where ``mask`` holds: "<file, row, column>: value '<value>'<tail>".

    ``values`` are the cells (positional, as ``mask``); ``tail`` is a string or a function of
    the position. Past ``LISTED_PER_COLUMN`` cells, one summary counts the rest, so that a
    million bad cells cost a thousand messages, not a million.
    """
    positions = np.flatnonzero(np.asarray(mask))
    if not positions.size:
        return []
    rows = raw.frame.index.to_numpy()
    values = np.asarray(values, dtype=object)
    listed = [
        f"{_where(raw, rows[p], column)}: value '{shown(values[p])}'{tail(p) if callable(tail) else tail}"
        for p in positions[:LISTED_PER_COLUMN]
    ]
    rest = positions[LISTED_PER_COLUMN:]
    if rest.size:
        listed.append(
            Problem(
                f"{raw.label}, column '{column}': {rest.size:,} more cells like the "
                f"{LISTED_PER_COLUMN:,} above, {_rows(rows[rest], most=5)}",
                stands_for=rest.size,
            )
        )
    return listed


def _filled(text: pd.Series) -> pd.Series:
    """Which text cells are not empty (numpy's comparison: pandas' is five times slower)."""
    return pd.Series(text.to_numpy(dtype=object) != "", index=text.index)


def _per_value(text: pd.Series, function: Callable[[str], object]) -> np.ndarray:
    """``function`` of every cell, computed once per distinct value (big tables repeat a lot)."""
    codes, uniques = pd.factorize(text)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [function(u) for u in uniques.to_numpy(dtype=object)]
    results[-1] = None
    return results[codes]


# Numbers: plain (12.5, -3, 1e3), or with thousands grouped in threes by a separator (and the
# same separator throughout). In a ';'-separated file the decimal mark is ',' and thousands are
# grouped by '.' or a space; everywhere else the decimal mark is '.' and thousands are grouped
# by ',' or a space (a space may be a no-break space, as French Excel writes it).
SPACES = " \u00a0\u202f"
_GROUPED = {
    decimal_comma: re.compile(
        rf"[+-]?(?:\d{{1,3}}(?P<g>[{re.escape(group)}{SPACES}])\d{{3}}(?:(?P=g)\d{{3}})*|\d+)(?:{re.escape(mark)}\d+)?"
    )
    for decimal_comma, (mark, group) in {True: (",", "."), False: (".", ",")}.items()
}
NUMBER_RULE = {
    True: "this file is ';'-separated, so ',' is the decimal mark and '.' or a space groups thousands "
    "in threes (1.750,5 is one thousand seven hundred and fifty and a half; 12,5 is twelve and a half)",
    False: "the decimal mark is '.' and ',' or a space groups thousands in threes "
    "(1,750.5 is one thousand seven hundred and fifty and a half)",
}


def _read_number(text: str, decimal_comma: bool) -> float | None:
    match = _GROUPED[decimal_comma].fullmatch(text)
    if match is None:
        return None
    mark = "," if decimal_comma else "."
    digits = text.replace(match.group("g") or "\x00", "").replace(mark, ".")
    return float(digits)


def _numbers(raw: RawTable, col: Column) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A number column as float64 (NaN where empty or unreadable); which cells are filled;
    which cells break the separator rule of NUMBER_RULE (for the message)."""
    cells = raw.frame[col.name]
    if pd.api.types.is_numeric_dtype(cells) and not pd.api.types.is_bool_dtype(cells):
        values = cells.astype("float64")
        return values, values.notna(), pd.Series(False, index=cells.index)
    filled = _filled(cells)
    separators = ",." if raw.decimal_comma else ","
    has_separator = cells.str.contains(f"[{re.escape(separators)}{SPACES}]", regex=True)
    values = pd.to_numeric(cells.where(filled & ~has_separator), errors="coerce").astype("float64")
    grouped = filled & has_separator
    rule_broken = pd.Series(False, index=cells.index)
    if grouped.any():
        read = pd.Series(
            _per_value(cells[grouped], lambda t: _read_number(t, raw.decimal_comma)),
            index=cells.index[grouped],
            dtype="float64",
        )
        values[grouped] = read
        rule_broken = grouped & values.isna() & cells.str.fullmatch(rf"[+\-\d{re.escape(separators)}.,{SPACES}]+")
    return values, filled, rule_broken


def _convert(raw: RawTable, col: Column, problems: list[str]) -> pd.Series:
    """Convert one column; append a problem per bad cell; return the typed column."""
    kind = col.kind
    rule_broken = None
    if kind in NUMBER_KINDS:
        values, filled, rule_broken = _numbers(raw, col)
        bad = filled & ~np.isfinite(values)  # unreadable, nan, inf
        if kind == "int":
            bad |= filled & (values % 1 != 0)
        in_range = values.abs() <= MAX_NUMBER
        if col.low is not None:
            in_range &= values > col.low if col.low_open else values >= col.low
        if col.high is not None:
            in_range &= values <= col.high
        bad |= filled & ~in_range
        # Whole-number columns become int64; optional ones (empty cells) float64 with NaN.
        result = values.where(~bad) if bad.any() else values
        if kind == "int" and not col.nullable:
            result = raw.frame[col.name] if raw.frame[col.name].dtype == "int64" else result.fillna(0).astype("int64")
    else:
        text = raw.frame[col.name]
        filled = _filled(text)
        bad = pd.Series(False, index=text.index)
        if kind == "bool":
            read = pd.Series(_per_value(text, yes_no), index=text.index)
            bad = filled & read.isna()
            result = read.where(filled & ~bad)
            result = result.fillna(False).astype(bool) if not col.nullable else result.astype(object)
        elif kind == "choice":
            canonical = {c.lower(): c for c in col.choices}
            if text.isin(col.choices).all():  # the common case, and fast
                result = text
            else:
                mapped = pd.Series(_per_value(text, lambda v: canonical.get(v.lower())), index=text.index, dtype="str")
                bad = filled & mapped.isna()
                result = mapped.where(filled)
        elif kind == "tz":
            bad = filled & ~text.isin(_zones())
            result = text.where(filled)
        elif kind == "date":
            result = pd.to_datetime(text.where(filled), errors="coerce", format="%Y-%m-%d")
            bad = filled & result.isna()
        elif kind == "datetime":
            result = pd.to_datetime(text.where(filled), errors="coerce", utc=True, format="ISO8601")
            bad = filled & result.isna()
        elif kind == "datetime_tz":
            result, bad = _zoned_times(raw, col, text, filled, problems)
        elif kind in {"time", "start_time", "workdays", "hours_by_weekday"}:
            from helpers import timezones

            parse = {
                "time": timezones.parse_time,
                "workdays": timezones.parse_workdays,
                "start_time": lambda value: timezones.parse_time(value, allow_24=False),
                "hours_by_weekday": timezones.parse_hours_by_weekday,
            }[kind]

            def error_of(value: str) -> str | None:
                try:
                    parse(value)
                except ValueError as err:
                    return str(err)
                return None

            errors = pd.Series(
                _per_value(text.where(filled, ""), lambda v: error_of(v) if v else None), index=text.index
            )
            for row, error in errors.dropna().items():
                problems.append(f"{_where(raw, row, col.name)}: value '{shown(text[row])}' — {error}")
            result = text.where(filled)
        else:
            result = text if filled.all() else text.where(filled)
    if not col.nullable and not filled.all():
        empty = ~filled.to_numpy()
        problems += _cells(raw, col.name, empty, np.full(len(empty), ""), f" (empty cell); expected {_expected(col)}")
    if bad.any():
        expected = f"; expected {_expected(col)}"
        with_rule = f"{expected} ({NUMBER_RULE[raw.decimal_comma]})"
        broken = rule_broken.to_numpy() if rule_broken is not None else np.zeros(len(bad), dtype=bool)
        problems += _cells(
            raw,
            col.name,
            bad.to_numpy(),
            raw.text(col.name).to_numpy(dtype=object),
            lambda p: with_rule if broken[p] else expected,
        )
    return result


# An ISO time that carries its zone ends in Z or in an offset such as +01:00, +0100 or -03.
_OFFSET_RE = r"(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"


def _zoned_times(
    raw: RawTable, col: Column, text: pd.Series, filled: pd.Series, problems: list[str]
) -> tuple[pd.Series, pd.Series]:
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
        zones = (
            (raw.frame[col.zone_column] if col.zone_column in raw.frame else pd.Series("", index=text.index))
            .reindex(text.index)
            .fillna("")
        )
        known = plain & zones.isin(_zones())
        if known.any():
            result[known] = timezones.local_to_utc(naive[known], zones[known]).to_numpy()
        # A zone cell that is filled but unknown is reported by the zone column itself.
        for row in text.index[plain & (zones == "")]:
            hint = (
                f" or write the zone of this row in column '{col.zone_column}' (e.g. Europe/London)"
                if col.zone_column
                else ""
            )
            problems.append(
                f"{_where(raw, row, col.name)}: value '{shown(text[row])}' is a time without zone; expected "
                f"{_expected(col)}{hint}"
            )
    return result, bad


def _listing(values, most: int = 20) -> str:
    """Values for a message: sorted, at most ``most`` of them, each cut short."""
    values = sorted(map(str, values))
    if not values:
        return "none"
    text = ", ".join(shown(v) for v in values[:most])
    return text + (f", … ({len(values):,} in all)" if len(values) > most else "")


def _rows(rows, most: int = 10) -> str:
    """Row numbers for a message: 'row 3' or 'rows 2, 4, 7, … (25 in all)'."""
    rows = list(rows)
    listed = ", ".join(str(r) for r in rows[:most])
    more = f", … ({len(rows):,} in all)" if len(rows) > most else ""
    return f"row {listed}" if len(rows) == 1 else f"rows {listed}{more}"


def _duplicate_keys(raw: RawTable, spec: Table, frame: pd.DataFrame) -> list[str]:
    """Rows whose key repeats an earlier row's, each naming the first row: O(n) hashing."""
    keys = list(spec.key)
    present = frame[keys].notna().all(axis=1).to_numpy()
    if len(keys) == 1:
        codes, _ = pd.factorize(frame[keys[0]], use_na_sentinel=False)
    else:
        codes = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    # Codes are numbered in order of first appearance: a row whose code is not above every
    # code before it repeats an earlier row.
    before = np.maximum.accumulate(np.concatenate([[-1], codes[:-1]]))
    repeated = (codes <= before) & present
    if not repeated.any():
        return []
    positions = np.arange(len(codes))
    first = np.empty(codes.max() + 1, dtype=np.int64)
    first[codes[::-1]] = positions[::-1]  # the last write wins: the first occurrence
    rows = frame.index.to_numpy()
    cells = [frame[k].to_numpy(dtype=object) for k in keys]
    values = np.empty(len(rows), dtype=object)
    listed = np.flatnonzero(repeated)[:LISTED_PER_COLUMN]  # only these are quoted
    values[listed] = [" / ".join(str(column[p]) for column in cells) for p in listed]
    return _cells(
        raw,
        " + ".join(keys),
        repeated,
        values,
        lambda p: f" repeats row {rows[first[codes[p]]]}; expected each one once",
    )


def parse_table(raw: RawTable, spec: Table) -> tuple[pd.DataFrame, list[str]]:
    """Typed, checked frame for one table (columns in schema order) and its problems.

    A cell that fails its check is empty (NaN) in the frame, so that the checks across
    tables skip it rather than report it twice.
    """
    problems: list[str] = []
    if spec.required and raw.frame.empty:
        return pd.DataFrame(), [f"{raw.label}: has a header row but no data rows; this table needs at least one row"]
    columns = {}
    for col in spec.columns:
        if col.name not in raw.frame:
            raw.frame[col.name] = pd.Series("", index=raw.frame.index, dtype="str")
        columns[col.name] = _convert(raw, col, problems)
    frame = pd.DataFrame(columns, index=raw.frame.index.rename("row"), copy=False)
    if spec.key and not frame.empty:
        problems.extend(_duplicate_keys(raw, spec, frame))
    problems.extend(_table_rules(raw, spec.name, frame))
    return frame, problems


def _table_rules(raw: RawTable, name: str, frame: pd.DataFrame) -> list[str]:
    """Checks that span several cells of one table."""
    problems = []
    if frame.empty:
        return problems
    if name == "criteria" and frame["weight"].notna().all() and (frame["weight"] == 0).all():
        problems.append(f"{raw.label}, column 'weight': every weight is 0; expected at least one positive weight")
    if name == "vendors":
        problems.extend(_one_currency(raw, frame))
    if name == "needs":
        problems.extend(_overlap_need(raw, frame))
    if name == "criteria":
        problems.extend(_evidence_links(raw, frame))
        problems.extend(_value_functions(raw, frame))
    if name == "settings" and len(frame) > 1:
        problems.append(
            f"{raw.label}: has {len(frame)} data rows (rows {frame.index[0]} to {frame.index[-1]}); "
            "expected one row of settings (a column per setting, an empty cell keeps its default)"
        )
    if name == "communications":
        early = frame["sent_at"].notna() & frame["replied_at"].notna() & (frame["replied_at"] < frame["sent_at"])
        for row in frame.index[early]:
            problems.append(
                f"{_where(raw, row, 'replied_at')}: value '{shown(raw.frame.at[row, 'replied_at'])}' is before the "
                f"question was sent ({shown(raw.frame.at[row, 'sent_at'])}); expected a reply at or after sent_at "
                "(check the date and the zone of both)"
            )
    if name == "references":
        from helpers.schema import REFERENCE_QUESTIONS

        answered = frame[list(REFERENCE_QUESTIONS)].notna().any(axis=1)
        for row in frame.index[answered & ~frame["checked"].astype(bool)]:
            problems.append(
                f"{_where(raw, row, 'checked')}: value '{shown(raw.frame.at[row, 'checked'])}' "
                "but the row holds answers; "
                "expected checked = yes for a reference who answered (or leave the answers empty)"
            )
    if name == "sites":
        same = frame["start"].notna() & (frame["start"] == frame["end"])
        for row in frame.index[same]:
            problems.append(
                f"{_where(raw, row, 'end')}: value '{shown(frame.at[row, 'end'])}' equals the start; "
                "expected a different end (write 00:00 to 24:00 for a whole day)"
            )
        problems.extend(_holiday_calendars(raw, frame))
    return problems


def _once_each(raw: RawTable, frame: pd.DataFrame, column: str, what: str) -> list[str]:
    """A value of ``column`` given on more than one row: one message per value, naming the rows."""
    given = frame[column].dropna()
    return [
        f"{raw.label}, column '{column}': value '{shown(value)}' is on {_rows(rows)}; expected it on at "
        f"most one row ({what})"
        for value, rows in given.groupby(given, sort=False).groups.items()
        if len(rows) > 1
    ]


def _overlap_need(raw: RawTable, frame: pd.DataFrame) -> list[str]:
    """The need with checks = overlap_hours sets the minimum daily overlap: at most one such
    need, its target a number of hours from 0 to 24, its unit empty or hours."""
    from helpers.schema import OVERLAP_UNITS

    problems = _once_each(raw, frame, "checks", "one need sets the minimum daily overlap")
    rows = frame.index[frame["checks"] == "overlap_hours"]
    for row in rows:
        target = frame.at[row, "target"]
        typed = raw.frame.at[row, "target"]
        if pd.isna(target) and (pd.isna(typed) or str(typed).strip() == ""):
            problems.append(
                f"{_where(raw, row, 'target')}: empty, but checks = overlap_hours; expected the "
                "minimum hours of live overlap per working day (e.g. 2)"
            )
        elif pd.notna(target) and not 0 <= target <= 24:
            problems.append(
                f"{_where(raw, row, 'target')}: value '{target:g}' with "
                "checks = overlap_hours; expected hours of overlap per working day, from 0 to 24"
            )
        unit = frame.at[row, "unit"]
        if pd.notna(unit) and str(unit).strip().lower() not in OVERLAP_UNITS:
            problems.append(
                f"{_where(raw, row, 'unit')}: value '{shown(unit)}' with checks = overlap_hours; "
                f"expected {' or '.join(OVERLAP_UNITS)} (or empty): the target is hours per "
                "working day"
            )
    return problems


def _evidence_links(raw: RawTable, frame: pd.DataFrame) -> list[str]:
    """criteria.evidence: each kind of evidence stands behind one criterion rated by evaluators."""
    problems = _once_each(raw, frame, "evidence", "one criterion per kind of evidence")
    for row in frame.index[frame["evidence"].notna() & (frame["source"] == "tco")]:
        problems.append(
            f"{_where(raw, row, 'evidence')}: value '{shown(frame.at[row, 'evidence'])}' on a "
            "criterion with source = tco; expected evidence only on a criterion the evaluators "
            "score (source = scores)"
        )
    return problems


def _value_functions(raw: RawTable, frame: pd.DataFrame) -> list[str]:
    """A measured criterion (helpers.schema.MEASURED_SOURCES) needs its value function: the
    values that score 1 and 5, different from each other; its direction is "benefit" (the two
    values already say which way is better). Another criterion has no value function."""
    problems = []
    measured = frame["source"].isin(MEASURED_SOURCES)
    for column in ("value_at_1", "value_at_5"):
        values = frame[column] if column in frame else pd.Series(np.nan, index=frame.index)
        for row in frame.index[measured & values.isna()]:
            problems.append(
                f"{_where(raw, row, column)}: empty for source = {frame.at[row, 'source']}; expected the "
                f"measurement that scores {column[-1]} (in the measurement's own unit, docs/data.md)"
            )
        for row in frame.index[~measured & frame["source"].notna() & values.notna()]:
            problems.append(
                f"{_where(raw, row, column)}: value '{values[row]:g}' for source = {frame.at[row, 'source']}; "
                "expected it empty (a value function is read only for a measured source)"
            )
    if {"value_at_1", "value_at_5"} <= set(frame.columns):
        for row in frame.index[measured & (frame["value_at_1"] == frame["value_at_5"])]:
            problems.append(
                f"{_where(raw, row, 'value_at_5')}: value '{frame.at[row, 'value_at_5']:g}' equals value_at_1; "
                "expected a different value (the two values that score 1 and 5)"
            )
    for row in frame.index[measured & (frame["direction"] == "cost")]:
        problems.append(
            f"{_where(raw, row, 'direction')}: value 'cost' for source = {frame.at[row, 'source']}; expected "
            "benefit (value_at_1 and value_at_5 already say which way is better)"
        )
    return problems


def _one_currency(raw: RawTable, frame: pd.DataFrame) -> list[str]:
    """The cost comparison adds and ranks amounts: every vendor's prices in one currency."""
    currencies = frame["currency"].dropna()
    if currencies.nunique() <= 1:
        return []
    groups = currencies.groupby(currencies, sort=False).groups
    listed = "; ".join(f"'{shown(c)}' in {_rows(rows)}" for c, rows in groups.items())
    return [
        f"{raw.label}, column 'currency': the vendors are priced in {len(groups)} currencies ({listed}); "
        "expected one currency for the cost comparison: convert every rate and cost to one currency"
    ]


def _holiday_calendars(raw: RawTable, frame: pd.DataFrame) -> list[str]:
    """Every holiday country and subdivision is one the ``holidays`` package knows."""
    countries = frame["holiday_country"]
    subdivisions = frame["holiday_subdivision"]
    problems = [
        f"{_where(raw, row, 'holiday_subdivision')}: value '{shown(subdivisions[row])}' without a "
        "holiday_country; expected the country too (e.g. GB with ENG)"
        for row in frame.index[subdivisions.notna() & countries.isna()]
    ]
    if countries.isna().all():
        return problems
    for row in frame.index[countries.notna()]:
        country = countries[row]
        subdivision = subdivisions[row] if pd.notna(subdivisions[row]) else None
        what = _holiday_fault(country, subdivision)
        if what == "country":
            problems.append(
                f"{_where(raw, row, 'holiday_country')}: value '{shown(country)}' is not a country the "
                "'holidays' package knows; expected an ISO 3166 alpha-2 code such as GB, PT, PH or IN "
                "(or leave it empty for no public holidays)"
            )
        elif what == "subdivision":
            import holidays

            choices = holidays.list_supported_countries().get(country.strip().upper(), [])
            problems.append(
                f"{_where(raw, row, 'holiday_subdivision')}: value '{shown(subdivision)}' is not a "
                f"subdivision of {shown(country)} the 'holidays' package knows; expected one of "
                f"{_listing(choices, most=40)} (or leave it empty for the country's national holidays)"
            )
    return problems


@lru_cache(maxsize=None)
def _holiday_fault(country: str, subdivision: str | None) -> str | None:
    """ "country" or "subdivision" when ``holidays_for`` cannot give that calendar, else None."""
    from helpers.timezones import holidays_for  # imports the holidays package: only when needed

    try:
        holidays_for(country, subdivision, [])
    except ValueError:
        return "country" if subdivision is None or _holiday_fault(country, None) else "subdivision"
    return None


def _check_references(raws: dict[str, RawTable], tables: dict[str, pd.DataFrame], unusable: set[str]) -> list[str]:
    """Values that must name a row of another table, and rules across tables.

    A table in ``unusable`` (unreadable, or missing columns) is not checked against, nor are
    tables against it: every row would be reported for one problem already named.
    """
    problems = []
    for name, spec in TABLES.items():
        frame = tables[name]
        if frame.empty or name in unusable:
            continue
        for ref in spec.references:
            if ref.table in unusable:
                continue
            target = tables[ref.table]
            if ref.where is not None and not target.empty:
                target = target[target[ref.where[0]].isin(ref.where[1])]
            allowed = set(target[ref.target_column].dropna()) | set(ref.extra_values)
            unknown = frame[ref.column].notna() & ~frame[ref.column].isin(allowed)
            scope = f"{ref.table} ({ref.where[0]} {_one_of(ref.where[1])})" if ref.where else ref.table
            problems += _cells(
                raws[name],
                ref.column,
                unknown.to_numpy(),
                frame[ref.column].to_numpy(dtype=object),
                f" is not in {scope}; expected one of: {_listing(allowed)}",
            )
    if not tables["sites"].empty and "sites" not in unusable and not (tables["sites"]["owner"] == "client").any():
        problems.append(
            f"{raws['sites'].label}, column 'owner': no site belongs to 'client'; expected at least one client site"
        )
    problems.extend(_unscored_criteria(raws, tables, unusable))
    return problems


def _one_of(values: tuple[str, ...]) -> str:
    """ "= scores", or "= scores, overlap_hours or …" for a reference's filter."""
    return f"= {values[0]}" if len(values) == 1 else f"= {', '.join(values[:2])} or another measured source"


def _unscored_criteria(raws: dict[str, RawTable], tables: dict[str, pd.DataFrame], unusable: set[str]) -> list[str]:
    """A criterion rated by evaluators (a source other than tco: scores, or a measurement whose
    missing values the evaluators' scores stand in for) needs at least one score."""
    criteria, scores = tables["criteria"], tables["scores"]
    if criteria.empty or {"criteria", "scores"} & unusable or "scores" not in raws:
        return []
    rated = criteria["source"].isin(SCORED_SOURCES)
    unscored = rated & criteria["criterion"].notna() & ~criteria["criterion"].isin(set(scores["criterion"].dropna()))
    problems = [
        f"{_where(raws['criteria'], row, 'criterion')}: value '{shown(criteria.at[row, 'criterion'])}' has "
        f"source = {criteria.at[row, 'source']} but no row of {raws['scores'].label} scores it; expected at least "
        "one evaluator's score for it (a measured criterion needs them for a vendor without the measurement; "
        "or source = tco for the cost criterion, or remove the row)"
        for row in criteria.index[unscored]
    ]
    return problems + _unscored_vendors(raws, tables, unusable, criteria.loc[rated & ~unscored, "criterion"])


def _unscored_vendors(
    raws: dict[str, RawTable], tables: dict[str, pd.DataFrame], unusable: set[str], rated
) -> list[str]:
    """A vendor still in the race (no must-have missed, by ``helpers.needs.knockouts``) needs at
    least one score on every rated criterion: the ranking never reads a missing score as 0. A
    vendor out on a must-have may go unscored."""
    from helpers.needs import knockouts

    if {"vendors", "needs", "must_haves"} & unusable or tables["vendors"].empty:
        return []
    vendors = [v for v in tables["vendors"]["vendor"].dropna().astype(str)]
    try:
        out = set(knockouts(tables["needs"], tables["must_haves"], vendors)["vendor"])
    except InputError:
        return []  # the cells at fault are reported by their own checks
    scores = tables["scores"]
    scored = set(zip(scores["vendor"].astype(str), scores["criterion"].astype(str)))
    missing = [(v, c) for v in vendors if v not in out for c in rated if (v, c) not in scored]
    shown_missing = "; ".join(f"'{shown(v)}' on '{shown(c)}'" for v, c in missing[:20])
    more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
    return (
        [
            f"{raws['scores'].label}: no evaluator scored {shown_missing}{more}; expected at least one score for "
            "every vendor still in the race on every criterion the evaluators score (a missing score is never "
            "read as 0; a vendor out on a must-have may go unscored)"
        ]
        if missing
        else []
    )


def _empty_frame(spec: Table) -> pd.DataFrame:
    def dtype(col: Column) -> str:
        if col.kind == "int":
            return "float64" if col.nullable else "int64"
        if col.kind == "bool" and col.nullable:
            return "object"
        return {
            "float": "float64",
            "bool": "bool",
            "date": "datetime64[ns]",
            "datetime": "datetime64[ns, UTC]",
            "datetime_tz": "datetime64[ns, UTC]",
        }.get(col.kind, "object")

    return pd.DataFrame({c.name: pd.Series(dtype=dtype(c)) for c in spec.columns})


def load_project(path: str | Path) -> Project:
    """Load and validate the project at ``path`` (a folder of CSV files or one .xlsx workbook).

    Returns a ``Project`` with one DataFrame per table of ``helpers.schema.TABLES``; a missing
    optional table is an empty frame with the table's columns. The index, named ``row``, is
    the row number a spreadsheet shows for the record (the header is row 1). Raises
    ``InputError`` listing every problem found: files, headers, cells and the references
    between tables, in one pass. During a report build the notebooks share one validated
    project (``helpers.project_cache``).

    >>> from helpers.report import WORKED_EXAMPLE
    >>> project = load_project(WORKED_EXAMPLE)
    >>> project.vendors["vendor"].tolist()[:2]
    ['Lisbon CX Partners', 'Manila Support Co']
    >>> project.vendors.index.name, int(project.vendors.index[0])  # spreadsheet rows: the header is row 1
    ('row', 2)
    """
    from helpers.project_cache import cached_load

    return cached_load(path, _load_and_validate)


def _load_and_validate(path: str | Path) -> Project:
    """``load_project`` without the report build's cache: read and validate every table."""
    path, raws, problems, unusable = read_raw_tables(path)
    tables: dict[str, pd.DataFrame] = {}
    for name, spec in TABLES.items():
        if name in raws:
            frame, table_problems = parse_table(raws[name], spec)
            problems.extend(table_problems)
            if frame.empty and table_problems:
                unusable.add(name)
            tables[name] = frame if not frame.empty else _empty_frame(spec)
        else:
            tables[name] = _empty_frame(spec)
    problems.extend(_check_references(raws, tables, unusable))
    if problems:
        raise InputError(problems, source=path)
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
            raise FileExistsError(
                f"{path} already exists; choose a new file name (the workbook never overwrites a file)"
            )
        _write_template_workbook(path)
        return path
    targets = [path / f"{name}.csv" for name in TABLES]
    existing = [t.name for t in targets if t.exists()]
    if existing:
        raise FileExistsError(
            f"{path} already holds {', '.join(existing)}; choose an empty folder (the workbook never overwrites a file)"
        )
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
    readme.append(
        [
            "One sheet per table. Fill in rows under the header; keep the header row as it is "
            f"(a column of your own notes is fine when its header starts with '{COMMENT_MARK}'). "
            "Check with: python -m helpers validate " + path.name
        ]
    )
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
