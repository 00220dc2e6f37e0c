"""Loading projects: the worked example, the templates, files analysts really produce, and a
corpus of bad inputs that must each give a plain message naming file, row, column and value."""

from __future__ import annotations

import functools
import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.__main__ import main as cli
from helpers.data import InputError, load_project, write_template
from helpers.schema import TABLES
from tests.conftest import ROOT, SAMPLE, TEMPLATES


def read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def write(folder: Path, table: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{table}.csv", index=False)


def set_cell(folder: Path, table: str, position: int, column: str, value: str) -> int:
    """Put ``value`` in the ``position``-th data row; return the row number a spreadsheet shows."""
    frame = read(folder, table)
    frame.loc[position, column] = value
    write(folder, table, frame)
    return position + 2


# For tests of other sheets: the pilot's 2,050 rows make every openpyxl load and save of the
# workbook take a second or more.
WITHOUT_PILOT = ("pilot_tickets",)


def to_workbook(folder: Path, target: Path, skip: tuple[str, ...] = ()) -> Path:
    """The CSV project in ``folder`` as one .xlsx workbook at ``target`` (the worked example's
    is written once per test run and copied: openpyxl takes a second or two for it)."""
    if Path(folder) == SAMPLE:
        target.write_bytes(_sample_workbook(tuple(skip)))
        return target
    return _write_workbook(folder, target, skip)


def _write_workbook(folder: Path, target, skip: tuple[str, ...]):
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for table in TABLES:
            if (folder / f"{table}.csv").exists() and table not in skip:
                frame = pd.read_csv(folder / f"{table}.csv")
                frame.to_excel(writer, sheet_name=table, index=False)
    return target


@functools.lru_cache(maxsize=None)
def _sample_workbook(skip: tuple[str, ...]) -> bytes:
    buffer = io.BytesIO()
    _write_workbook(SAMPLE, buffer, skip)
    return buffer.getvalue()


def digest(path: Path) -> dict[str, str]:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


# ---------------------------------------------------------------------------------------------
# The worked example and the templates
# ---------------------------------------------------------------------------------------------


def test_sample_loads_with_every_table(sample_project):
    for table in TABLES:
        assert list(sample_project.tables[table].columns) == TABLES[table].column_names
    assert len(sample_project.vendors) == 4
    assert set(sample_project.vendors["location_model"]) >= {"offshore", "nearshore", "onshore"}
    assert sample_project.scores["evaluator"].nunique() == 3
    assert 7 <= len(sample_project.criteria) <= 9
    assert sample_project.pilot_tickets.groupby("vendor").size().between(900, 1100).all()


def test_sample_columns_have_their_types(sample_project):
    assert sample_project.scores["score"].dtype == "int64"
    assert sample_project.must_haves["met"].dtype == bool
    assert sample_project.vendors["rate"].dtype == "float64"
    assert str(sample_project.pilot_tickets["created_at"].dt.tz) == "UTC"
    assert sample_project.pilot_tickets["csat"].isna().any()  # not every customer answers the survey
    assert sample_project.scores.index[0] == 2  # rows keep their spreadsheet numbers


def test_missing_optional_table_is_an_empty_frame(sample_copy):
    (sample_copy / "red_flags.csv").unlink()
    project = load_project(sample_copy)
    assert project.red_flags.empty
    assert list(project.red_flags.columns) == TABLES["red_flags"].column_names


def test_sample_as_one_workbook_gives_the_same_tables(tmp_path, sample_project):
    project = load_project(to_workbook(SAMPLE, tmp_path / "sample.xlsx"))
    for table in TABLES:
        pd.testing.assert_frame_equal(project.tables[table], sample_project.tables[table], check_dtype=False)


def test_committed_templates_match_the_schema(tmp_path):
    fresh = write_template(tmp_path / "templates")
    for table in TABLES:
        committed = (TEMPLATES / f"{table}.csv").read_text(encoding="utf-8")
        assert committed == (fresh / f"{table}.csv").read_text(encoding="utf-8"), (
            f"data/templates/{table}.csv is out of date"
        )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_blank_template_says_which_tables_need_rows(tmp_path, kind):
    target = write_template(tmp_path / ("t.xlsx" if kind == "xlsx" else "t"))
    with pytest.raises(InputError) as err:
        load_project(target)
    required = [name for name, spec in TABLES.items() if spec.required]
    for name in required:
        assert name in str(err.value)
    assert "no data rows" in str(err.value)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_template_filled_with_the_sample_loads(tmp_path, kind, sample_project):
    if kind == "csv":
        target = write_template(tmp_path / "mine")
        for table in TABLES:
            rows = read(SAMPLE, table)
            header = pd.read_csv(target / f"{table}.csv", dtype=str)
            pd.concat([header, rows]).to_csv(target / f"{table}.csv", index=False)
    else:
        import openpyxl

        target = write_template(tmp_path / "mine.xlsx")
        book = openpyxl.load_workbook(target)
        for table in TABLES:
            header = [c.value for c in book[table][1]]
            for row in read(SAMPLE, table)[header].itertuples(index=False):
                book[table].append([None if v == "" else v for v in row])
        book.save(target)
    project = load_project(target)
    assert len(project.pilot_tickets) == len(sample_project.pilot_tickets)


def test_template_never_overwrites(tmp_path):
    write_template(tmp_path / "t")
    with pytest.raises(FileExistsError):
        write_template(tmp_path / "t")


def test_docs_describe_every_column():
    doc = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    for table, spec in TABLES.items():
        assert f"`{table}`" in doc
        for column in spec.column_names:
            assert f"`{column}`" in doc, f"docs/data.md does not describe {table}.{column}"


# ---------------------------------------------------------------------------------------------
# Files analysts really produce are read, not rejected
# ---------------------------------------------------------------------------------------------


def test_utf8_bom_and_windows_line_endings(sample_copy, sample_project):
    text = (sample_copy / "vendors.csv").read_text(encoding="utf-8")
    (sample_copy / "vendors.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    project = load_project(sample_copy)
    pd.testing.assert_frame_equal(project.vendors, sample_project.vendors)


def test_semicolon_csv_with_decimal_commas(sample_copy, sample_project):
    frame = read(sample_copy, "vendors")
    frame["rate"] = frame["rate"].str.replace(".", ",", regex=False)
    frame.to_csv(sample_copy / "vendors.csv", sep=";", index=False)
    project = load_project(sample_copy)
    pd.testing.assert_frame_equal(project.vendors, sample_project.vendors)


def test_trailing_blank_lines_and_empty_rows(sample_copy, sample_project):
    path = sample_copy / "criteria.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",,,,,,\n\n\n", encoding="utf-8")
    project = load_project(sample_copy)
    pd.testing.assert_frame_equal(project.criteria, sample_project.criteria)


def test_headers_in_other_case_and_spacing(sample_copy, sample_project):
    frame = read(sample_copy, "criteria")
    frame.columns = [c.upper().replace("_", " ") for c in frame.columns]
    write(sample_copy, "criteria", frame)
    pd.testing.assert_frame_equal(load_project(sample_copy).criteria, sample_project.criteria)


def test_times_carry_their_zone_and_become_utc(sample_project):
    log = sample_project.communications
    assert str(log["sent_at"].dt.tz) == "UTC" and str(log["replied_at"].dt.tz) == "UTC"
    assert log["replied_at"].isna().any()  # questions still waiting for a reply stay empty
    # Row 2 of the sample: sent 2026-08-04T10:44+01:00, answered 2026-08-04T11:42+01:00.
    assert log.loc[2, "sent_at"] == pd.Timestamp("2026-08-04T09:44Z")
    assert log.loc[2, "replied_at"] == pd.Timestamp("2026-08-04T10:42Z")
    # A Manila reply written with +08:00: 2026-08-04T19:43+08:00 is 11:43 UTC.
    manila = log[(log["vendor"] == "Manila Support Co") & log["replied_at"].notna()].iloc[0]
    assert manila["replied_at"] == pd.Timestamp("2026-08-04T11:43Z")


@pytest.mark.parametrize(
    "sent, replied, tz",
    [
        ("2026-08-04T10:44:00+01:00", "2026-08-04T10:42:00Z", ""),  # offset and Z
        ("2026-08-04T09:44z", "2026-08-04 11:42+0100", ""),  # lower-case z, compact offset
        ("2026-08-04 10:44", "2026-08-04T11:42", "Europe/London"),  # local times with their zone
        ("2026-08-04 17:44", "2026-08-04 18:42", "Asia/Manila"),
    ],
)
def test_the_same_instant_written_in_several_ways(sample_copy, sent, replied, tz):
    frame = read(sample_copy, "communications")
    frame.loc[0, ["sent_at", "replied_at", "tz"]] = [sent, replied, tz]
    write(sample_copy, "communications", frame)
    row = load_project(sample_copy).communications.loc[2]
    assert row["sent_at"] == pd.Timestamp("2026-08-04T09:44Z")
    assert row["replied_at"] == pd.Timestamp("2026-08-04T10:42Z")


def test_local_times_across_a_clock_change_follow_the_zone_rules(sample_copy):
    # 01:30 on 2026-10-25 happens twice in London: the first (BST, 00:30 UTC) is meant. 01:30 on
    # 2026-03-29 does not exist: it is read with the offset before the change (GMT, 01:30 UTC).
    frame = read(sample_copy, "communications")
    frame.loc[0, ["sent_at", "replied_at", "tz"]] = ["2026-03-29 01:30", "2026-10-25 01:30", "Europe/London"]
    write(sample_copy, "communications", frame)
    row = load_project(sample_copy).communications.loc[2]
    assert row["sent_at"] == pd.Timestamp("2026-03-29T01:30Z")
    assert row["replied_at"] == pd.Timestamp("2026-10-25T00:30Z")


def test_excel_times_typed_in_local_time_with_a_zone_column(tmp_path, sample_project):
    import datetime as dt

    folder = tmp_path / "p"
    shutil.copytree(SAMPLE, folder)
    book = to_workbook(folder, tmp_path / "project.xlsx", skip=("communications", *WITHOUT_PILOT))
    log = pd.read_csv(folder / "communications.csv", dtype=str, keep_default_na=False)
    # Excel stores a typed date and time as a plain (zone-less) datetime cell.
    london = [
        pd.Timestamp(v).tz_convert("Europe/London").tz_localize(None).to_pydatetime() if v else None
        for v in log["replied_at"]
    ]
    log["sent_at"] = [
        pd.Timestamp(v).tz_convert("Europe/London").tz_localize(None).to_pydatetime() for v in log["sent_at"]
    ]
    log["replied_at"] = london
    log["tz"] = "Europe/London"
    with pd.ExcelWriter(book, engine="openpyxl", mode="a") as writer:
        log.to_excel(writer, sheet_name="communications", index=False)
    assert isinstance(log.loc[0, "sent_at"], dt.datetime)
    loaded = load_project(book).communications
    pd.testing.assert_series_equal(loaded["sent_at"], sample_project.communications["sent_at"], check_dtype=False)
    pd.testing.assert_series_equal(loaded["replied_at"], sample_project.communications["replied_at"], check_dtype=False)


def test_reference_questionnaire_is_typed(sample_project):
    refs = sample_project.references
    assert refs["deadlines"].dtype == "float64" and refs["deadlines"].dropna().between(1, 5).all()
    assert refs["checked"].dtype == bool
    unchecked = refs[~refs["checked"]]
    assert set(unchecked["vendor"]) == {"BudgetDesk Global"}
    assert unchecked[["deadlines", "hire_again"]].isna().all().all()


def test_all_problems_of_a_file_at_once(sample_copy):
    set_cell(sample_copy, "scores", 0, "score", "9")
    set_cell(sample_copy, "scores", 3, "score", "0")
    set_cell(sample_copy, "scores", 5, "score", "high")
    with pytest.raises(InputError) as err:
        load_project(sample_copy)
    assert len(err.value.problems) == 3
    assert all("scores.csv" in p for p in err.value.problems)


# ---------------------------------------------------------------------------------------------
# The bad-input corpus: each case breaks a copy of the sample in one way
# ---------------------------------------------------------------------------------------------


def _delete(table):
    def run(folder):
        (folder / f"{table}.csv").unlink()
        return [f"{table}.csv", "missing"]

    return run


def _cell(table, position, column, value, *expected):
    def run(folder):
        row = set_cell(folder, table, position, column, value)
        return [f"{table}.csv, row {row}, column '{column}'", f"'{value}'", *expected]

    return run


def _drop_column(folder):
    write(folder, "criteria", read(folder, "criteria").drop(columns=["weight"]))
    return ["criteria.csv", "column 'weight' missing"]


def _misspelt_column(folder):
    write(folder, "vendors", read(folder, "vendors").rename(columns={"vendor": "vendr"}))
    return ["vendors.csv", "column 'vendor' missing", "found 'vendr'"]


def _empty_file(folder):
    (folder / "vendors.csv").write_text("", encoding="utf-8")
    return ["vendors.csv", "empty"]


def _only_headers(folder):
    write(folder, "criteria", read(folder, "criteria").iloc[0:0])
    return ["criteria.csv", "no data rows"]


def _duplicate_vendor(folder):
    frame = read(folder, "vendors")
    write(folder, "vendors", pd.concat([frame, frame.iloc[[1]]], ignore_index=True))
    return [f"vendors.csv, row {len(frame) + 2}, column 'vendor'", "repeats row 3"]


def _all_zero_weights(folder):
    frame = read(folder, "criteria")
    frame["weight"] = "0"
    write(folder, "criteria", frame)
    return ["criteria.csv", "column 'weight'", "every weight is 0"]


def _binary_garbage(folder):
    (folder / "scores.csv").write_bytes(bytes(range(256)) * 8)
    return ["scores.csv", "binary"]


def _latin1(folder):
    path = folder / "vendors.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Lisbon", "Lisbõa").encode("latin-1"))
    return ["vendors.csv", "not UTF-8", "CSV UTF-8"]


