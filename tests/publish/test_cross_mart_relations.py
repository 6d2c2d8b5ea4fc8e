"""A relation across two marts pins a cell: the joint suppression protects it, the audit catches it without.

Hand-made marts, po, one 1 October, two SWVs and the landelijk row:

    aantal_leerlingen (teller)       bao    sbo          deelnamepercentage sbo   teller   noemer (= bao + sbo)
    S1                               100      3          S1                          3      103
    S2                               200     10          S2                         10      210
    landelijk                        300     13          landelijk                  13      313

Each mart masked on its own: S1's sbo (3) is small, and inside each mart the swv -> landelijk relation makes S2's
sbo (10) the second masked cell; bao and the noemer stay published. An outsider then reads S1's bao (100) in
aantal_leerlingen and S1's noemer (103) in deelnamepercentage: 103 - 100 = 3, the hidden count. The cover declares
both facts (the deelname teller is the aantal sbo count; the deelname noemer is bao + sbo), so the marts masked
together hide one more S1 cell (bao, 100 < 103, the cheaper one) and then S2's bao (the landelijk bao is a more
expensive tier), after which S1's sbo is anything in [1, 4]: with t = sbo(S1), bao(S1) = 103 - t, sbo(S2) = 13 - t,
bao(S2) = 197 + t fits every published number.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dagster_project.checks.disclosure_audit import audit_linked
from dagster_project.masking.suppression import suppress, suppress_linked

PEILDATUM = date(2024, 10, 1)


def _rows(indicator: str, rows: list[tuple]) -> pd.DataFrame:
    out = []
    for swv, categorie, teller, noemer in rows:
        grain = "landelijk" if swv is None else "swv"
        out.append({
            "indicator": indicator, "sector": "po", "swv_code": swv, "schooljaar": "2024-2025",
            "peildatum": PEILDATUM, "populatie": None, "grain": grain, "grain_code": swv or "NL",
            "grain_naam": swv or "Nederland", "categorie": categorie, "teller": float(teller),
            "noemer": None if noemer is None else float(noemer),
            "waarde": float(teller) if noemer is None else 100.0 * teller / noemer,
            "waarde_gemiddelde_swv": None,
        })
    return pd.DataFrame(out)


AANTAL = _rows("aantal_leerlingen", [
    ("S1", "bao", 100, None), ("S1", "sbo", 3, None),
    ("S2", "bao", 200, None), ("S2", "sbo", 10, None),
    (None, "bao", 300, None), (None, "sbo", 13, None),
])
DEELNAME = _rows("deelnamepercentage", [
    ("S1", "sbo", 3, 103), ("S2", "sbo", 10, 210), (None, "sbo", 13, 313),
])


def _cell(frame: pd.DataFrame, swv: str | None, categorie: str, measure: str = "teller") -> float:
    sel = frame["categorie"].eq(categorie) & (frame["swv_code"].isna() if swv is None else frame["swv_code"].eq(swv))
    (value,) = frame.loc[sel, measure].tolist()
    return value


def test_each_mart_alone_leaks_through_the_other() -> None:
    aantal = suppress(AANTAL, threshold=5).frame
    deelname = suppress(DEELNAME, threshold=5).frame
    # inside each mart the small count is protected: its swv -> landelijk sibling is masked too
    assert pd.isna(_cell(aantal, "S1", "sbo")) and pd.isna(_cell(aantal, "S2", "sbo"))
    assert _cell(aantal, "S1", "bao") == 100 and _cell(deelname, "S1", "sbo", "noemer") == 103
    reports = audit_linked({"pub_aantal_leerlingen": (AANTAL, aantal), "pub_deelnamepercentage": (DEELNAME, deelname)},
                           threshold=5)
    recovered = [c for r in reports for c in r.single_masked + r.pinned]
    assert recovered, "the audit must see 103 - 100 = 3 across the two marts"
    # S1's sbo = 103 - 100 = 3, and then S2's sbo = 13 - 3 = 10 falls with it
    pinned_values = {c["value"] for r in reports for c in r.pinned}
    assert pinned_values == {3.0, 10.0}
    # and without the cover links the audit (like the marts' own relations) sees nothing
    blind = audit_linked({"pub_aantal_leerlingen": (AANTAL, aantal), "pub_deelnamepercentage": (DEELNAME, deelname)},
                         threshold=5, cover=False)
    assert all(r.ok for r in blind)


def test_marts_masked_together_protect_the_cell() -> None:
    out = suppress_linked({"aantal_leerlingen": AANTAL, "deelnamepercentage": DEELNAME}, threshold=5)
    aantal, deelname = out["aantal_leerlingen"].frame, out["deelnamepercentage"].frame
    # one count, one mask status: the sbo counts are hidden in both marts alike
    for swv in ("S1", "S2", None):
        assert pd.isna(_cell(aantal, swv, "sbo")) == pd.isna(_cell(deelname, swv, "sbo"))
    # the cheaper of S1's bao (100) and S1's noemer (103) is hidden, then S2's bao for the landelijk relation
    assert pd.isna(_cell(aantal, "S1", "bao")) and _cell(deelname, "S1", "sbo", "noemer") == 103
    assert pd.isna(_cell(aantal, "S2", "bao")) and _cell(aantal, None, "bao") == 300
    reports = audit_linked({"pub_aantal_leerlingen": (AANTAL, aantal), "pub_deelnamepercentage": (DEELNAME, deelname)},
                           threshold=5)
    assert all(r.ok for r in reports), [(r.model, r.single_masked, r.pinned) for r in reports]


@pytest.mark.parametrize("order", [["aantal_leerlingen", "deelnamepercentage"], ["deelnamepercentage", "aantal_leerlingen"]])
def test_joint_masking_does_not_depend_on_the_order_of_the_marts(order: list[str]) -> None:
    marts = {"aantal_leerlingen": AANTAL, "deelnamepercentage": DEELNAME}
    out = suppress_linked({name: marts[name] for name in order}, threshold=5)
    masked = {name: out[name].frame["teller"].isna().tolist() for name in marts}
    # rows in the order written above: S1 bao, S1 sbo, S2 bao, S2 sbo, landelijk bao, landelijk sbo
    assert masked == {"aantal_leerlingen": [True, True, True, True, False, False],
                      "deelnamepercentage": [True, True, False]}
