"""A crowded copy of the worked example: the project every chart must still hold.

``stress_project(target)`` copies data/sample to ``target`` with 12 vendors instead of 4, vendor
names of up to ``LABEL_CHARACTERS`` (60) characters, accented and non-Latin ones among them
(Vietnamese, German, Japanese, Hindi), and criterion names long enough to need two lines (with
commas and ampersands). The four vendors of the worked example keep all their data under their
new names (pilot tickets, messages, references); the eight added ones each copy one of them for
scores (shifted, so the ranking changes), must-haves (one added vendor fails one, so the chart
shows a knocked-out row), red flags and a site, in a zone of their own. The project passes
``python -m helpers validate``. Criteria ``communication`` and ``references`` keep their names:
the evidence checks look for them by name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from tests.conftest import SAMPLE

# The worked example's vendors under long names (each at most 60 characters).
RENAMED = {
    "Lisbon CX Partners": "Lisbon CX Partners, Customer Experience & Multilingual Care",
    "Manila Support Co": "Manila Support Co — Afternoon, Night & Weekend Contact Desks",
    "Northgate Contact Centre": "Northgate Contact Centre (Leeds) Ltd, Omnichannel Services",
    "BudgetDesk Global": "BudgetDesk Global Outsourcing Private Limited, Pune & Nagpur",
}
# Added vendors: (name, vendor whose data it copies, country, zone).
ADDED = [
    ("Sài Gòn Dịch Vụ Khách Hàng & Hỗ Trợ Kỹ Thuật Công Ty TNHH", "Lisbon CX Partners", "VN", "Asia/Ho_Chi_Minh"),
    ("Zürich Support AG — Kundendienst, Technik & Mehrsprachigkeit", "Northgate Contact Centre", "CH", "Europe/Zurich"),
    ("東京カスタマーサポート株式会社 (Tokyo Customer Support & Help Desk KK)", "Manila Support Co", "JP", "Asia/Tokyo"),
    ("पुणे ग्राहक सेवा केंद्र — Pune Customer Care Services Ltd", "BudgetDesk Global", "IN", "Asia/Kolkata"),
    ("Kathmandu Valley Business Process Outsourcing & Help Desk", "BudgetDesk Global", "NP", "Asia/Kathmandu"),
    ("São Paulo Atendimento ao Cliente e Suporte Técnico Ltda.", "Lisbon CX Partners", "BR", "America/Sao_Paulo"),
    ("Adelaide Follow-the-Sun Service Desk & Customer Care Pty Ltd", "Manila Support Co", "AU", "Australia/Adelaide"),
    ("Nairobi Contact Centre, Back Office & Data Services Limited", "Northgate Contact Centre", "KE", "Africa/Nairobi"),
]
# The added vendor that fails one must-have (a knocked-out row in the ranking).
KNOCKED_OUT = ADDED[4][0]
# Criteria under names that need two lines in a chart.
CRITERIA = {
    "industry_experience": "Industry experience, retail & e-commerce case studies, and references of our size",
    "infrastructure_technology": (
        "Infrastructure & technology: ticketing tools, integrations, uptime, security & audit logs"
    ),
    "culture_timezone": "Culture fit, English, time-zone overlap & willingness to work our public holidays",
    "cost_transparency": "Cost transparency: what is included, what costs extra, indexation & exit terms",
    "service_quality": "Service quality seen in demos, QA sampling, mystery shopping & calibration sessions",
    "yearly_cost": "Yearly total cost of ownership, fees, transition, governance & exit, per year",
}
VENDOR_COLUMNS = {
    "vendors": "vendor",
    "scores": "vendor",
    "must_haves": "vendor",
    "sites": "owner",
    "red_flags": "vendor",
    "communications": "vendor",
    "references": "vendor",
    "pilot_tickets": "vendor",
}


def _read(target: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(target / f"{table}.csv", dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, target: Path, table: str) -> None:
    frame.to_csv(target / f"{table}.csv", index=False)


def stress_project(target: Path) -> Path:
    """Copy the worked example to ``target`` as the crowded project described above."""
    target = Path(target)
    shutil.copytree(SAMPLE, target)
    for table, column in VENDOR_COLUMNS.items():
        frame = _read(target, table)
        frame[column] = frame[column].replace(RENAMED)
        _write(frame, target, table)
    for table, column in (("criteria", "criterion"), ("scores", "criterion"), ("needs", "criterion")):
        frame = _read(target, table)
        frame[column] = frame[column].replace(CRITERIA)
        _write(frame, target, table)

    def copies(table: str, column: str, change) -> None:
        frame = _read(target, table)
        added = []
        for k, (name, model, country, tz) in enumerate(ADDED):
            rows = frame[frame[column] == RENAMED[model]].copy()
            rows[column] = name
            added.append(change(rows, k, name, country, tz))
        _write(pd.concat([frame, *added], ignore_index=True), target, table)

    def vendor(rows, k, name, country, tz):
        rows["country"], rows["tz"] = country, tz
        return rows

    def scores(rows, k, name, country, tz):
        shifted = (rows["score"].astype(int) - 1 + k + pd.RangeIndex(len(rows)) % 3) % 5 + 1
        rows["score"] = shifted.to_numpy().astype(str)
        return rows

    def must_haves(rows, k, name, country, tz):
        if name == KNOCKED_OUT:
            rows.iloc[0, rows.columns.get_loc("met")] = "no"
            rows.iloc[0, rows.columns.get_loc("evidence")] = "No signed data processing agreement yet"
        return rows

    def site(rows, k, name, country, tz):
        rows = rows.iloc[:1].copy()
        rows["site"] = f"{name.split(' ')[0]} centre {k + 1}"
        rows["tz"], rows["holiday_country"], rows["holiday_subdivision"] = tz, "", ""
        return rows

    copies("vendors", "vendor", vendor)
    copies("scores", "vendor", scores)
    copies("must_haves", "vendor", must_haves)
    copies("red_flags", "vendor", lambda rows, k, *_: rows if k % 2 else rows.iloc[:0])
    copies("sites", "owner", site)
    return target
