"""Real public DUO open data and the official regio-indeling: ingest them and rebuild leerlingen binnen swv-regio.

Runs only when ../shared/realdata exists (skips cleanly otherwise). Expected totals come from SOURCE.md and from an
independent count of the CSV files with the csv module (no polars, no DuckDB, no ingest code).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections import Counter
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dagster_project.dbt_runner import run_dbt
from dagster_project.ingest import ingest_family
from dagster_project.settings import REPO_ROOT, Settings

REALDATA = Path(REPO_ROOT).parent / "shared" / "realdata"
DUO = REALDATA / "ginberg-cito-duo"
REGIO = REALDATA / "regio-indeling-swv"
PO_FILE = "gemiddelde-afstand-tussen-woonadres-leerling-en-schoolvestiging-2019-2020.csv"
VO_FILE = "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
FILES = {
    PO_FILE: ("opendata_po_vestigingen", 7301), VO_FILE: ("opendata_vo_vestigingen_onderwijstype", 24243),
    "alle-vestigingen-bo.csv": ("opendata_vestigingen", 6268), "alle-vestigingen-vo.csv": ("opendata_vestigingen", 1619),
    "vsv-per-swv-2015.csv": ("opendata_vsv_swv", 1270),
    "pc4_gemeente_swv_regeling_2015-04-23.csv": ("ref_regio_indeling", 4046),
}
# SOURCE.md: SOORT_PO Bo 1,396,457; Sbo 35,733; So 32,069; Vso 37,753 pupils; vo total 956,857 incl. 6,418
# VAVO-uitbesteed; pro 29,315; vsv file aantal_leerlingen 949,874.
SOURCE_TOTALS = {"bao": 1_396_457, "sbo": 35_733, "so": 32_069, "vso": 37_753}
VO_TOTAL, VAVO_TOTAL, PRO_TOTAL, VSV_TOTAL = 956_857, 6_418, 29_315, 949_874

# one worker lands the real files and builds their marts (module scope), not every worker that runs one of the tests
pytestmark = [pytest.mark.realdata, pytest.mark.xdist_group("realdata"),
              pytest.mark.skipif(not DUO.is_dir() or not REGIO.is_dir(), reason="../shared/realdata is absent")]


def _rows(path: Path, encoding: str = "cp1252") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


@functools.cache
def independent_counts() -> dict[tuple[str, str, str | None], int]:
    """(sector, categorie, swv or None) -> pupils, computed from the CSVs with the csv module only.

    A vo vestiging listed in vsv-per-swv-2015.csv belongs to the SWV of that list (school level, incl. VO0001);
    every other vestiging to the SWV of the region holding its PC4.
    """
    regio = {r["PC4"].zfill(4): r for r in _rows(REGIO / "pc4_gemeente_swv_regeling_2015-04-23.csv", "utf-8")}
    schoollijst = school_level_swv()

    def swv(pc4: str | None, sector: str) -> str | None:
        code = regio.get(pc4, {}).get("PO_SWV" if sector == "po" else "VO_SWV", "") if pc4 else ""
        return code if code[:2] in ("PO", "VO") and code[2:].isdigit() else None

    counts: Counter = Counter()
    for r in _rows(DUO / PO_FILE):
        soort = r["SOORT_PO"].lower()
        cat, sector = ("bao" if soort == "bo" else soort), ("vo" if soort == "vso" else "po")
        counts[(sector, cat, swv(r["POSTCODE_VESTIGING"].replace(" ", "")[:4], sector))] += int(r["LEERLINGEN"])
    postcode = {r["VESTIGINGSNUMMER"].strip(): r["POSTCODE"].replace(" ", "")[:4]
                for r in _rows(DUO / "alle-vestigingen-vo.csv")}
    for r in _rows(DUO / VO_FILE):
        n = sum(int(v) for k, v in r.items() if k.startswith("LEER- OF VERBLIJFSJAAR"))
        typ = r["ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR"].lower()
        cat = "pro" if typ.startswith("praktijkonderwijs") else "vavo" if "vavo" in typ else "vmbo_havo_vwo"
        code = r["BRIN NUMMER"] + r["VESTIGINGSNUMMER"]
        counts[("vo", cat, schoollijst.get(code) or swv(postcode.get(code), "vo"))] += n
    return dict(counts)


@functools.cache
def school_level_swv() -> dict[str, str]:
    """vestigingscode -> vo SWV of vsv-per-swv-2015.csv (csv module only)."""
    return {r["brin_nummer"].strip() + r["vestigings_nummer"].strip().zfill(2): r["SAMENWERKINGSVERBAND_NUMMER"].strip()
            for r in _rows(DUO / "vsv-per-swv-2015.csv")}


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict]:
    root = tmp_path_factory.mktemp("realdata")
    settings = Settings(raw_dir=root / "raw", warehouse_dir=root / "warehouse")
    settings.raw_dir.mkdir()
    for name in FILES:
        src = DUO / name if (DUO / name).exists() else REGIO / name
        (settings.raw_dir / name).symlink_to(src)
    results = {fam: ingest_family(fam, settings, warn_unrecognised=False) for fam, _ in set(FILES.values())}
    return settings, results


def test_source_md_totals_agree_with_an_independent_count() -> None:
    counts = independent_counts()
    per_cat = Counter()
    for (_, cat, _), n in counts.items():
        per_cat[cat] += n
    assert {c: per_cat[c] for c in SOURCE_TOTALS} == SOURCE_TOTALS
    assert per_cat["pro"] == PRO_TOTAL and per_cat["vavo"] == VAVO_TOTAL
    assert per_cat["pro"] + per_cat["vavo"] + per_cat["vmbo_havo_vwo"] == VO_TOTAL


def test_every_real_file_lands_completely(real) -> None:
    settings, results = real
    assert all(not r.files_refused and r.rows_quarantined == 0 for r in results.values())
    m = pl.read_parquet(settings.landing_dir / "_manifest.parquet")
    got = dict(zip(m["path"].to_list(), m["rows_loaded"].to_list(), strict=True))
    assert got == {name: rows for name, (_, rows) in FILES.items()}
    enc = dict(zip(m["path"].to_list(), m["encoding"].to_list(), strict=True))
    assert enc[PO_FILE] == "cp1252" and enc["alle-vestigingen-bo.csv"] == "cp1252"
    assert pl.read_parquet(settings.landing_dir / "_unrecognised.parquet").height == 0


def test_real_values_are_typed_and_normalised(real) -> None:
    settings, _ = real
    po = pl.read_parquet(settings.landing_dir / "opendata_po_vestigingen" / "*.parquet")
    first = po.filter(pl.col("_source_row") == 2).row(0, named=True)
    # line 2: 20191001;00AO;00;VSO ZMOK De Bolster;7383BH;VOORST GEM VOORST;285;Voorst;...;Vso;...;9562,58992805755;139
    assert (first["peildatum"], first["brin"], first["vestigingsnummer"], first["gemeentecode"], first["soort_po"],
            first["aantal_leerlingen"]) == (dt.date(2019, 10, 1), "00AO", "00", "0285", "VSO", 139)
    assert first["gemiddelde_afstand_m"] == pytest.approx(9562.58992805755)
    assert po["aantal_leerlingen"].sum() == sum(SOURCE_TOTALS.values())
    bo = pl.read_parquet(settings.landing_dir / "opendata_vestigingen" / "alle-vestigingen-bo.parquet")
    assert bo["bestand_variant"].unique().to_list() == ["bo"]
    assert bo.filter(pl.col("vestigingsnaam").str.contains("’")).height > 0  # cp1252 0x92 decoded
    assert bo["vestigingscode"].str.len_chars().unique().to_list() == [6]
    regio = pl.read_parquet(settings.landing_dir / "ref_regio_indeling" / "*.parquet")
    assert regio.filter(pl.col("pc4").is_in(["3197", "3198", "3199"]))["po_swv_code"].to_list() == ["Europoort"] * 3
    assert not regio["vo_swv_code"].str.contains("\r").any()  # CRLF line endings
    assert regio["bestand_datum"].unique().to_list() == [dt.date(2015, 4, 23)]
    vsv = pl.read_parquet(settings.landing_dir / "opendata_vsv_swv" / "*.parquet")
    assert vsv["aantal_leerlingen"].sum() == VSV_TOTAL


@pytest.fixture(scope="module")
def warehouse(real, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    settings, _ = real
    run_dbt(["build", "--quiet", "--select", "+mart_opendata_leerlingen_regio",
             "+mart_opendata_vestigingen_zonder_swv", "stg_opendata_vsv_swv"], settings,
            target_path=tmp_path_factory.mktemp("dbt_target"))
    con = duckdb.connect(str(settings.build_db), read_only=True)
    yield con
    con.close()


def test_mart_matches_an_independent_recount_per_swv(warehouse) -> None:
    expected = {k: v for k, v in independent_counts().items() if k[2] is not None}
    got = {(s, c, w): int(t) for s, c, w, t in warehouse.sql(
        "select sector, categorie, swv_code, teller from marts.mart_opendata_leerlingen_regio "
        "where indicator = 'aantal_leerlingen' and grain = 'swv' and categorie <> 'totaal' and teller > 0").fetchall()}
    assert got == expected
    n_swv = dict(warehouse.sql("select sector, count(distinct swv_code) from marts.mart_opendata_leerlingen_regio "
                               "where grain = 'swv' group by 1").fetchall())
    # SOURCE.md: 76 regional po and 74 regional vo SWVs; vo also the national reformatorische VO0001 (school list)
    assert n_swv == {"po": 76, "vo": 75}


def test_national_sums_equal_file_totals_minus_vestigingen_without_swv(warehouse) -> None:
    landelijk = dict(warehouse.sql(
        "select categorie, teller from marts.mart_opendata_leerlingen_regio "
        "where indicator = 'aantal_leerlingen' and grain = 'landelijk'").fetchall())
    zonder = dict(warehouse.sql("select categorie, sum(aantal_leerlingen) from marts.mart_opendata_vestigingen_zonder_swv "
                                "group by 1").fetchall())
    file_totals = {**SOURCE_TOTALS, "pro": PRO_TOTAL, "vavo": VAVO_TOTAL,
                   "vmbo_havo_vwo": VO_TOTAL - PRO_TOTAL - VAVO_TOTAL}
    for cat, total in file_totals.items():
        assert landelijk[cat] + zonder.get(cat, 0) == total, cat
    independent_zonder = Counter()
    for (_, cat, swv), n in independent_counts().items():
        if swv is None:
            independent_zonder[cat] += n
    assert {c: int(n) for c, n in zonder.items()} == dict(independent_zonder)
    totals = dict(warehouse.sql(
        "select sector, teller from marts.mart_opendata_leerlingen_regio "
        "where indicator = 'aantal_leerlingen' and grain = 'landelijk' and categorie = 'totaal'").fetchall())
    assert totals["po"] == landelijk["bao"] + landelijk["sbo"] + landelijk["so"]
    assert totals["vo"] == landelijk["vmbo_havo_vwo"] + landelijk["vavo"] + landelijk["pro"] + landelijk["vso"]


def test_school_level_swv_list_places_vo_vestigingen(warehouse) -> None:
    # vsv-per-swv-2015.csv codes 25 vestigingen of the 2019 vo file VO0001 (40 vestiging x categorie rows:
    # vmbo_havo_vwo, pro, vavo), 20,718 pupils; their PC4s lie in regional SWVs, where the region alone counted them.
    # 11 vo vestigingen (3,241 pupils) have no regional SWV by PC4; the list places 8 of them (2,889 pupils), so 3
    # (352 pupils) stay without SWV. Numbers from an independent count with the csv module (below) and checked by hand
    # against the files (grep of VO0001 in vsv-per-swv-2015.csv).
    lijst = school_level_swv()
    vo0001 = warehouse.sql(
        "select count(distinct vestigingscode), count(*), sum(aantal_leerlingen), "
        "count(*) filter (where regio_swv is not null) from marts.mart_opendata_vestigingen_regio "
        "where swv_code = 'VO0001'").fetchone()
    assert vo0001 == (25, 40, 20_718, 40)
    assert sum(1 for v in lijst.values() if v == "VO0001") == 26  # one listed VO0001 vestiging has no 2019 pupils
    bepaling = dict(warehouse.sql(
        "select swv_bepaling, count(distinct vestigingscode) from marts.mart_opendata_vestigingen_regio "
        "where categorie in ('vmbo_havo_vwo', 'vavo', 'pro') group by 1").fetchall())
    # 1,450 vo vestigingen: 1,156 in the list, 291 placed by PC4, 3 without SWV
    assert bepaling == {"schoollijst": 1_156, "pc4_regio": 291, None: 3}
    zonder = warehouse.sql(
        "select count(distinct vestigingscode), sum(aantal_leerlingen) from marts.mart_opendata_vestigingen_zonder_swv "
        "where categorie in ('vmbo_havo_vwo', 'vavo', 'pro')").fetchone()
    assert zonder == (3, 3_241 - 2_889)
    # VO0001 is an SWV of the mart, with its pupils in aantal_leerlingen and deelnamepercentage
    expected = sum(n for (s, _, w), n in independent_counts().items() if s == "vo" and w == "VO0001")
    assert expected == 20_718
    got = warehouse.sql("select teller from marts.mart_opendata_leerlingen_regio where indicator = 'aantal_leerlingen' "
                        "and grain_code = 'VO0001' and categorie = 'totaal'").fetchone()
    assert got == (20_718,)


def test_deelnamepercentage_follows_the_dpo_manual(warehouse) -> None:
    # DPO manual 5.1.2, national figures from the file totals (SOURCE.md), by hand:
    #   po noemer = bao + sbo = 1,396,457 + 35,733 = 1,432,190 (so is not in the noemer)
    #   sbo = 35,733 / 1,432,190 = 2.49499 % -> 2.49 %;  so = 32,069 / 1,432,190 = 2.23916 % -> 2.24 %
    #   vo: vmbo_havo_vwo = 956,857 - 29,315 pro - 6,418 vavo = 921,124; noemer = 921,124 + 29,315 + 6,418 / 2
    #       = 953,648 (vso not in the noemer, VAVO at one half); pro = 29,315 / 953,648 = 3.07399 % -> 3.07 %
    #   (OCW's reading gave sbo 35,733 / 1,464,259 = 2.44 % and so 2.19 %.)
    landelijk = {(s, c): (t, n, w) for s, c, t, n, w in warehouse.sql(
        "select sector, categorie, teller, noemer, waarde from marts.mart_opendata_leerlingen_regio "
        "where indicator = 'deelnamepercentage' and grain = 'landelijk'").fetchall()}
    assert set(landelijk) == {("po", "sbo"), ("po", "so"), ("vo", "pro"), ("vo", "vso")}
    # The national figure counts every vestiging: the landelijk row (Σ over the SWVs) plus the vestigingen without
    # SWV (mart_opendata_vestigingen_zonder_swv) gives exactly the file totals, hence the DPO figures above.
    zonder = dict(warehouse.sql("select categorie, sum(aantal_leerlingen) from marts.mart_opendata_vestigingen_zonder_swv "
                                "group by 1").fetchall())
    po_noemer = landelijk[("po", "sbo")][1] + zonder.get("bao", 0) + zonder.get("sbo", 0)
    vo_noemer = landelijk[("vo", "pro")][1] + zonder.get("vmbo_havo_vwo", 0) + zonder.get("pro", 0) \
        + zonder.get("vavo", 0) / 2
    assert (po_noemer, vo_noemer) == (1_432_190, 953_648)
    nationaal = {
        "sbo": 100 * (landelijk[("po", "sbo")][0] + zonder.get("sbo", 0)) / po_noemer,
        "so": 100 * (landelijk[("po", "so")][0] + zonder.get("so", 0)) / po_noemer,
        "pro": 100 * (landelijk[("vo", "pro")][0] + zonder.get("pro", 0)) / vo_noemer,
    }
    assert {c: round(w, 2) for c, w in nationaal.items()} == {"sbo": 2.49, "so": 2.24, "pro": 3.07}
    # the pooled landelijk row leaves out the pupils of vestigingen without SWV (sbo 2.4953 %), so it
    # stays within 0.01 percentage point of the national figure
    assert landelijk[("po", "sbo")][2] == pytest.approx(2.49499, abs=0.01)
    assert landelijk[("po", "so")][2] == pytest.approx(2.23916, abs=0.01)
    assert landelijk[("vo", "pro")][2] == pytest.approx(3.07399, abs=0.01)
    # per SWV: noemer = bao + sbo, or vmbo_havo_vwo + pro + vavo / 2, of the same SWV in aantal_leerlingen
    aantal = {(s, g, c): t for s, g, c, t in warehouse.sql(
        "select sector, grain_code, categorie, teller from marts.mart_opendata_leerlingen_regio "
        "where indicator = 'aantal_leerlingen'").fetchall()}
    rows = warehouse.sql(
        "select sector, grain_code, categorie, teller, noemer, waarde from marts.mart_opendata_leerlingen_regio "
        "where indicator = 'deelnamepercentage' and grain = 'swv'").fetchall()
    per_swv = Counter()
    for sector, swv, cat, teller, noemer, waarde in rows:
        per_swv[(sector, swv)] += 1
        if sector == "po":
            assert noemer == aantal[("po", swv, "bao")] + aantal[("po", swv, "sbo")]
        else:
            assert noemer == aantal[("vo", swv, "vmbo_havo_vwo")] + aantal[("vo", swv, "pro")] \
                + aantal[("vo", swv, "vavo")] / 2
        assert teller == aantal[(sector, swv, cat)]
        assert waarde == pytest.approx(100 * teller / noemer)
    # every rate categorie for every SWV (2 per SWV), also with teller 0 (VO0001 has no vso binnen_regio)
    assert set(per_swv.values()) == {2} and len(per_swv) == 76 + 75
    assert aantal[("vo", "VO0001", "vso")] == 0
    # the DPO benchmark beside the pooled figure: the mean of the SWV values
    mean = warehouse.sql(
        "select waarde_gemiddelde_swv from marts.mart_opendata_leerlingen_regio "
        "where indicator = 'deelnamepercentage' and grain = 'landelijk' and categorie = 'sbo'").fetchone()[0]
    sbo_values = [w for s, _, c, _, _, w in rows if s == "po" and c == "sbo"]
    assert mean == pytest.approx(sum(sbo_values) / len(sbo_values))
