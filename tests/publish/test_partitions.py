"""The publication is suppressed one (sector, schooljaar) part at a time: no relation may join cells of two parts.

``masking.partitions`` claims that every relation of the whole system (inside a mart, across populaties, across
marts by the declared cover) stays inside one part, where a cell's part is the one its declared signature names,
else its row's. The first tests work that assignment out by hand; the last one builds the whole system of the shared
tiny warehouse, exactly as one joint suppression would, and checks the claim relation by relation.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from dagster_project.masking.partitions import cell_parts, rows_of_part, schooljaar_of
from dagster_project.masking.relations import PublishSpec, SuppressionStats, mart_relations
from dagster_project.masking.suppression import _in_key_order, linked_relations


def test_schooljaar_of_a_teldatum():
    # 1 August starts a schooljaar: October is the first teldatum of it, February falls in the same year
    assert schooljaar_of("2024-10-01") == "2024-2025"
    assert schooljaar_of("2025-02-01") == "2024-2025"
    assert schooljaar_of("2025-08-01") == "2025-2026"


def _prognose(rows: list[tuple]) -> pd.DataFrame:
    cols = ["indicator", "sector", "swv_code", "schooljaar", "peildatum", "populatie", "grain", "grain_code",
            "grain_naam", "categorie", "jaar", "soort", "teller", "noemer", "waarde", "waarde_gemiddelde_swv"]
    return pd.DataFrame(rows, columns=cols)


PROGNOSE = _prognose([
    # a telling row of 2022 in the prognose of 2025-2026: teller = the count of 1 October 2022 (part 2022-2023),
    # noemer = the basis of 1 October 2025 (part 2025-2026)
    ("leerlingprognose", "po", "PO2101", "2025-2026", pd.Timestamp("2025-10-01"), None, "vestiging", "01AB00",
     "x", "totaal", 2022, "telling", 210.0, 200.0, 105.0, None),
    # the telling of 2025 itself: both cells in 2025-2026
    ("leerlingprognose", "po", "PO2101", "2025-2026", pd.Timestamp("2025-10-01"), None, "vestiging", "01AB00",
     "x", "totaal", 2025, "telling", 200.0, 200.0, 100.0, None),
    # a prognose row: its teller is no count of any 1 October (no declared signature), so it stays with its row
    ("leerlingprognose", "po", "PO2101", "2025-2026", pd.Timestamp("2025-10-01"), None, "vestiging", "01AB00",
     "x", "totaal", 2027, "prognose", 190.0, 200.0, 95.0, None),
])


def test_a_telling_row_has_its_teller_in_the_year_it_counts():
    parts = cell_parts("leerlingprognose", PROGNOSE)
    assert parts.tolist() == [["po|2022-2023", "po|2025-2026"],
                              ["po|2025-2026", "po|2025-2026"],
                              ["po|2025-2026", "po|2025-2026"]]


def test_rows_of_a_part_carry_only_the_cells_of_that_part():
    parts = cell_parts("leerlingprognose", PROGNOSE)
    old = rows_of_part(PROGNOSE, parts, "po|2022-2023")
    assert len(old) == 1 and old["jaar"].tolist() == [2022]
    assert old["teller"].tolist() == [210.0] and old["noemer"].isna().all()  # the noemer is decided in 2025-2026
    now = rows_of_part(PROGNOSE, parts, "po|2025-2026")
    assert now["jaar"].tolist() == [2022, 2025, 2027]
    assert now["teller"].isna().tolist() == [True, False, False]  # the 2022 teller is decided in 2022-2023
    assert now["noemer"].tolist() == [200.0, 200.0, 200.0]
    assert rows_of_part(PROGNOSE, parts, "vo|2025-2026").empty


def test_no_relation_of_the_tiny_publication_joins_two_parts(tiny_warehouse):
    with duckdb.connect(str(tiny_warehouse.published_db), read_only=True) as con:
        names = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'masking' "
            "and table_name like 'pub_%' order by 1").fetchall()]
        marts = {n.removeprefix("pub_"): con.execute(f'select * from marts."mart_{n.removeprefix("pub_")}"').df()
                 for n in names}
    assert len(marts) >= 10
    ordered = {name: _in_key_order(df)[0] for name, df in marts.items()}
    stats = SuppressionStats()
    own = [mart_relations(df, PublishSpec.infer(df.columns), stats) for df in ordered.values()]
    _, _, system = linked_relations(ordered, own, stats)
    part = np.concatenate([cell_parts(name, df).reshape(-1) for name, df in ordered.items()])
    assert len(part) == len(system.value)

    a, b = system.equal
    assert len(a) > 1000, "the tiny publication should have many equal cells (one count in two places)"
    crossing_eq = part[a] != part[b]
    assert not crossing_eq.any(), f"{int(crossing_eq.sum())} equalities join two parts, e.g. {part[a][crossing_eq][:3]}"

    rel, cell, _ = system.members
    assert rel.max() > 1000
    per_rel = pd.DataFrame({"rel": rel, "part": part[cell]}).groupby("rel")["part"].nunique()
    assert (per_rel == 1).all(), f"{int((per_rel > 1).sum())} sum relations join two parts"

    # the split is not vacuous: the tiny set has rows whose two cells are decided in different parts
    prognose = cell_parts("leerlingprognose", ordered["leerlingprognose"])
    assert (prognose[:, 0] != prognose[:, 1]).any()
    assert len(set(part.tolist())) >= 4


@pytest.mark.parametrize("teldatum", ["", "2024"])
def test_a_malformed_teldatum_is_refused(teldatum):
    with pytest.raises(ValueError):
        schooljaar_of(teldatum)
