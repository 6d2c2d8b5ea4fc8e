"""Relations across the two populaties of (v)so: the suppression protects them, the audit catches them.

(v)so pupils are counted twice in one mart: at the SWV that funds them (``bekostigd``) and at the SWV whose
region holds their school (``binnen_regio``). Two relations follow from what the rows are made of:

- at one vestiging the bekostigd rows (one per funding SWV) add up to the binnen_regio row;
- SWV A's grensverkeer row (grain ``swv_ander``) for partner B under bekostigd is B's row for partner A under
  binnen_regio: the same pupils seen from both sides.

Each test builds a hand-made mart where that relation alone lets an outsider recompute a small count, shows that
the suppression protects it, and that the independent audit finds the leak when the suppression is run without
that relation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dagster_project.checks.disclosure_audit import audit_published
from dagster_project.masking import relations
from dagster_project.masking.suppression import suppress

COLUMNS = ["indicator", "sector", "swv_code", "schooljaar", "peildatum", "populatie", "grain", "grain_code",
           "grain_naam", "categorie", "teller", "noemer", "waarde", "waarde_gemiddelde_swv"]


def so_mart(rows: list[tuple[str, str, str, str, float]]) -> pd.DataFrame:
    """A count mart of so pupils from (populatie, swv_code, grain, grain_code, teller) tuples."""
    out = [{"indicator": "aantal_leerlingen", "sector": "po", "swv_code": swv, "schooljaar": "2024-2025",
            "peildatum": pd.Timestamp("2024-10-01"), "populatie": pop, "grain": grain, "grain_code": code,
            "grain_naam": None, "categorie": "so", "teller": float(n), "noemer": None, "waarde": float(n),
            "waarde_gemiddelde_swv": None} for pop, swv, grain, code, n in rows]
    return pd.DataFrame(out)[COLUMNS].astype({"noemer": "float64", "waarde_gemiddelde_swv": "float64"})


def masked(frame: pd.DataFrame, pop: str, swv: str, grain: str, code: str) -> bool:
    row = frame[(frame["populatie"] == pop) & (frame["swv_code"] == swv) & (frame["grain"] == grain)
                & (frame["grain_code"] == code)]
    assert len(row) == 1, (pop, swv, grain, code)
    return bool(np.isnan(row["teller"].iloc[0]))


# so school V (region of PO01) has 20 pupils: 3 funded by PO01, 6 by PO02, 11 by PO03. Each funding SWV has no
# other so pupils, so its swv row equals its vestiging row. Without the cross-population relation the 3 is the only
# small count and its own relations are equalities: it would be masked alone, and 20 - 6 - 11 = 3 gives it back.
CROSS_POPULATION = so_mart([
    ("binnen_regio", "PO01", "swv", "PO01", 20), ("binnen_regio", "PO01", "vestiging", "V", 20),
    ("bekostigd", "PO01", "swv", "PO01", 3), ("bekostigd", "PO01", "vestiging", "V", 3),
    ("bekostigd", "PO02", "swv", "PO02", 6), ("bekostigd", "PO02", "vestiging", "V", 6),
    ("bekostigd", "PO03", "swv", "PO03", 11), ("bekostigd", "PO03", "vestiging", "V", 11),
])

# grensverkeer: PO0A funds 30 so pupils, 3 at schools in its own region, 6 in region PO0B, 21 in region PO0C; region
# PO0B's so schools hold 40 pupils, 34 funded by PO0B and the same 6 funded by PO0A. The 3 is primary; within PO0A's
# relation (30 = 3 + 6 + 21) the smallest other cell, the 6, is masked with it. PO0B's relation (40 = 34 + 6) holds
# no small count, so without the two-sided relation its 6 stays published and gives away PO0A's 6, hence the 3.
GRENSVERKEER = so_mart([
    ("bekostigd", "PO0A", "swv", "PO0A", 30),
    ("bekostigd", "PO0A", "swv_ander", "PO0A", 3), ("bekostigd", "PO0A", "swv_ander", "PO0B", 6),
    ("bekostigd", "PO0A", "swv_ander", "PO0C", 21),
    ("binnen_regio", "PO0B", "swv", "PO0B", 40),
    ("binnen_regio", "PO0B", "swv_ander", "PO0B", 34), ("binnen_regio", "PO0B", "swv_ander", "PO0A", 6),
])


def without_population_relations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relations, "_population_groups", lambda *args, **kwargs: [])


def test_cross_population_relation_is_protected() -> None:
    out = suppress(CROSS_POPULATION, threshold=5).frame
    assert masked(out, "bekostigd", "PO01", "vestiging", "V") and masked(out, "bekostigd", "PO01", "swv", "PO01")
    # a second bekostigd row at V must be hidden too, and the smallest one is PO02's 6
    assert masked(out, "bekostigd", "PO02", "vestiging", "V") and masked(out, "bekostigd", "PO02", "swv", "PO02")
    assert not masked(out, "bekostigd", "PO03", "vestiging", "V")
    assert not masked(out, "binnen_regio", "PO01", "vestiging", "V")  # the headline count stays published
    report = audit_published(CROSS_POPULATION, out, threshold=5)
    assert report.ok, report


def test_audit_catches_the_cross_population_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    without_population_relations(monkeypatch)
    out = suppress(CROSS_POPULATION, threshold=5).frame
    assert not masked(out, "bekostigd", "PO02", "vestiging", "V")  # the leak the relation prevents
    report = audit_published(CROSS_POPULATION, out, threshold=5)
    assert not report.ok
    # 20 - 6 - 11: the relation holds one masked cell, and the LP pins it at its true value 3
    assert any("V" in c["row"] and "bekostigd" in c["row"] for c in report.single_masked)
    assert any(c["value"] == 3 and c["interval"] == (3.0, 3.0) for c in report.pinned)


def test_grensverkeer_seen_from_both_sides_is_protected() -> None:
    out = suppress(GRENSVERKEER, threshold=5).frame
    assert masked(out, "bekostigd", "PO0A", "swv_ander", "PO0A")
    # the 6 is one count with one mask status on both sides, so PO0B's 34 is masked to protect it
    assert masked(out, "bekostigd", "PO0A", "swv_ander", "PO0B") and masked(out, "binnen_regio", "PO0B", "swv_ander", "PO0A")
    assert masked(out, "binnen_regio", "PO0B", "swv_ander", "PO0B")
    assert not masked(out, "bekostigd", "PO0A", "swv", "PO0A") and not masked(out, "binnen_regio", "PO0B", "swv", "PO0B")
    report = audit_published(GRENSVERKEER, out, threshold=5)
    assert report.ok, report


def test_audit_catches_the_transposed_grensverkeer_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    without_population_relations(monkeypatch)
    out = suppress(GRENSVERKEER, threshold=5).frame
    assert not masked(out, "binnen_regio", "PO0B", "swv_ander", "PO0A")  # published 6 = PO0A's masked 6
    report = audit_published(GRENSVERKEER, out, threshold=5)
    assert not report.ok
    # the equality 6 = 6 holds one masked cell; then 30 - 21 - 6 = 3 pins the primary cell
    assert report.single_masked
    assert any(c["value"] == 3 and c["interval"] == (3.0, 3.0) for c in report.pinned)
