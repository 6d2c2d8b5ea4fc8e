"""The pupils of the synthetic generator move as the movement parameters claim (demo-size population, four 1 October
snapshots compared pupil by pupil, the way the flow indicators compare them)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from dagster_project.synthetic.geography import make_geography
from dagster_project.synthetic.movement import MOVEMENT, NATIONAL_COHORT
from dagster_project.synthetic.population import make_population
from dagster_project.synthetic.scales import SCALES
from dagster_project.synthetic.schoolcalendar import NEVER, day, schoolyear_of
from dagster_project.synthetic.schools import make_schools
from dagster_project.synthetic.snapshot import enrolments
from dagster_project.synthetic.tlv import make_tlvs

YEARS = [2022, 2023, 2024, 2025]
REGULIER = ["BRUGJAAR", "VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO"]
LEVELS = ["VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO"]


@pytest.fixture(scope="module")
def world():
    sc = SCALES["demo"]
    r = [np.random.default_rng(s) for s in np.random.SeedSequence(11).spawn(4)]
    geo = make_geography(r[0], sc)
    schools = make_schools(r[1], geo, sc)
    pop = make_population(r[2], geo, schools, sc, YEARS)
    tlv = make_tlvs(r[3], pop, schools, geo)
    codes = schools.code.astype(str)
    snaps = {}
    for y in YEARS:
        e = enrolments(pop, schools, geo, tlv, day(y, 10, 1), y, feb=False)
        snaps[y] = e.with_columns(vestigingscode=pl.Series(codes[e["vest"].to_numpy()]))
    return pop, snaps


def _pairs(snaps: dict[int, pl.DataFrame], y: int) -> pl.DataFrame:
    """Every enrolment on 1 October y-1 with the pupil's enrolment on 1 October y (null columns: not found)."""
    cols = ["pupil", "onderwijssoort", "leerjaar", "verblijfsjaar", "vestigingscode", "bekostigd"]
    return snaps[y - 1].select(cols).join(snaps[y].select(cols), on="pupil", how="left", suffix="_t")


def _flow(p: pl.DataFrame, van: str, naar: str) -> pl.DataFrame:
    return p.filter((pl.col("onderwijssoort") == van) & (pl.col("onderwijssoort_t") == naar))


def test_zittenblijvers_in_vo(world) -> None:
    _, snaps = world
    for y in YEARS[1:]:
        p = _pairs(snaps, y).filter(pl.col("onderwijssoort").is_in(REGULIER)
                                    & pl.col("onderwijssoort_t").is_in(REGULIER))
        share = (p["leerjaar_t"] == p["leerjaar"]).mean()
        # a pupil repeats at each vo school year with probability 0.05 (one repeat at most), so ≈ 5 % of the
        # pupils staying in regular vo from one 1 October to the next are in the same leerjaar again
        assert 0.04 <= share <= 0.06, (y, share)
        assert (p["leerjaar_t"] >= p["leerjaar"]).all(), "no pupil goes back a leerjaar"


def test_op_en_afstroom_after_leerjaar_1(world) -> None:
    _, snaps = world
    rank = {k: i for i, k in enumerate(LEVELS)}
    for y in (2022, 2023):
        # pupils placed on a middle level in leerjaar 1 (no brugjaar) and in leerjaar 3 two years later (so they
        # did not repeat): the level change happens at the start of leerjaar 2 or 3, so all of it is seen by then
        start = snaps[y].filter((pl.col("leerjaar") == 1) & pl.col("onderwijssoort").is_in(LEVELS[1:4]))
        end = snaps[y + 2].filter((pl.col("leerjaar") == 3) & pl.col("onderwijssoort").is_in(LEVELS))
        j = start.select("pupil", "onderwijssoort").join(end.select("pupil", o3="onderwijssoort"), on="pupil")
        d = (j["o3"].replace_strict(rank, return_dtype=pl.Int32)
             - j["onderwijssoort"].replace_strict(rank, return_dtype=pl.Int32))
        assert j.height > 2_000
        assert abs((d == -1).mean() - MOVEMENT.afstroom_vo) <= 0.02  # 9 % one level down
        assert abs((d == 1).mean() - MOVEMENT.opstroom_vo) <= 0.02  # 5 % one level up
        assert d.abs().max() == 1, "one level at a time"