def _no_client_site(folder):
    frame = read(folder, "sites")
    write(folder, "sites", frame[frame["owner"] != "client"])
    return ["sites.csv", "column 'owner'", "client"]


def _naive_time_with_bad_zone(folder):
    frame = read(folder, "communications")
    frame.loc[4, "sent_at"] = "2026-08-17 17:43"
    frame.loc[4, "tz"] = "Europe/Londn"
    write(folder, "communications", frame)
    return ["communications.csv, row 6, column 'tz'", "'Europe/Londn'", "IANA"]


def _two_currencies(folder):
    set_cell(folder, "vendors", 2, "currency", "EUR")
    return ["vendors.csv, column 'currency'", "'EUR' in row 4", "'GBP' in rows 2, 3, 5", "one currency"]


def _unscored_criterion(folder):
    frame = read(folder, "criteria")
    extra = frame.iloc[[0]].assign(criterion="security", weight="5")
    write(folder, "criteria", pd.concat([frame, extra], ignore_index=True))
    return [f"criteria.csv, row {len(frame) + 2}, column 'criterion'", "'security'", "no row of scores.csv"]


def _vendor_unscored_on_a_criterion(folder):
    frame = read(folder, "scores")
    gone = (frame["vendor"] == "Lisbon CX Partners") & (frame["criterion"] == "references")
    write(folder, "scores", frame[~gone])
    return ["scores.csv: no evaluator scored 'Lisbon CX Partners' on 'references'", "still in the race"]


