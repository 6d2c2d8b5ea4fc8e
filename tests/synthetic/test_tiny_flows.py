"""The tiny data set holds every pupil flow the flow indicators count, read back from its BRON files, so the
end-to-end tests exercise each of them (1 October snapshots compared pupil by pupil, t-1 -> t and t-3 -> t)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.support.raw_files import manifest, read_family

REGULIER = ["BRUGJAAR", "VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO", "PRO"]
LEVELS = ["VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO"]
ADVIES = {"10", "20", "21", "23", "24", "28", "29", "30", "31", "40", "50", "80", "90"}


@pytest.fixture(scope="module")
def oktober(tiny_clean: Path) -> dict[int, pl.DataFrame]:
    """The 1 October BRON snapshots of the tiny set by year."""
    bron = read_family(tiny_clean, "bron_inschrijvingen").filter(pl.col("PEILDATUM").str.ends_with("1001"))
    return {int(k[0][:4]): v for k, v in bron.partition_by("PEILDATUM", as_dict=True).items()}


@pytest.fixture(scope="module")
def pairs(oktober: dict[int, pl.DataFrame]) -> pl.DataFrame:
    """Every 1 October enrolment with the pupil's enrolment(s) one year later (null: not found), over all years."""
    cols = ["PERSOONSGEBONDEN_NUMMER", "ONDERWIJSSOORT", "LEERJAAR", "VESTIGINGSCODE", "VERBLIJFSJAAR"]
    years = sorted(oktober)
    return pl.concat([oktober[y - 1].select(cols).join(oktober[y].select(cols), on="PERSOONSGEBONDEN_NUMMER",
                                                        how="left", suffix="_T") for y in years[1:]])


def _n(p: pl.DataFrame, van: list[str] | str, naar: list[str] | str) -> int:
    van, naar = [van] if isinstance(van, str) else van, [naar] if isinstance(naar, str) else naar
    return p.filter(pl.col("ONDERWIJSSOORT").is_in(van) & pl.col("ONDERWIJSSOORT_T").is_in(naar)).height


def test_four_school_years(tiny_clean: Path, oktober: dict[int, pl.DataFrame]) -> None:
    assert manifest(tiny_clean)["school_years"] == ["2022-2023", "2023-2024", "2024-2025", "2025-2026"]
    assert sorted(oktober) == [2022, 2023, 2024, 2025]


def test_every_flow_between_onderwijssoorten(pairs: pl.DataFrame) -> None:
    flows = {
        "bao -> sbo": _n(pairs, "BAO", "SBO"), "bao -> so": _n(pairs, "BAO", "SO"),
        "bao -> vo": _n(pairs, "BAO", REGULIER), "sbo -> vo": _n(pairs, "SBO", REGULIER),
        "so -> vso": _n(pairs, "SO", "VSO"), "po -> vso": _n(pairs, ["BAO", "SBO"], "VSO"),
        "terugstroom sbo -> bao": _n(pairs, "SBO", "BAO"), "terugstroom so -> bao": _n(pairs, "SO", "BAO"),
        "terugstroom vso -> vo": _n(pairs, "VSO", REGULIER), "vo -> vso": _n(pairs, REGULIER, "VSO"),
        "vo -> mbo": _n(pairs, [*REGULIER, "VAVO"], "MBO"), "vo -> hbo": _n(pairs, [*REGULIER, "VAVO"], "HBO"),
        "vo -> wo": _n(pairs, [*REGULIER, "VAVO"], "WO"), "vso -> mbo": _n(pairs, "VSO", "MBO"),
    }
    assert all(flows.values()), {k: v for k, v in flows.items() if not v}


def test_moves_within_the_same_onderwijssoort(pairs: pl.DataFrame) -> None:
    for soort in ("BAO", "SBO", "SO", "VSO", "HAVO"):
        same = pairs.filter((pl.col("ONDERWIJSSOORT") == soort) & (pl.col("ONDERWIJSSOORT_T") == soort))
        assert (same["VESTIGINGSCODE"] != same["VESTIGINGSCODE_T"]).any(), f"{soort} -> {soort}, other vestiging"


def test_repeats_level_changes_and_leaving(pairs: pl.DataFrame, oktober: dict[int, pl.DataFrame]) -> None:
    vo = pairs.filter(pl.col("ONDERWIJSSOORT").is_in(LEVELS) & pl.col("ONDERWIJSSOORT_T").is_in(LEVELS))
    rank = {k: i for i, k in enumerate(LEVELS)}
    step = vo["ONDERWIJSSOORT_T"].replace_strict(rank) - vo["ONDERWIJSSOORT"].replace_strict(rank)
    assert (vo["LEERJAAR"] == vo["LEERJAAR_T"]).any(), "zittenblijver"
    assert (step < 0).any() and (step > 0).any(), "afstroom and opstroom"
    gone = pairs.filter(pl.col("ONDERWIJSSOORT_T").is_null())
    assert gone.filter(pl.col("ONDERWIJSSOORT") == "BAO").height > 0, "left the country from po"
    assert gone.filter(pl.col("ONDERWIJSSOORT").is_in(REGULIER)).height > 0, "left vo without vervolgonderwijs"
    # vo leerjaar 1 pupils who were in no school the year before: arrived from abroad
    years = sorted(oktober)
    new = sum(oktober[y].filter(pl.col("ONDERWIJSSOORT").is_in(REGULIER) & (pl.col("LEERJAAR") == "1"))
              .join(oktober[y - 1], on="PERSOONSGEBONDEN_NUMMER", how="anti").height for y in years[1:])
    assert new > 0


def test_t_min_3_to_t(oktober: dict[int, pl.DataFrame]) -> None:
    # schooladvies en plaatsing follows po pupils of t-3 to their place in vo (leerjaar 3 or vso) at t
    first, last = oktober[2022], oktober[2025]
    po = first.filter(pl.col("ONDERWIJSSOORT").is_in(["BAO", "SBO"]) & (pl.col("LEERJAAR") == "8"))
    at_t = po.select("PERSOONSGEBONDEN_NUMMER").join(last, on="PERSOONSGEBONDEN_NUMMER")
    assert (at_t["ONDERWIJSSOORT"].is_in(REGULIER) & (at_t["LEERJAAR"] == "3")).any()
    assert (at_t["ONDERWIJSSOORT"] == "VSO").any()


def test_advies_herzien_verblijfsjaar_and_niet_bekostigd(tiny_clean: Path) -> None:
    bron = read_family(tiny_clean, "bron_inschrijvingen")
    assert set(bron["ADVIES_VO"].drop_nulls()) == ADVIES
    herzien = bron.filter(pl.col("ADVIES_VO_HERZIEN").is_not_null())
    # the advies is revised after the doorstroomtoets (spring of groep 8): never on a po row, first seen in vo
    assert herzien.height > 0 and (herzien["SECTOR"] != "PO").all()
    wec = bron.filter(pl.col("ONDERWIJSSOORT").is_in(["SO", "VSO"]))
    assert wec["VERBLIJFSJAAR"].null_count() == 0 and set(wec["VERBLIJFSJAAR"]) >= {"1", "2", "3"}
    assert bron.filter(~pl.col("ONDERWIJSSOORT").is_in(["SO", "VSO"]))["VERBLIJFSJAAR"].null_count() == \
        bron.filter(~pl.col("ONDERWIJSSOORT").is_in(["SO", "VSO"])).height
    assert (bron.filter(pl.col("SECTOR") == "VO")["BEKOSTIGD"] == "N").any()