def test_entries_into_sbo_and_so_per_cohort(world) -> None:
    pop, _ = world
    sp = pop.seg["sp"]
    entered = (sp.start < NEVER) & (schoolyear_of(np.minimum(sp.start, NEVER - 1)) == 2024)
    age = (sp.start - pop.birth) / 365.25
    cohort = SCALES["demo"].cohort_size
    # OCW, per 178 k pupils a cohort: 7 k bo → sbo and 1.3 k direct into sbo; 3.5 k bo → so and 3 k direct into so.
    # A few entrants are lost to emigration and to entries planned after the end of po, hence the lower bounds.
    for kind, from_bo, direct, mean_age in (("SBO", 7_000, 1_300, 7.8), ("SO", 3_500, 3_000, 6.8)):
        m = entered & (pop.sp_kind == kind)
        assert 0.85 * from_bo / NATIONAL_COHORT <= (m & ~pop.from_start).sum() / cohort <= 1.1 * from_bo / NATIONAL_COHORT
        assert 0.85 * direct / NATIONAL_COHORT <= (m & pop.from_start).sum() / cohort <= 1.15 * direct / NATIONAL_COHORT
        assert abs(age[m].mean() - mean_age) < 0.25, (kind, age[m].mean())
        assert (pop.seg["bao1"].start[m & pop.from_start] == NEVER).all(), "direct entrants have no bao before"


def test_terugstroom_and_moves_within_special_education(world) -> None:
    _, snaps = world
    for y in YEARS[1:]:
        p = _pairs(snaps, y)
        n_sbo = p.filter(pl.col("onderwijssoort") == "SBO").height
        n_so = p.filter(pl.col("onderwijssoort") == "SO").height
        n_vso = p.filter(pl.col("onderwijssoort") == "VSO").height
        # 6 % of sbo pupils return to bao over a stay of ≈ 4 years: ≈ 1.5 % a year; so 4 % over ≈ 6 years
        assert 0.004 <= _flow(p, "SBO", "BAO").height / n_sbo <= 0.03
        assert 0.002 <= _flow(p, "SO", "BAO").height / n_so <= 0.02
        terug_vo = p.filter((pl.col("onderwijssoort") == "VSO") & pl.col("onderwijssoort_t").is_in(["PRO", "VMBO_B",
                                                                                                     "VMBO_K"]))
        assert 0.001 <= terug_vo.height / n_vso <= 0.02
        for soort, n in (("SBO", n_sbo), ("SO", n_so), ("VSO", n_vso)):
            same = _flow(p, soort, soort)
            moved = same.filter(pl.col("vestigingscode") != pl.col("vestigingscode_t")).height
            # 8-10 % of the pupils move once during a stay of 4-6 years: ≈ 1.5-2.5 % a year
            assert 0.003 <= moved / n <= 0.04, (soort, moved, n)
        vso = _flow(p, "VSO", "VSO")
        assert (vso["verblijfsjaar_t"] == vso["verblijfsjaar"] + 1).all(), "verblijfsjaar counts the years in vso"