def _duplicated_header(folder):
    text = (folder / "vendors.csv").read_text(encoding="utf-8").splitlines()
    # The same header twice, as a copy-paste leaves it: pandas would call the copy 'rate.1'.
    lines = [text[0] + ",rate"] + [line + ",99" for line in text[1:]]
    (folder / "vendors.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["vendors.csv: column 'rate' appears 2 times"]


def _unknown_column(folder):
    write(folder, "vendors", read(folder, "vendors").rename(columns={"transition_cost": "transition_costs"}))
    return ["vendors.csv: column 'transition_costs' is not a column", "did you mean 'transition_cost'?"]


def _values_without_header(folder):
    frame = read(folder, "vendors")
    frame[""] = ""
    frame.loc[1, ""] = "4000"
    write(folder, "vendors", frame)
    return ["vendors.csv, row 3, column S (no header)", "'4000'"]


def _stray_file(folder):
    (folder / "red_flags.csv").rename(folder / "red_flag.csv")
    return ["red_flag.csv", "did you mean 'red_flags'?"]


def _two_overlap_needs(folder):
    set_cell(folder, "needs", 0, "checks", "overlap_hours")
    return [
        "needs.csv, column 'checks': value 'overlap_hours' is on rows 2, 5",
        "at most one row (one need sets the minimum daily overlap)",
    ]


def _overlap_need_without_target(folder):
    row = set_cell(folder, "needs", 3, "target", "")
    return [
        f"needs.csv, row {row}, column 'target': empty, but checks = overlap_hours",
        "minimum hours of live overlap per working day",
    ]


def _evidence_twice(folder):
    set_cell(folder, "criteria", 6, "evidence", "replies")  # service_quality, beside communication
    return ["criteria.csv, column 'evidence': value 'replies' is on rows 3, 8", "one criterion per kind of evidence"]


BAD_INPUTS = {
    "missing required file": _delete("vendors"),
    "missing column": _drop_column,
    "misspelt column": _misspelt_column,
    "wrong type": _cell("scores", 5, "score", "four", "whole number"),
    "empty file": _empty_file,
    "only headers": _only_headers,
    "duplicate vendor": _duplicate_vendor,
    "score above 5": _cell("scores", 10, "score", "7", "from 1 to 5"),
    "score not whole": _cell("scores", 11, "score", "3.5", "whole number"),
    "negative weight": _cell("criteria", 2, "weight", "-5", "at least 0"),
    "all-zero weights": _all_zero_weights,
    "unknown vendor in scores": _cell("scores", 4, "vendor", "Acme Outsourcing", "not in vendors"),
    "unknown criterion in scores": _cell("scores", 6, "criterion", "vibes", "not in criteria"),
    "bad IANA zone": _cell("sites", 1, "tz", "Europe/Lisbn", "IANA"),
    "bad time": _cell("sites", 2, "start", "25:00"),
    "start at 24:00": _cell("sites", 2, "start", "24:00"),
    "start equals end": _cell("sites", 1, "end", "08:00", "equals the start"),
    "unknown weekday": _cell("sites", 0, "workdays", "Mon-Fry"),
    "bad yes/no": _cell("must_haves", 3, "met", "maybe", "yes or no"),
    "bad choice": _cell("needs", 2, "priority", "essential", "must, should, could"),
    "empty required cell": _cell("vendors", 0, "currency", "", "empty"),
    "bad timestamp": _cell("pilot_tickets", 8, "created_at", "yesterday", "ISO date"),
    "unknown vendor in pilot": _cell("pilot_tickets", 9, "vendor", "Ghost Support", "not in vendors"),
    "unknown need in must-haves": _cell("must_haves", 0, "need_id", "N99", "not in needs"),
    "rate not a number": _cell("vendors", 2, "rate", "thirty", "a number"),
    "binary garbage": _binary_garbage,
    "not UTF-8": _latin1,
    "no client site": _no_client_site,
    # The responsiveness log and the reference checks (issue 9)
    "reply before send": _cell(
        "communications",
        1,
        "replied_at",
        "2026-08-01T09:00+01:00",
        "before the question was sent",
        "at or after sent_at",
    ),
    "unknown vendor in communications": _cell("communications", 3, "vendor", "Ghost Support", "not in vendors"),
    "time without zone": _cell("communications", 2, "sent_at", "2026-08-11 15:37", "time without zone", "column 'tz'"),
    "reply time without zone": _cell("communications", 5, "replied_at", "2026-08-19T18:36", "time without zone"),
    "not a time": _cell("communications", 6, "sent_at", "last Tuesday", "ISO date and time with its zone"),
    "bad channel": _cell("communications", 0, "channel", "pigeon", "one of email, chat, phone"),
    "zone beside a naive time unknown": _naive_time_with_bad_zone,
    "answer outside 1-5": _cell("references", 0, "deadlines", "6", "from 1 to 5"),
    "answer of 0": _cell("references", 2, "hire_again", "0", "from 1 to 5"),
    "answer in words": _cell("references", 3, "staff_stability", "good", "whole number"),
    "unknown vendor in references": _cell("references", 1, "vendor", "Acme Outsourcing", "not in vendors"),
    "answers from an unchecked reference": _cell("references", 0, "checked", "no", "holds answers", "checked = yes"),
    # "OK" means the report builds (issue 13): problems the report met only after validate said OK
    "unknown holiday country": _cell("sites", 1, "holiday_country", "XX", "holidays", "ISO 3166"),
    "unknown holiday subdivision": _cell("sites", 0, "holiday_subdivision", "XYZ", "ENG, NIR, SCT, WLS"),
    "need naming no criterion": _cell("needs", 5, "criterion", "vibes", "not in criteria", "service_quality"),
    "two currencies": _two_currencies,
    "rated criterion nobody scored": _unscored_criterion,
    "vendor in the race unscored on a criterion": _vendor_unscored_on_a_criterion,
    # Nothing silently misread or ignored (issue 13)
    "duplicated header": _duplicated_header,
    "unknown column": _unknown_column,
    "values under no header": _values_without_header,
    "table file named like no table": _stray_file,
    "inf": _cell("vendors", 0, "rate", "inf", "a number of at least 0"),
    "-inf": _cell("needs", 0, "target", "-inf", "expected a number"),
    "infinity": _cell("pilot_tickets", 3, "handle_time_sec", "Infinity", "a number"),
    "overflow to inf": _cell("vendors", 2, "exit_cost", "1e400", "a number"),
    "1e20 months": _cell("vendors", 3, "contract_months", "1e20", "at most 600"),
    "months beyond int64": _cell("vendors", 0, "contract_months", "99999999999999999999", "whole number"),
    "601 months": _cell("vendors", 1, "contract_months", "601", "at most 600"),
    "1e20 weeks": _cell("pilot_tickets", 5, "week", "1e20", "from 1 to 520"),
    "absurd amount": _cell("vendors", 2, "rate", "1e20", "a number"),
    "decimal comma in a comma file": _cell("vendors", 0, "rate", "21,5", "decimal mark is '.'"),
    # Links declared in columns, not names (issue 14)
    "overlap unit per day": _cell(
        "needs", 3, "unit", "hours/day", "checks = overlap_hours", "expected hours or hour or h (or empty)"
    ),
    "overlap unit in minutes": _cell("needs", 3, "unit", "minutes", "checks = overlap_hours"),
    "overlap target above 24": _cell("needs", 3, "target", "30", "checks = overlap_hours", "from 0 to 24"),
    "overlap need without target": _overlap_need_without_target,
    "two overlap needs": _two_overlap_needs,
    "unknown checks value": _cell("needs", 3, "checks", "overlap", "one of overlap_hours"),
    "evidence twice": _evidence_twice,
    "evidence on the cost criterion": _cell("criteria", 7, "evidence", "replies", "source = tco", "source = scores"),
    "unknown evidence": _cell(
        "criteria", 0, "evidence", "reply_log", "one of replies, references, industry_references"
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_named_plainly_and_files_stay_untouched(case, sample_copy, capsys):
    expected = BAD_INPUTS[case](sample_copy)
    before = digest(sample_copy)
    with pytest.raises(InputError) as err:
        load_project(sample_copy)
    message = str(err.value)
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert "Traceback" not in message
    assert cli(["validate", str(sample_copy)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and expected[0] in captured.err
    assert digest(sample_copy) == before


def test_excel_problem_names_the_sheet(tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(SAMPLE, folder)
    row = set_cell(folder, "scores", 7, "score", "9")
    book = to_workbook(folder, tmp_path / "project.xlsx", skip=WITHOUT_PILOT)
    before = digest(book)
    with pytest.raises(InputError, match=rf"project.xlsx, sheet 'scores', row {row}, column 'score': value '9'"):
        load_project(book)
    assert digest(book) == before


def test_excel_sheet_missing(tmp_path):
    book = to_workbook(SAMPLE, tmp_path / "project.xlsx", skip=("scores", *WITHOUT_PILOT))
    with pytest.raises(InputError, match="project.xlsx: sheet 'scores' missing"):
        load_project(book)


def test_not_a_workbook(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"this is not a zip file")
    with pytest.raises(InputError, match="fake.xlsx: not a readable Excel workbook"):
        load_project(fake)


def test_wrong_kind_of_path(tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="folder of CSV files or one .xlsx"):
        load_project(note)
    with pytest.raises(InputError, match="no such file or folder"):
        load_project(tmp_path / "nowhere")


# ---------------------------------------------------------------------------------------------
# The command line, as a user runs it
# ---------------------------------------------------------------------------------------------


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_validate_ok_and_bad(sample_copy):
    ok = run_cli("validate", str(SAMPLE))
    assert ok.returncode == 0 and ok.stdout.startswith("OK")
    set_cell(sample_copy, "scores", 0, "score", "11")
    bad = run_cli("validate", str(sample_copy))
    assert bad.returncode == 1
    assert "scores.csv, row 2, column 'score': value '11'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_usage_error_exits_2():
    assert run_cli("validate").returncode == 2
    assert run_cli("frobnicate", "x").returncode == 2


def test_cli_template_writes_csv_and_xlsx(tmp_path):
    assert run_cli("template", str(tmp_path / "blank")).returncode == 0
    assert sorted(p.stem for p in (tmp_path / "blank").glob("*.csv")) == sorted(TABLES)
    assert run_cli("template", str(tmp_path / "blank.xlsx")).returncode == 0
    import openpyxl

    sheets = openpyxl.load_workbook(tmp_path / "blank.xlsx").sheetnames
    assert sheets == ["README", *TABLES]
    again = run_cli("template", str(tmp_path / "blank.xlsx"))
    assert again.returncode == 1 and "never overwrites" in again.stderr


# ---------------------------------------------------------------------------------------------
# One pass, nothing silently misread (issue 13)
# ---------------------------------------------------------------------------------------------


def test_cell_and_cross_table_problems_come_in_one_pass(sample_copy):
    score_row = set_cell(sample_copy, "scores", 0, "score", "9")
    vendor_row = set_cell(sample_copy, "scores", 1, "vendor", "Acme Outsourcing")
    empty_row = set_cell(sample_copy, "scores", 2, "vendor", "")
    with pytest.raises(InputError) as err:
        load_project(sample_copy)
    problems = err.value.problems
    assert any(f"row {score_row}, column 'score': value '9'" in p for p in problems)
    assert any(f"row {vendor_row}, column 'vendor': value 'Acme Outsourcing' is not in vendors" in p for p in problems)
    # A cell that failed its own check is not reported again by the check across tables.
    assert [p for p in problems if f"row {empty_row}," in p] == [
        f"scores.csv, row {empty_row}, column 'vendor': value '' (empty cell); expected some text"
    ]
    assert len(problems) == 3


def test_a_table_missing_a_column_is_not_also_blamed_on_every_reference(sample_copy):
    write(sample_copy, "vendors", read(sample_copy, "vendors").drop(columns=["rate"]))
    set_cell(sample_copy, "needs", 5, "criterion", "vibes")
    with pytest.raises(InputError) as err:
        load_project(sample_copy)
    assert len(err.value.problems) == 2, err.value.problems
    assert "vendors.csv: column 'rate' missing" in err.value.problems[0]
    assert "needs.csv, row 7, column 'criterion': value 'vibes' is not in criteria" in err.value.problems[1]


def test_a_column_of_own_notes_is_ignored_when_marked(sample_copy, sample_project):
    frame = read(sample_copy, "vendors")
    frame["# who called them"] = "Ana"
    write(sample_copy, "vendors", frame)
    pd.testing.assert_frame_equal(load_project(sample_copy).vendors, sample_project.vendors)
    frame = frame.rename(columns={"# who called them": "who called them"})
    write(sample_copy, "vendors", frame)
    with pytest.raises(InputError, match="column 'who_called_them' is not a column of this table"):
        load_project(sample_copy)


@pytest.mark.parametrize("extra", ["Vendors ", " VENDORS", "vendors\u00a0"])
def test_two_sheets_naming_one_table(tmp_path, extra):
    import openpyxl

    book_path = to_workbook(SAMPLE, tmp_path / "project.xlsx", skip=WITHOUT_PILOT)
    book = openpyxl.load_workbook(book_path)
    copy = book.copy_worksheet(book["vendors"])
    copy.title = extra
    copy["F2"] = 99  # a different rate: which sheet counts cannot be guessed
    book.save(book_path)
    with pytest.raises(InputError) as err:
        load_project(book_path)
    assert f"sheets 'vendors' and '{extra}' both name the table 'vendors'" in str(err.value)


def test_table_names_are_read_like_headers(tmp_path, sample_copy, sample_project):
    (sample_copy / "red_flags.csv").rename(sample_copy / "Red Flags.csv")
    assert len(load_project(sample_copy).red_flags) == len(sample_project.red_flags)
    import openpyxl

    book_path = to_workbook(SAMPLE, tmp_path / "project.xlsx", skip=WITHOUT_PILOT)
    book = openpyxl.load_workbook(book_path)
    book["red_flags"].title = "Red Flags"
    book.save(book_path)
    assert len(load_project(book_path).red_flags) == len(sample_project.red_flags)


def test_semicolon_files_group_thousands_with_dots(sample_copy, sample_project):
    frame = read(sample_copy, "vendors")
    frame["rate"] = frame["rate"].str.replace(".", ",", regex=False)
    frame.loc[0, ["rate", "monthly_volume", "transition_cost", "exit_cost", "governance_cost_month"]] = [
        "21,5",
        "1.450",
        "14.000",
        "6.000,00",
        "1 800",
    ]
    frame.to_csv(sample_copy / "vendors.csv", sep=";", index=False)
    loaded = load_project(sample_copy).vendors.loc[2]
    expected = sample_project.vendors.loc[2]
    for column in ("rate", "monthly_volume", "transition_cost", "exit_cost", "governance_cost_month"):
        assert loaded[column] == expected[column], column
    assert expected["monthly_volume"] == 1450 and expected["transition_cost"] == 14000


@pytest.mark.parametrize("value", ["1.75", "61.0", "1.750.5", "1,750.5"])
def test_semicolon_files_reject_what_the_rule_cannot_read(sample_copy, value):
    frame = read(sample_copy, "vendors")
    frame.loc[1, "rate"] = value
    frame.to_csv(sample_copy / "vendors.csv", sep=";", index=False)
    with pytest.raises(InputError) as err:
        load_project(sample_copy)
    message = str(err.value)
    assert f"vendors.csv, row 3, column 'rate': value '{value}'" in message
    assert "',' is the decimal mark and '.' or a space groups thousands" in message


def test_comma_files_group_thousands_with_commas(sample_copy, sample_project):
    frame = read(sample_copy, "vendors")
    frame.loc[0, ["transition_cost", "exit_cost", "governance_cost_month"]] = ["14,000", " 6,000.00", "1 800"]
    frame.loc[1, "vendor"] = "  Manila Support Co "  # spaces around a cell are not part of it
    write(sample_copy, "vendors", frame)  # pandas quotes "14,000" as Excel does
    assert '"14,000"' in (sample_copy / "vendors.csv").read_text(encoding="utf-8")
    pd.testing.assert_frame_equal(load_project(sample_copy).vendors, sample_project.vendors)


def _workbook_cell(book_path: Path, sheet: str, row: int, column: str, value, number_format: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(book_path)
    header = [c.value for c in book[sheet][1]]
    cell = book[sheet].cell(row=row, column=header.index(column) + 1)
    cell.value = value
    cell.number_format = number_format
    book.save(book_path)


def test_excel_percent_cell_in_a_pct_column_is_the_percent_shown(tmp_path, sample_project):
    book = to_workbook(SAMPLE, tmp_path / "project.xlsx", skip=WITHOUT_PILOT)
    _workbook_cell(book, "vendors", 3, "after_hours_share_pct", 0.3, "0%")  # typed "30 %"
    _workbook_cell(book, "vendors", 4, "overtime_premium_pct", 0.035, "0.0%")  # typed "3.5 %"
    vendors = load_project(book).vendors
    assert vendors.loc[3, "after_hours_share_pct"] == 30 == sample_project.vendors.loc[3, "after_hours_share_pct"]
    assert vendors.loc[4, "overtime_premium_pct"] == 3.5


@pytest.mark.parametrize(
    "value, number_format",
    [
        ("timedelta", "[h]:mm"),  # Excel stores a typed 24:00 as one day
        ("day one", "h:mm"),  # the same one day, read back as a date by openpyxl
    ],
)
def test_excel_time_of_24_00_is_midnight_at_the_end(tmp_path, value, number_format):
    import datetime as dt

    book = to_workbook(SAMPLE, tmp_path / "project.xlsx", skip=WITHOUT_PILOT)
    stored = dt.timedelta(days=1) if value == "timedelta" else dt.datetime(1900, 1, 1)
    _workbook_cell(book, "sites", 3, "end", stored, number_format)
    _workbook_cell(book, "sites", 4, "end", dt.time(6, 30), "h:mm")
    sites = load_project(book).sites
    assert sites.loc[3, "end"] == "24:00"
    assert sites.loc[4, "end"] == "06:30"


def test_excel_values_under_no_header_are_an_error(tmp_path):
    book = to_workbook(SAMPLE, tmp_path / "project.xlsx", skip=WITHOUT_PILOT)
    import openpyxl

    loaded = openpyxl.load_workbook(book)
    loaded["vendors"]["T3"] = 4000
    loaded.save(book)
    with pytest.raises(InputError, match=r"sheet 'vendors', row 3, column T \(no header\): value '4000'"):
        load_project(book)


def _rename_vendor(folder: Path, name_in_vendors: str, name_elsewhere: str) -> None:
    for file in folder.glob("*.csv"):
        text = file.read_text(encoding="utf-8")
        new = name_in_vendors if file.stem == "vendors" else name_elsewhere
        file.write_text(text.replace("Lisbon CX Partners", new), encoding="utf-8")


def test_names_typed_decomposed_on_a_mac_are_one_vendor(tmp_path, sample_copy):
    import unicodedata

    composed = "Lisboa Atendimento Ção"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    _rename_vendor(sample_copy, composed, decomposed)
    project = load_project(sample_copy)
    assert composed in set(project.vendors["vendor"])
    assert set(project.scores["vendor"]) <= set(project.vendors["vendor"])
    assert (project.pilot_tickets["vendor"] == composed).sum() > 0
    book = to_workbook(sample_copy, tmp_path / "project.xlsx", skip=WITHOUT_PILOT)
    assert composed in set(load_project(book).scores["vendor"])


def test_a_huge_cell_is_cut_short_in_messages(sample_copy):
    huge = "A" * 2_000_000
    row = set_cell(sample_copy, "scores", 0, "vendor", huge)
    with pytest.raises(InputError) as err:
        load_project(sample_copy)
    message = str(err.value)
    assert f"scores.csv, row {row}, column 'vendor': value '{'A' * 60}… (2,000,000 characters)'" in message
    assert len(message) < 5_000


def test_a_capped_list_of_problems_says_how_to_see_all(sample_copy):
    frame = read(sample_copy, "scores")
    frame.loc[:49, "score"] = "9"
    write(sample_copy, "scores", frame)
    with pytest.raises(InputError) as err:
        load_project(sample_copy)
    message = str(err.value)
    assert "50 problems in the input" in message and "… and 10 more" in message
    assert f"python -m helpers validate {sample_copy} --all" in message
    every = run_cli("validate", str(sample_copy), "--all")
    assert every.returncode == 1
    assert every.stderr.count("column 'score': value '9'") == 50
    assert "more" not in every.stderr


def test_a_column_full_of_bad_cells_is_counted_whole_and_listed_in_part(sample_copy):
    from helpers.data import LISTED_PER_COLUMN

    frame = read(sample_copy, "pilot_tickets")
    frame["created_at"] = "07/09/2026 08:15"  # a spreadsheet's local date format, not ISO
    write(sample_copy, "pilot_tickets", frame)
    with pytest.raises(InputError) as err:
        load_project(sample_copy)
    rows = len(frame)
    assert rows > LISTED_PER_COLUMN
    assert str(err.value).startswith(f"{rows:,} problems in the input:")
    assert len(err.value.problems) == LISTED_PER_COLUMN + 1
    assert err.value.problems[-1] == (
        f"pilot_tickets.csv, column 'created_at': {rows - LISTED_PER_COLUMN:,} more cells like the "
        f"{LISTED_PER_COLUMN:,} above, rows "
        f"{', '.join(str(r) for r in range(LISTED_PER_COLUMN + 2, LISTED_PER_COLUMN + 7))}, "
        f"… ({rows - LISTED_PER_COLUMN:,} in all)"
    )


def test_an_unknown_column_does_not_hide_the_problems_of_the_others(sample_copy):
    frame = read(sample_copy, "vendors").rename(columns={"notes": "remarks"})
    frame.loc[1, "currency"] = "EUR"
    frame.loc[2, "rate"] = "cheap"
    write(sample_copy, "vendors", frame)
    with pytest.raises(InputError) as err:
        load_project(sample_copy)
    problems = err.value.problems
    assert len(problems) == 3, problems
    assert problems[0].startswith("vendors.csv: column 'remarks' is not a column of this table")
    assert problems[1].startswith("vendors.csv, row 4, column 'rate': value 'cheap'")
    assert "'EUR' in row 3" in problems[2]


def test_a_vendor_out_on_a_must_have_may_go_unscored(sample_copy):
    """Scoring stops when a vendor fails a must-have: its missing scores are no problem."""
    frame = read(sample_copy, "scores")
    write(
        sample_copy, "scores", frame[~((frame["vendor"] == "BudgetDesk Global") & (frame["criterion"] == "references"))]
    )
    project = load_project(sample_copy)
    assert not ((project.scores["vendor"] == "BudgetDesk Global") & (project.scores["criterion"] == "references")).any()
