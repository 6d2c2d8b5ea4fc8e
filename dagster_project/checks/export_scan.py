"""Scans of written exports: BSN-like numbers anywhere, other SWVs in a SWV package, xlsx tabs and PNG validity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dagster_project.duckdb_connect import connect

NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GEGEVENSBESTAND_FIRST_TABS = ("inleiding", "landelijk")
GEMEENTETABEL_TABS = ("schoolgaand", "woonachtig")


def elfproef(number: str) -> bool:
    """True when a 9-digit string passes the BSN 11-proef (9·d1 + 8·d2 + ... + 2·d8 - 1·d9 ≡ 0 mod 11)."""
    if len(number) != 9 or not number.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True)) - int(number[8])
    return total % 11 == 0 and number != "000000000"


@dataclass
class ScanReport:
    """Findings of a scan; ``ok`` when there are none."""

    files: int = 0
    bsn_like: list[tuple[str, str]] = field(default_factory=list)  # (file, number)
    other_swv: list[tuple[str, str]] = field(default_factory=list)  # (file, code or name of another SWV)
    bad_files: list[tuple[str, str]] = field(default_factory=list)  # (file, problem)

    @property
    def ok(self) -> bool:
        return not (self.bsn_like or self.other_swv or self.bad_files)


def file_texts(path: Path) -> list[str]:
    """Every text value in an export file (parquet rows, xlsx cells and sheet names, txt/json lines)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        with connect() as con:
            cols = [r[0] for r in con.execute(f"describe select * from read_parquet('{path}')").fetchall()]
            cast = ", ".join(f'cast("{c}" as varchar)' for c in cols)
            rows = con.execute(f"select {cast} from read_parquet('{path}')").fetchall()
        return [*cols, *(v for r in rows for v in r if v is not None)]
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        out = list(wb.sheetnames)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                out += [str(v) for v in row if v is not None]
        wb.close()
        return out
    if suffix in (".txt", ".json", ".csv", ".md"):
        return path.read_text(encoding="utf-8").splitlines()
    return []


def scan_bsn(out_dir: Path, report: ScanReport | None = None) -> ScanReport:
    """Every 9-digit number passing the 11-proef in any parquet, xlsx, txt or json file under ``out_dir``."""
    report = report or ScanReport()
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        report.files += 1
        for text in file_texts(path):
            for number in NINE_DIGITS.findall(text):
                if elfproef(number):
                    report.bsn_like.append((str(path.relative_to(out_dir)), number))
    return report


def scan_swv_packages(out_dir: Path, register: dict[str, str], report: ScanReport | None = None,
                      partners: dict[str, set[str]] | None = None) -> ScanReport:
    """In ``out_dir/swv/<SWV>/``: no code or name of another SWV (``register`` = code -> name); tabs; PNGs.

    ``partners`` (SWV -> its grensverkeer partner codes) may be named in that SWV's own package.
    """
    report = report or ScanReport()
    partners = partners or {}
    for folder in sorted(p for p in (out_dir / "swv").glob("*") if p.is_dir()):
        own = folder.name
        allowed = {own, *partners.get(own, set())}
        forbidden = {c: c for c in register if c not in allowed}
        forbidden |= {n: c for c, n in register.items()
                      if c not in allowed and n and len(n) >= 4 and n not in {register.get(a) for a in allowed}}
        for path in sorted(folder.iterdir()):
            rel = str(path.relative_to(out_dir))
            if path.suffix == ".png":
                data = path.read_bytes()
                if len(data) < 100 or not data.startswith(PNG_SIGNATURE):
                    report.bad_files.append((rel, "not a valid non-empty PNG"))
                continue
            texts = file_texts(path)
            blob = "\n".join(texts)
            for needle, code in forbidden.items():
                if needle in blob:
                    report.other_swv.append((rel, code))
            if path.suffix == ".xlsx":
                _check_tabs(path, rel, report)
    return report


def _check_tabs(path: Path, rel: str, report: ScanReport) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    names = wb.sheetnames
    wb.close()
    if path.name.startswith("gegevensbestand_"):
        rest = names[len(GEGEVENSBESTAND_FIRST_TABS):]
        if tuple(names[:2]) != GEGEVENSBESTAND_FIRST_TABS or not rest or rest != sorted(rest):
            report.bad_files.append((rel, f"tabs {names}: expected inleiding, landelijk, then indicators A-Z"))
    elif path.name.startswith("gemeentetabel_") and tuple(names) != GEMEENTETABEL_TABS:
        report.bad_files.append((rel, f"tabs {names}: expected {GEMEENTETABEL_TABS}"))


def _pub_rows(db_path: Path, columns: tuple[str, ...], where: str) -> list[tuple]:
    """Distinct ``columns`` of the rows matching ``where`` in every masking.pub_ table that has those columns."""
    rows: list[tuple] = []
    with connect(str(db_path), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                            "where table_schema = 'masking' and starts_with(table_name, 'pub_')").fetchall()]
        for t in tables:
            cols = {r[0] for r in con.execute(f'describe masking."{t}"').fetchall()}
            if {"grain", *columns} <= cols:
                rows += con.execute(f'select distinct {", ".join(columns)} from masking."{t}" where {where}').fetchall()
    return rows


def swv_register(db_path: Path) -> dict[str, str]:
    """SWV code -> name as published on grain = swv / swv_ander rows of the pub_ marts."""
    out: dict[str, str] = {}
    for code, name in _pub_rows(db_path, ("grain_code", "grain_naam"), "grain in ('swv', 'swv_ander')"):
        out[code] = name or out.get(code, "")
    return out


def grensverkeer_partners(db_path: Path) -> dict[str, set[str]]:
    """SWV -> the partner SWVs of its grensverkeer (``swv_ander``) rows in the pub_ marts."""
    out: dict[str, set[str]] = {}
    for swv, partner in _pub_rows(db_path, ("swv_code", "grain_code"), "grain = 'swv_ander'"):
        out.setdefault(swv, set()).add(partner)
    return out


def scan_exports(db_path: Path, out_dir: Path) -> ScanReport:
    """The full scan of one export folder written from the warehouse at ``db_path``."""
    report = scan_bsn(out_dir)
    return scan_swv_packages(out_dir, swv_register(db_path), report, grensverkeer_partners(db_path))
