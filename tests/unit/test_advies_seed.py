"""The advies_vo seed covers every advies code the BRON contract accepts, with levels that follow the advies order."""

from __future__ import annotations

import csv
from pathlib import Path

from dagster_project.contracts import ADVIES_VO

SEEDS = Path(__file__).resolve().parents[2] / "dbt" / "seeds"


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_contract_advies_code_has_a_kind_and_levels() -> None:
    seed = {r["advies_vo"]: r for r in _rows("advies_vo")}
    missing = sorted(set(ADVIES_VO) - set(seed))
    # a code the contract accepts but the seed lacks would be classified 'onbekend' by int_leerling_advies
    assert not missing, f"dbt/seeds/advies_vo.csv lacks the BRON advies codes {missing}"
    for code, row in seed.items():
        if row["advies_soort"] == "regulier":
            assert row["niveau_laag"] and row["niveau_hoog"], f"regulier advies {code} needs two levels"
        else:
            assert not row["niveau_laag"] and not row["niveau_hoog"], f"{row['advies_soort']} advies {code} has no level"


def test_advies_order_is_pro_vmbo_b_k_gt_havo_vwo() -> None:
    rang = {r["niveau"]: int(r["rang"]) for r in _rows("advies_niveau")}
    assert sorted(rang, key=rang.get) == ["pro", "vmbo_b", "vmbo_k", "vmbo_gt", "havo", "vwo"]


def test_double_advies_codes_span_two_adjacent_levels() -> None:
    # 21 vmbo-b/k, 24 vmbo-k/gt, 29 vmbo-gt/havo, 31 havo/vwo (BRON code list): low level one step below the high one
    rang = {r["niveau"]: int(r["rang"]) for r in _rows("advies_niveau")}
    seed = {r["advies_vo"]: r for r in _rows("advies_vo")}
    expected = {"21": ("vmbo_b", "vmbo_k"), "24": ("vmbo_k", "vmbo_gt"), "29": ("vmbo_gt", "havo"),
                "31": ("havo", "vwo")}
    for code, (laag, hoog) in expected.items():
        assert (seed[code]["niveau_laag"], seed[code]["niveau_hoog"]) == (laag, hoog)
        assert rang[hoog] - rang[laag] == 1
