"""Invariants of mart_verplaatsingen on the tiny synthetic warehouse (two school years, so one t-1 -> t pair).

The schooladvies marts need three years back (t-3) and have no rows on the tiny set; the golden flow case covers them
(tests/golden/test_golden_advies.py).
"""

from __future__ import annotations

VERPLAATSING_CELL = ("sector", "schooljaar", "peildatum", "categorie", "herkomst_onderwijssoort",
                     "bestemming_onderwijssoort", "swv_relatie")


def fetch(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_verplaatsingen_naar_and_vanaf_are_the_same_moves(tiny_indicators):
    """Every move between regular schools is counted once at the destination (naar) and once at the origin
    (vanaf): per sector, schooljaar and herkomst x bestemming the landelijk tellers of the two directions are equal
    (moves between two SWVs are buiten_swv on both sides, within one SWV binnen_swv on both). A move into or out of
    (v)so is left out of the side where the pupil is in cluster 1 / 2 or has no funding SWV, so (v)so is not
    compared here."""
    rows = fetch(tiny_indicators, """
        select sector, schooljaar, herkomst_onderwijssoort, bestemming_onderwijssoort, swv_relatie,
            sum(teller) filter (where categorie = 'naar_mijn_scholen') as naar,
            sum(teller) filter (where categorie = 'vanaf_mijn_scholen') as vanaf
        from marts.mart_verplaatsingen where grain = 'landelijk'
          and herkomst_onderwijssoort not in ('so', 'vso') and bestemming_onderwijssoort not in ('so', 'vso')
        group by all""")
    assert rows, "the tiny set has pupils who change vestiging"
    assert [r for r in rows if r[5] != r[6]] == []
    assert sum(r[5] for r in rows) > 0


def test_verplaatsingen_vestiging_rows_add_up_to_the_swv_row(tiny_indicators):
    on = " and ".join(f"s.{k} is not distinct from g.{k}" for k in (*VERPLAATSING_CELL, "swv_code"))
    wrong = fetch(tiny_indicators, f"""
        with s as (select * from marts.mart_verplaatsingen where grain = 'swv'),
        g as (select {', '.join(VERPLAATSING_CELL)}, swv_code, sum(teller) as teller, sum(noemer) as noemer
              from marts.mart_verplaatsingen where grain = 'vestiging' group by all)
        select s.swv_code, s.categorie, s.teller, g.teller from s left join g on {on}
        where abs(s.teller - coalesce(g.teller, 0)) > 1e-9""")
    assert wrong == [], wrong[:5]


def test_verplaatsingen_stay_within_a_sector(tiny_indicators):
    po = "('bao', 'sbo', 'so')"
    crossed = fetch(tiny_indicators, f"""
        select count(*) from marts.mart_verplaatsingen
        where (herkomst_onderwijssoort in {po}) <> (bestemming_onderwijssoort in {po})
           or (sector = 'po') <> (herkomst_onderwijssoort in {po})""")
    assert crossed == [(0,)]