def test_leaving_and_emigration(world) -> None:
    _, snaps = world
    for y in YEARS[1:]:
        p = _pairs(snaps, y)
        # bao pupils of groep 3-7 cannot leave for vo or mbo: the only exit is emigration, 0.4 % a year
        bao = p.filter((pl.col("onderwijssoort") == "BAO") & pl.col("leerjaar").is_between(3, 7))
        assert 0.002 <= bao["onderwijssoort_t"].is_null().mean() <= 0.006
        # vo pupils of leerjaar 1-2 (not at the end of vo either) leave only by emigration too
        vo = p.filter(pl.col("onderwijssoort").is_in(REGULIER) & (pl.col("leerjaar") <= 2))
        assert 0.002 <= vo["onderwijssoort_t"].is_null().mean() <= 0.006
        # from leerjaar 3 on some leave education without a diploma on top of that
        vo3 = p.filter(pl.col("onderwijssoort").is_in(REGULIER) & (pl.col("leerjaar") == 3))
        assert vo3["onderwijssoort_t"].is_null().mean() > vo["onderwijssoort_t"].is_null().mean()


def test_arrivals_from_abroad_start_later(world) -> None:
    pop, snaps = world
    arrived = pop.arrive >= 0
    # 0.5 % a year over 12 school years: ≈ 6 % of a cohort arrives from abroad
    assert 0.05 <= arrived[pop.birth < day(2012, 1, 1)].mean() <= 0.07
    lj1 = snaps[2025].filter((pl.col("leerjaar") == 1) & pl.col("onderwijssoort").is_in([*REGULIER, "PRO"]))
    before = pl.concat([snaps[2024].select("pupil")])
    new = lj1.join(before, on="pupil", how="anti")
    assert new.height > 0 and pop.arrive[new["pupil"].to_numpy()].min() >= 0, "not in any snapshot before: arrived"


def test_some_vo_enrolments_are_not_bekostigd(world) -> None:
    _, snaps = world
    vo = snaps[2025].filter(pl.col("sector") == "VO")
    assert abs((~vo["bekostigd"]).mean() - MOVEMENT.niet_bekostigd_vo) <= 0.0025  # 0.5 % of vo pupils


def test_advies_codes_and_herzien(world) -> None:
    _, snaps = world
    e = snaps[2025]
    assert set(e["advies"].drop_nulls()) == {"10", "20", "21", "23", "24", "28", "29", "30", "31", "40", "50", "80",
                                             "90"}
    order = ["10", "20", "21", "23", "24", "28", "29", "30", "31", "40"]
    lj1 = e.filter((pl.col("sector") == "VO") & (pl.col("leerjaar") == 1) & pl.col("advies").is_in(order[:-1]))
    # 8 % of the pupils with a level advies below vwo get a revised advies, one step up in advies order
    assert abs(lj1["advies_herzien"].is_not_null().mean() - MOVEMENT.advies_herzien) <= 0.015
    h = lj1.filter(pl.col("advies_herzien").is_not_null())
    step = h["advies_herzien"].replace_strict({c: i for i, c in enumerate(order)}, return_dtype=pl.Int32) \
        - h["advies"].replace_strict({c: i for i, c in enumerate(order)}, return_dtype=pl.Int32)
    assert (step == 1).all()
    # vso pupils from po carry the vso advies (or geen advies mogelijk) on their first vso row
    vso1 = pl.concat(list(snaps.values())).filter((pl.col("onderwijssoort") == "VSO") & (pl.col("verblijfsjaar") == 1))
    assert set(vso1["advies"].drop_nulls()) == {"50", "80"}
    assert abs((vso1["advies"] == "80").sum() / vso1["advies"].is_not_null().sum()
               - MOVEMENT.advies_vso_geen_mogelijk) <= 0.08


def test_verblijfsjaar_only_in_so_and_vso(world) -> None:
    _, snaps = world
    e = snaps[2025]
    wec = e["onderwijssoort"].is_in(["SO", "VSO"])
    assert e.filter(wec)["verblijfsjaar"].min() >= 1 and e.filter(wec)["verblijfsjaar"].null_count() == 0
    assert e.filter(~wec)["verblijfsjaar"].null_count() == e.filter(~wec).height


def test_demo_and_national_have_enough_school_years() -> None:
    # indicators compare up to t-3: four school years at least
    assert SCALES["demo"].n_years >= 4
    assert SCALES["national"].n_years >= 4
    assert SCALES["tiny"].n_years >= 4
