"""Primary and secondary suppression on hand-made marts, and the independent audit on synthetic ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dagster_project.checks.disclosure_audit import audit_published
from dagster_project.masking.dbt_model import mask_threshold
from dagster_project.masking.suppression import suppress
from tests.support.synthetic_marts import mart_from_pupils, pupils

BASE = {"indicator": "test", "sector": "po", "schooljaar": "2024-2025", "peildatum": pd.Timestamp("2024-10-01"),
        "populatie": None, "grain": "swv", "grain_naam": None}


def mart(rows: list[dict]) -> pd.DataFrame:
    """Contract-ordered mart from rows giving swv_code, categorie, teller (and optionally noemer)."""
    out = []
    for r in rows:
        noemer = r.get("noemer")
        waarde = r["teller"] if noemer is None else (100.0 * r["teller"] / noemer if noemer else None)
        out.append({**BASE, "swv_code": r["swv_code"], "grain_code": r["swv_code"], "categorie": r["categorie"],
                    "teller": float(r["teller"]), "noemer": None if noemer is None else float(noemer),
                    "waarde": waarde, "waarde_gemiddelde_swv": None})
    cols = ["indicator", "sector", "swv_code", "schooljaar", "peildatum", "populatie", "grain", "grain_code",
            "grain_naam", "categorie", "teller", "noemer", "waarde", "waarde_gemiddelde_swv"]
    df = pd.DataFrame(out)[cols]
    return df.astype({"noemer": "float64", "waarde": "float64", "waarde_gemiddelde_swv": "float64"})


def by_code(frame: pd.DataFrame, code: str, categorie: str = "a") -> pd.Series:
    return frame[(frame["swv_code"] == code) & (frame["categorie"] == categorie)].iloc[0]


def test_primary_zero_stays_four_masked_five_published():
    # three unrelated cells (different SWVs, no totaal, no landelijk): only primary suppression applies
    df = mart([{"swv_code": "PO2401", "categorie": "a", "teller": 0},
               {"swv_code": "PO2402", "categorie": "a", "teller": 4},
               {"swv_code": "PO2403", "categorie": "a", "teller": 5}])
    out = suppress(df, threshold=5).frame
    zero, four, five = (by_code(out, c) for c in ("PO2401", "PO2402", "PO2403"))
    assert zero["teller"] == 0 and zero["waarde"] == 0 and not zero["gemaskeerd"] and zero["weergave"] == "0"
    assert np.isnan(four["teller"]) and np.isnan(four["waarde"]) and four["gemaskeerd"] and four["weergave"] == "<5"
    assert five["teller"] == 5 and not five["gemaskeerd"] and five["weergave"] == "5"


def test_threshold_is_configurable():
    df = mart([{"swv_code": "PO2403", "categorie": "a", "teller": 5}])
    out = suppress(df, threshold=10).frame
    assert out["gemaskeerd"].iloc[0] and out["weergave"].iloc[0] == "<10"
    # the masking models take the threshold from their config (dbt var mask_threshold); there is no fallback
    assert mask_threshold("7") == 7
    for missing in (None, ""):
        with pytest.raises(ValueError, match="mask_threshold"):
            mask_threshold(missing)
    with pytest.raises(ValueError, match="positive"):
        mask_threshold("0")


def test_threshold_moves_the_masking_boundary_and_its_label():
    # the same unrelated cells under three thresholds: a count n is masked exactly when 0 < n < threshold
    df = mart([{"swv_code": f"PO24{i:02d}", "categorie": "a", "teller": n} for i, n in enumerate((0, 2, 4, 5, 9, 10))])
    for threshold, masked in ((3, {2}), (5, {2, 4}), (10, {2, 4, 5, 9})):
        out = suppress(df, threshold=threshold).frame
        got = {int(t) for t, m in zip(df["teller"], out["gemaskeerd"], strict=True) if m}
        assert got == masked, threshold
        labels = set(out.loc[out["gemaskeerd"], "weergave"])
        assert labels == {f"<{threshold}"}, threshold
        assert out.loc[~out["gemaskeerd"], "teller"].tolist() == sorted(set(df["teller"]) - masked)


def test_rate_on_masked_teller_or_noemer_is_masked():
    df = mart([{"swv_code": "PO2401", "categorie": "a", "teller": 3, "noemer": 50},   # small teller
               {"swv_code": "PO2402", "categorie": "a", "teller": 0, "noemer": 3},    # small noemer
               {"swv_code": "PO2403", "categorie": "a", "teller": 10, "noemer": 40}])  # 25 %
    out = suppress(df, threshold=5).frame
    small_t, small_n, fine = (by_code(out, c) for c in ("PO2401", "PO2402", "PO2403"))
    assert np.isnan(small_t["teller"]) and small_t["noemer"] == 50 and np.isnan(small_t["waarde"])
    assert small_t["weergave"] == "gemaskeerd" and small_t["gemaskeerd"]
    assert small_n["teller"] == 0 and np.isnan(small_n["noemer"]) and np.isnan(small_n["waarde"])
    assert small_n["weergave"] == "gemaskeerd"
    assert fine["waarde"] == 25.0 and fine["weergave"] == "25,0" and not fine["gemaskeerd"]


def test_secondary_masks_smallest_sibling():
    # a=3 is masked; totaal = a+b+c would give it back, so the smallest other non-zero sibling (b=10) is masked:
    # an attacker then knows a+b = 33-20 = 13 with a in [1,4], b >= 1: a is not determined.
    df = mart([{"swv_code": "PO2401", "categorie": c, "teller": v}
               for c, v in (("a", 3), ("b", 10), ("c", 20), ("totaal", 33))])
    out = suppress(df, threshold=5).frame.set_index("categorie")
    assert out.loc["a", "gemaskeerd"] and out.loc["b", "gemaskeerd"]
    assert out.loc["a", "weergave"] == "<5" and out.loc["b", "weergave"] == "gemaskeerd"
    assert out.loc["c", "teller"] == 20 and out.loc["totaal", "teller"] == 33


def test_secondary_breaks_a_sum_that_pins_both_cells():
    # a=1 and b=1 both masked, but totaal - c = 11 - 9 = 2 with a, b >= 1 forces a = b = 1: c must be masked too
    df = mart([{"swv_code": "PO2401", "categorie": c, "teller": v}
               for c, v in (("a", 1), ("b", 1), ("c", 9), ("totaal", 11))])
    out = suppress(df, threshold=5).frame.set_index("categorie")
    assert list(out["gemaskeerd"]) == [True, True, True, False]
    assert out.loc["totaal", "teller"] == 11


@pytest.mark.parametrize("kind", ["pct", "count"])
def test_audit_finds_nothing_on_synthetic_marts(kind):
    m = mart_from_pupils(pupils(seed=2, n_swv=3, vest_per_swv=2, size=200), kind=kind)
    result = suppress(m, threshold=5)
    report = audit_published(m, result.frame, threshold=5)
    assert report.masked > 0 and report.relations > 0
    assert report.ok, (report.single_masked[:3], report.pinned[:3], report.primary_leaks[:3])
    # noemer shared by the siblings of a unit is masked everywhere or nowhere
    pct = result.frame
    if kind == "pct":
        shared = pct.groupby(["grain", "grain_code"])["noemer"].agg(lambda s: s.isna().nunique())
        assert (shared == 1).all()


def test_audit_detects_a_leak():
    m = mart_from_pupils(pupils(seed=2, n_swv=3, vest_per_swv=2, size=200), kind="count")
    published = suppress(m, threshold=5).frame
    # undo secondary suppression: publish every true value that is not a primary small count
    leaky = published.copy()
    secondary = leaky["teller"].isna() & (m["teller"] >= 5)
    leaky.loc[secondary, "teller"] = m.loc[secondary, "teller"]
    report = audit_published(m, leaky, threshold=5)
    assert not report.ok and (report.single_masked or report.pinned)


@pytest.mark.parametrize("kind", ["pct", "count"])
def test_masking_does_not_depend_on_row_order(kind):
    # DuckDB hands the mart to the pub_ model in any order; two nightly runs on the same input must publish the same
    # cells. Many equal small values make "the smallest cell" a tie, which is where order used to leak in.
    m = mart_from_pupils(pupils(seed=3, n_swv=4, vest_per_swv=3, size=150), kind=kind)
    reference = suppress(m, threshold=5).frame
    key = [c for c in m.columns if c not in ("teller", "noemer", "waarde", "waarde_gemiddelde_swv")]
    for seed in range(5):
        shuffled = m.sample(frac=1.0, random_state=seed).reset_index(drop=True)
        out = suppress(shuffled, threshold=5).frame
        # returned in the caller's order ...
        pd.testing.assert_frame_equal(out[key], shuffled[key], check_dtype=False)
        # ... with exactly the same cells masked and the same display
        merged = reference.merge(out, on=key, suffixes=("_ref", "_shuf"), validate="one_to_one")
        assert len(merged) == len(m)
        for col in ("teller", "noemer", "gemaskeerd", "weergave"):
            a, b = merged[f"{col}_ref"], merged[f"{col}_shuf"]
            assert ((a == b) | (a.isna() & b.isna())).all(), (seed, col)
    assert reference["gemaskeerd"].any() and not reference["gemaskeerd"].all()
