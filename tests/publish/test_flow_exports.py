"""The flow indicators in the SWV packages of the shared tiny warehouse: each tab holds its pub_ values, each SWV with
rows has a chart.

The flow indicators are named here from the indicator catalogue (docs/indicators.md), not read from the code. The
tiny set has two school years, so only the flows over one year (t-1 -> t) have rows; the schooladvies indicators
(t-3 -> t) are empty there and covered by tests/golden/test_golden_advies.py.
"""

from __future__ import annotations

import duckdb
import pytest
from openpyxl import load_workbook

from dagster_project.exports.columns import FLOW_BRON

FLOW_INDICATORS = ("instroom_vanuit_po", "uitstroom_naar_vo", "uitstroom_naar_vervolgonderwijs", "terugstroom",
                   "schooladvies_po", "schooladvies_vo", "verplaatsingen")
ONE_YEAR_FLOWS = ("verplaatsingen",)  # must have rows on two school years
NOT_KEYS = {"indicator", "grain_naam", "teller", "noemer", "waarde", "waarde_gemiddelde_swv", "gemaskeerd", "weergave"}


def _published(con: duckdb.DuckDBPyConnection, name: str) -> list[dict]:
    rel = con.execute(f'select * from masking."pub_{name}" where grain <> \'landelijk\'')
    cols = [d[0] for d in rel.description]
    return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]


def _key(row: dict, cols: list[str]) -> tuple:
    out = []
    for c in cols:
        v = row[c]
        out.append(str(v.date() if hasattr(v, "date") else v) if c == "peildatum" else v)
    return tuple(out)


@pytest.mark.parametrize("name", FLOW_INDICATORS)
def test_flow_tab_holds_the_pub_values_and_the_swv_has_a_chart(tiny_warehouse, name):
    with duckdb.connect(str(tiny_warehouse.published_db), read_only=True) as con:
        tables = {t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'masking'").fetchall()}
        if f"pub_{name}" not in tables:
            pytest.fail(f"pub_{name} is not published")  # every flow indicator of the catalogue has a pub_ mart
        rows = _published(con, name)
    if name in ONE_YEAR_FLOWS:
        assert rows, f"pub_{name} has no rows on two school years"
    by_swv: dict[str, list[dict]] = {}
    for r in rows:
        by_swv.setdefault(r["swv_code"], []).append(r)
    compared = 0
    for code, pub_rows in sorted(by_swv.items()):
        folder = tiny_warehouse.exports_dir / "swv" / code
        if not (folder / "aantal_leerlingen.png").exists():
            continue  # an SWV without a package of its own (no swv row in any indicator)
        (xlsx,) = folder.glob(f"gegevensbestand_{code}_*.xlsx")
        header, *lines = [list(r) for r in load_workbook(xlsx, read_only=True)[name[:31]].iter_rows(values_only=True)]
        keys = [c for c in pub_rows[0] if c not in NOT_KEYS]
        pub = {_key(r, keys): r for r in pub_rows}
        sheet = [dict(zip(header, line, strict=True)) for line in lines]
        assert len(sheet) == len(pub), (code, name)
        for row in sheet:
            p = pub[_key(row, keys)]
            for col in ("teller", "noemer", "waarde"):
                if p[col] is None and p["gemaskeerd"]:
                    assert row[col] in ("<5", "gemaskeerd"), (code, name, col, row[col])
                elif p[col] is None:
                    assert row[col] is None, (code, name, col, row[col])
                else:
                    assert row[col] == pytest.approx(p[col], rel=1e-12), (code, name, col, row[col], p[col])
                    compared += 1
        txt = (folder / f"{name}.txt").read_text(encoding="utf-8")
        assert txt.startswith(f"{name.replace('_', ' ')} - {code}") and FLOW_BRON in txt
        assert (folder / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    if name in ONE_YEAR_FLOWS:
        assert compared > 0
