"""The flows of a 1 October t are computed again only when a snapshot they read changed (int_stroom_invoer).

A flow row of t reads the 1 October snapshots t-3..t and nothing else (besides the pupils' previous enrolments on
them). On the tiny set (1 Octobers 2022..2025 and a 1 February after each) one build of the flow model is followed by
two re-deliveries, each followed by an incremental build:

1. the first 1 February (2023-02-01) with other leerlinggewichten: it is in no flow's window and moves no pupil's
   previous enrolment (the gewicht is no part of the history), so no flow teldatum is computed again;
2. the 1 October before the last (2024-10-01) with vestigingen swapped between pupils: it is in the windows of
   2024-10-01 and 2025-10-01, so exactly those two are computed again, 2023-10-01 is not.

"Computed again" is observed directly: before each re-delivery every flow row gets a marker in one column, which a
recomputed row does not carry.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from dagster_project.dbt_runner import run_dbt
from dagster_project.ingest import ingest_all
from dagster_project.settings import Settings
from dagster_project.synthetic import generate
from tests.incremental.test_incremental_equals_full import _bron_teldata, _swap_vestigingen

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental_flow")]

SEED = 7
FLOW_MODELS = ["build", "--quiet", "--select", "+int_leerling_stroom", "--exclude-resource-type", "test", "unit_test"]
MARKER = "niet opnieuw berekend"


def _set_gewichten(path: Path) -> int:
    """Re-deliver a BRON snapshot with other content that moves no enrolment: every bao pupil with gewicht 0 gets
    gewicht 0,30. Returns how many rows changed."""
    lines = path.read_text(encoding="latin-1").splitlines()
    header = lines[0].split(";")
    soort, gewicht = header.index("ONDERWIJSSOORT"), header.index("GEWICHT")
    rows = [line.split(";") for line in lines[1:]]
    changed = 0
    for row in rows:
        if row[soort] == "BAO" and row[gewicht] == "0":
            row[gewicht] = "0,30"
            changed += 1
    path.write_text("\n".join([lines[0], *(";".join(r) for r in rows)]) + "\n", encoding="latin-1")
    return changed


def _build(s: Settings, target: Path) -> None:
    ingest_all(s)
    run_dbt(FLOW_MODELS, s, target_path=target)


def _fingerprints(db: Path, model: str) -> dict[date, str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute(f"select teldatum, invoer_hash from intermediate.{model}").fetchall())


def _mark_flow_rows(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute(f"update intermediate.int_leerling_stroom set schooljaar_herkomst = '{MARKER}'")


def _rows_per_teldatum(db: Path) -> dict[date, tuple[int, int]]:
    """teldatum -> (flow rows, of which still marked)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select teldatum, count(*), count(*) filter (where schooljaar_herkomst = ?) "
            "from intermediate.int_leerling_stroom group by all", [MARKER]).fetchall()
    return {t: (n, marked) for t, n, marked in rows}


def test_a_redelivered_snapshot_recomputes_only_the_flows_that_read_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate(raw, "tiny", SEED)
    teldata = _bron_teldata(raw)
    oktober = [t for t in teldata if t.month == 10]
    februari = [t for t in teldata if t.month == 2]
    assert oktober == [date(y, 10, 1) for y in (2022, 2023, 2024, 2025)], teldata
    # flow rows exist for the 1 Octobers that have an earlier one
    flow_teldata = oktober[1:]

    s = Settings(raw_dir=raw, warehouse_dir=tmp_path / "warehouse")
    target = tmp_path / "dbt_target"
    _build(s, target)
    rows = _rows_per_teldatum(s.build_db)
    assert sorted(rows) == flow_teldata and all(n > 100 for n, _ in rows.values()), rows
    flows_before = _fingerprints(s.build_db, "int_stroom_invoer")
    inputs_before = _fingerprints(s.build_db, "int_teldatum_invoer")

    # 1. the first 1 February, read by no flow
    _mark_flow_rows(s.build_db)
    assert _set_gewichten(raw / "bron" / f"BRON_inschrijvingen_{februari[0]:%Y%m%d}.csv") > 50
    _build(s, target)
    assert _fingerprints(s.build_db, "int_teldatum_invoer")[februari[0]] != inputs_before[februari[0]]
    assert _fingerprints(s.build_db, "int_stroom_invoer") == flows_before
    # every flow row is the one computed before the re-delivery
    assert _rows_per_teldatum(s.build_db) == {t: (n, n) for t, (n, _) in rows.items()}

    # 2. the 1 October before the last, read by the flows of itself and of the next 1 October
    _mark_flow_rows(s.build_db)
    assert _swap_vestigingen(raw / "bron" / f"BRON_inschrijvingen_{oktober[2]:%Y%m%d}.csv") > 20
    _build(s, target)
    flows_after = _fingerprints(s.build_db, "int_stroom_invoer")
    assert {t for t in flows_after if flows_after[t] != flows_before[t]} == {oktober[2], oktober[3]}
    rows_after = _rows_per_teldatum(s.build_db)
    assert rows_after[oktober[1]] == (rows[oktober[1]][0],) * 2  # untouched
    assert rows_after[oktober[2]][1] == 0 and rows_after[oktober[3]][1] == 0  # computed again
