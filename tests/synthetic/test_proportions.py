"""National proportions of the synthetic generator hold in the population model (demo-size population, 1 October)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from dagster_project.synthetic.geography import make_geography
from dagster_project.synthetic.population import make_population
from dagster_project.synthetic.scales import SCALES
from dagster_project.synthetic.schoolcalendar import NEVER, day, schoolyear_of
from dagster_project.synthetic.schools import make_schools
from dagster_project.synthetic.snapshot import enrolments
from dagster_project.synthetic.tlv import make_tlvs

YEARS = [2022, 2023, 2024, 2025]


@pytest.fixture(scope="module")
def world():
    sc = SCALES["demo"]
    seeds = np.random.SeedSequence(11).spawn(4)
    r = [np.random.default_rng(s) for s in seeds]
    geo = make_geography(r[0], sc)
    schools = make_schools(r[1], geo, sc)
    pop = make_population(r[2], geo, schools, sc, YEARS)
    tlv = make_tlvs(r[3], pop, schools, geo)
    e = enrolments(pop, schools, geo, tlv, day(2025, 10, 1), 2025, feb=False)
    return pop, e


def test_shares_on_1_october(world) -> None:
    _, e = world
    n = dict(e.group_by("onderwijssoort").len().iter_rows())
    bao_sbo = n["BAO"] + n["SBO"]
    vo_excl_vso = sum(n[k] for k in ("BRUGJAAR", "VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO", "PRO", "VAVO"))
    # national figures per 1 October: 35.7k sbo and 32k so per 1.44M bao+sbo; 29k pro and 38k vso per ~950k vo
    assert 2.3 <= 100 * n["SBO"] / bao_sbo <= 2.7
    assert 2.0 <= 100 * n["SO"] / bao_sbo <= 2.5
    assert 2.8 <= 100 * n["PRO"] / vo_excl_vso <= 3.4
    assert 3.5 <= 100 * n["VSO"] / vo_excl_vso <= 4.5


def test_so_clusters(world) -> None:
    _, e = world
    so = e.filter(pl.col("onderwijssoort") == "SO")
    share = so.group_by(pl.col("soort_onderwijs").str.slice(0, 1).alias("cluster")).len().with_columns(
        pct=100 * pl.col("len") / so.height)
    pct = dict(zip(share["cluster"], share["pct"], strict=True))
    # ≈ 50 % cluster 3, 33 % cluster 4, 17 % cluster 2 (cluster 1, visueel, is small)
    assert abs(pct["3"] - 50) <= 3
    assert abs(pct["4"] - 33) <= 3
    assert abs(pct["2"] + pct.get("1", 0) - 17) <= 3


def test_entry_ages_and_yearly_flows(world) -> None:
    pop, _ = world
    sp = pop.seg["sp"]
    entered = (sp.start < NEVER) & (schoolyear_of(np.minimum(sp.start, NEVER - 1)) == 2024)
    age = (sp.start - pop.birth) / 365.25
    sbo = entered & (pop.sp_kind == "SBO")
    so = entered & (pop.sp_kind == "SO")
    assert abs(age[sbo].mean() - 7.8) < 0.4
    assert abs(age[so].mean() - 6.8) < 0.5
    # national: ≈ 7k bo→sbo and 3.5k bo→so a year for ≈ 178k pupils per cohort
    cohort = SCALES["demo"].cohort_size
    from_bao = so & (pop.seg["bao1"].start < NEVER)
    assert 0.030 <= sbo.sum() / cohort <= 0.050
    assert 0.014 <= from_bao.sum() / cohort <= 0.026
