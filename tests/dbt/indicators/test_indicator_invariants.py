"""Invariants of the indicator marts on a tiny synthetic warehouse: cubes, grains and categories add up, and the
counts agree with a recount of int_leerling_teldatum in Python."""

from __future__ import annotations

from collections import defaultdict

import pytest

AANTAL_FILTERS = ("zorgcategorie", "leeftijdsgroep", "residentieel", "onderwijssoort", "leerweg", "lwoo")
KEYS = ("sector", "schooljaar", "peildatum", "populatie", "grain", "grain_code", "swv_code", "categorie")
NULL_SAFE = " and ".join(f"a.{k} is not distinct from p.{k}" for k in KEYS)


def fetch(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


@pytest.mark.parametrize("mart, filters, applies_to", [
    ("mart_aantal_leerlingen", AANTAL_FILTERS, {
        "zorgcategorie": ("so", "vso"), "leeftijdsgroep": ("bao", "sbo", "so"), "residentieel": ("so", "vso"),
        "onderwijssoort": ("vmbo_havo_vwo",), "lwoo": ("vmbo_havo_vwo",)}),
    ("mart_peildatum_1_februari", ("zorgcategorie", "leeftijdsgroep"), {"zorgcategorie": ("so", "vso"),
                                                                        "leeftijdsgroep": ("so",)}),
])
def test_filter_values_add_up_to_all(tiny_indicators, mart, filters, applies_to):
    """For every filter that applies to a categorie, its values add up to the "all" row of the same cell.

    Grensverkeer (swv_ander) rows are published without filter cells, so they have only the "all" row.
    """
    con = tiny_indicators
    for f, categories in applies_to.items():
        others = " and ".join(f"{o} is null" for o in filters if o != f)
        cats = ", ".join(f"'{c}'" for c in categories)
        base = f"select * from marts.{mart} where {others} and categorie in ({cats}) and grain <> 'swv_ander'"
        wrong = fetch(con, f"""
            with b as ({base}),
            a as (select * from b where {f} is null),
            p as (select {', '.join(KEYS)}, sum(teller) as teller from b where {f} is not null group by all)
            select a.categorie, a.grain, a.swv_code, a.teller, p.teller
            from a left join p on {NULL_SAFE}
            where abs(a.teller - coalesce(p.teller, 0)) > 1e-9""")
        assert wrong == [], (mart, f, wrong[:5])


def test_leerweg_values_add_up_to_vmbo(tiny_indicators):
    """leerweg splits the vmbo pupils of vmbo_havo_vwo exactly."""
    others = " and ".join(f"{o} is null" for o in AANTAL_FILTERS if o not in ("onderwijssoort", "leerweg"))
    wrong = fetch(tiny_indicators, f"""
        with b as (select * from marts.mart_aantal_leerlingen where {others}),
        a as (select * from b where onderwijssoort = 'vmbo' and leerweg is null),
        p as (select {', '.join(KEYS)}, sum(teller) as teller from b
              where onderwijssoort is null and leerweg is not null group by all)
        select a.grain, a.swv_code, a.teller, p.teller from a left join p on {NULL_SAFE}
        where abs(a.teller - coalesce(p.teller, 0)) > 1e-9""")
    assert wrong == []


@pytest.mark.parametrize("mart, filters, grain", [
    ("mart_aantal_leerlingen", AANTAL_FILTERS, "vestiging"),
    ("mart_aantal_leerlingen", AANTAL_FILTERS, "swv_ander"),
    ("mart_peildatum_1_februari", ("zorgcategorie", "leeftijdsgroep"), "vestiging"),
    ("mart_peildatum_1_februari", ("zorgcategorie", "leeftijdsgroep"), "swv_ander"),
    ("mart_gewichtenleerlingen", (), "vestiging"),
    ("mart_apc_leerlingen", (), "vestiging"),
])
def test_grain_rows_add_up_to_swv(tiny_indicators, mart, filters, grain):
    """The vestiging rows and the swv_ander rows of a SWV add up to its swv row (teller, and noemer where additive)."""
    cols = ("sector", "schooljaar", "peildatum", "populatie", "swv_code", "categorie", *filters)
    on = " and ".join(f"s.{k} is not distinct from g.{k}" for k in cols)
    wrong = fetch(tiny_indicators, f"""
        with s as (select * from marts.{mart} where grain = 'swv'),
        g as (select {', '.join(cols)}, sum(teller) as teller, sum(noemer) as noemer
              from marts.{mart} where grain = '{grain}' group by all)
        select s.categorie, s.swv_code, s.teller, g.teller, s.noemer, g.noemer
        from g inner join s on {on}
        where abs(s.teller - g.teller) > 1e-9 or abs(coalesce(s.noemer, 0) - coalesce(g.noemer, 0)) > 1e-9""")
    assert wrong == [], wrong[:5]
    if grain == "swv_ander" or mart != "mart_peildatum_1_februari":
        n = fetch(tiny_indicators, f"select count(*) from marts.{mart} where grain = '{grain}'")[0][0]
        assert n > 0, f"{mart} has no {grain} rows"


@pytest.mark.parametrize("mart, noemer_adds_up", [
    ("mart_gewichtenleerlingen", False), ("mart_apc_leerlingen", True), ("mart_cluster_1_2", False),
    ("mart_leerlingprognose", True),
])
def test_totaal_is_sum_of_categories(tiny_indicators, mart, noemer_adds_up):
    extra = ", jaar, soort" if mart == "mart_leerlingprognose" else ""
    keys = f"sector, schooljaar, peildatum, grain, grain_code, swv_code{extra}"
    noemer_check = "or abs(t.noemer - d.noemer) > 1e-9" if noemer_adds_up else ""
    wrong = fetch(tiny_indicators, f"""
        with t as (select * from marts.{mart} where categorie = 'totaal'),
        d as (select {keys}, sum(teller) as teller, sum(noemer) as noemer, count(*) as n
              from marts.{mart} where categorie <> 'totaal' group by all)
        select t.grain, t.swv_code, t.teller, d.teller from t inner join d using ({keys})
        where abs(t.teller - d.teller) > 1e-9 {noemer_check}""")
    assert wrong == [], wrong[:5]


def test_deelname_noemer_is_regular_pupils_of_aantal(tiny_indicators):
    """The deelname noemer equals bao + sbo (po) or vmbo_havo_vwo + pro (vo) of mart_aantal_leerlingen."""
    nulls = " and ".join(f"{f} is null" for f in AANTAL_FILTERS)
    wrong = fetch(tiny_indicators, f"""
        with a as (
            select sector, schooljaar, swv_code, sum(teller) as regulier from marts.mart_aantal_leerlingen
            where grain = 'swv' and {nulls} and categorie in ('bao', 'sbo', 'vmbo_havo_vwo', 'pro') group by all),
        d as (select distinct sector, schooljaar, swv_code, noemer from marts.mart_deelnamepercentage
              where grain = 'swv')
        select * from d left join a using (sector, schooljaar, swv_code)
        where abs(d.noemer - coalesce(a.regulier, 0)) > 1e-9""")
    assert wrong == [], wrong[:5]


def test_aantal_leerlingen_matches_python_recount(tiny_indicators):
    """SWV counts recomputed row by row in Python from int_leerling_teldatum (cluster 1/2 left out of (v)so)."""
    con = tiny_indicators
    cluster12 = {b for (b,) in fetch(con, "select brin from staging.stg_ref_cluster12")}
    expected: dict[tuple, float] = defaultdict(float)
    for (schooljaar, ot, gewicht, swv_vest, swv_bek, swv_regio, brin, cluster) in fetch(con, """
            select schooljaar, onderwijstype, telgewicht, swv_vestiging, swv_bekostigd, swv_regio, brin, cluster
            from intermediate.int_leerling_teldatum where peildatum_type = '1 oktober'"""):
        if ot in ("so", "vso"):
            if cluster in (1, 2) or brin in cluster12:
                continue
            if swv_bek:
                expected[(schooljaar, swv_bek, ot, "bekostigd")] += gewicht
            if swv_regio:
                expected[(schooljaar, swv_regio, ot, "binnen_regio")] += gewicht
        elif swv_vest:
            expected[(schooljaar, swv_vest, ot, None)] += gewicht
    nulls = " and ".join(f"{f} is null" for f in AANTAL_FILTERS)
    actual = {(j, s, c, p): t for j, s, c, p, t in fetch(con, f"""
        select schooljaar, swv_code, categorie, populatie, teller from marts.mart_aantal_leerlingen
        where grain = 'swv' and {nulls}""")}
    assert actual == pytest.approx(dict(expected))
    assert len(actual) > 10


def test_prognose_basis_year_is_zero_and_horizon_is_15_years(tiny_indicators):
    rows = fetch(tiny_indicators, """
        select min(jaar) filter (where soort = 'prognose') - max(year(peildatum)),
               max(jaar) - max(year(peildatum)),
               count(*) filter (where soort = 'telling' and jaar = year(peildatum) and abs(waarde) > 1e-9)
        from marts.mart_leerlingprognose""")
    assert rows == [(1, 15, 0)]


def test_cluster_1_2_noemer_is_the_deelname_noemer(tiny_indicators):
    """Cluster 1 en 2 divides by the same noemer as the other deelnamepercentages (bao + sbo, vmbo_havo_vwo + pro of
    the SWV's vestigingen), for every SWV except the national reformatorische ones, which have no cluster rows."""
    pairs = fetch(tiny_indicators, """
        with d as (select distinct sector, schooljaar, swv_code, noemer from marts.mart_deelnamepercentage
                   where grain in ('swv', 'landelijk')),
        c as (select distinct sector, schooljaar, swv_code, noemer from marts.mart_cluster_1_2
              where grain in ('swv', 'landelijk'))
        select d.sector, d.schooljaar, d.swv_code, d.noemer, c.noemer
        from d full join c on d.sector = c.sector and d.schooljaar = c.schooljaar
            and d.swv_code is not distinct from c.swv_code""")
    assert pairs
    swv = [p for p in pairs if p[2] is not None]
    assert [p for p in swv if p[2] not in ("PO0001", "VO0001") and p[3] != p[4]] == []
    assert {p[2] for p in swv if p[4] is None} <= {"PO0001", "VO0001"}
    # landelijk: the deelname noemer minus the reformatorische SWVs' pupils
    refo = {(s, j): n for s, j, w, n, _ in swv if w in ("PO0001", "VO0001")}
    for s, j, w, d_noemer, c_noemer in pairs:
        if w is None:
            assert c_noemer == pytest.approx(d_noemer - refo.get((s, j), 0)), (s, j)
