"""DUO 1A (counts per SWV) and 1B (bekostigde leerlingen per SWV) derived from one BRON snapshot (docs/data-contracts.md)."""

from __future__ import annotations

import numpy as np
import polars as pl

from .contracts_view import headers
from .geography import Geography
from .population import Population
from .schoolcalendar import fmt_expr
from .schools import Schools

LEVEL = {"SO_VSO_HOOG": "HOOG", "SO_VSO_MIDDE": "MIDDEN", "SO_VSO_LAAG": "LAAG"}
SOORT_1A = {"WOONPLAATS": "RP", "TLV": "TLV", "VORIGE_INSCHRIJVING": "OVERIG"}
COUNT_COLS = headers("duo_1a_tlv")[4:]


def funded(e: pl.DataFrame) -> pl.DataFrame:
    """The sbo/so/vso enrolments an SWV pays for on this teldatum."""
    return e.filter(pl.col("swv_bek") >= 0)


def frame_1b(f: pl.DataFrame, pop: Population, schools: Schools, geo: Geography, t: int) -> pl.DataFrame:
    """All 1B rows of one teldatum (every SWV), with an internal ``_swv`` column to split files on."""
    pupil = f["pupil"].to_numpy()
    vest = f["vest"].to_numpy()
    codes = np.asarray(geo.swv_code)
    names = np.asarray(geo.swv_naam)
    sv = f["swv_vestiging"].to_numpy()
    valid = f["tlv_valid"]
    return f.select(
        pl.Series("BSN_OWN", pop.number[pupil]).cast(pl.String),
        pl.when(valid).then(pl.col("beschikkingsnummer")).otherwise(None).alias("BESCHIKKINGSNUMMER"),
        pl.col("leeftijd").cast(pl.String).alias("LEEFTIJD_TELDATUM"),
        pl.Series("INSTELLINGSCODE", schools.brin[vest]),
        pl.Series("VESTIGINGSCODE", schools.code[vest]),
        pl.Series("VESTIGINGSNAAM", schools.naam[vest].astype(str)),
        pl.Series("VESTIGING_SWVNUMMER", codes[sv]),
        pl.Series("VESTIGING_SWVNAAM", names[sv]),
        pl.col("ondersteuningscategorie").alias("ONDERSTEUNINGSCATEGORIE"),
        pl.col("volgnummer").cast(pl.String).alias("INSCHRIJVINGSVOLGNUMMER"),
        fmt_expr("enr_start", "duo").alias("DATUM_INSCHRIJVING"),
        pl.lit(None, dtype=pl.String).alias("DATUM_UITSCHRIJVING"),
        pl.when(valid).then(fmt_expr("tlv_begin", "duo")).otherwise(None).alias("BEGIN_DATUM_TLV"),
        pl.when(valid).then(fmt_expr("tlv_end", "duo")).otherwise(None).alias("EIND_DATUM_TLV"),
        pl.when(pl.col("soort_verblijf").is_in(["3", "4", "5", "6"])).then(pl.lit("J")).otherwise(pl.lit("N"))
        .alias("RESIDENTIELE_LEERLING"),
        pl.col("onderwijssoort").alias("HOOFD_ONDERWIJSSOORT"),
        pl.col("wijze").alias("WIJZE_VAN_BEPALING"),
        pl.lit(t).cast(pl.Int32).alias("_t"),
        pl.Series("SAMENWERKINGSVERBAND", codes[f["swv_bek"].to_numpy()]),
        pl.col("swv_bek").alias("_swv"),
    ).with_columns(fmt_expr("_t", "duo").alias("TELDATUM")).select([*headers("duo_1b_bekostigd"), "_swv"]) \
        .sort(["SAMENWERKINGSVERBAND", "VESTIGINGSCODE", "BSN_OWN"])


def frame_1a_tlv(f: pl.DataFrame, schools: Schools) -> pl.DataFrame:
    """1A tlv counts per (SWV, schoolsoort, vestiging) for all SWVs; ``_swv`` = funding SWV."""
    g = f.with_columns(
        pl.when(pl.col("onderwijssoort") == "SBO")
        .then(pl.format("AANTAL_SBO_{}", pl.col("wijze").replace_strict(SOORT_1A)))
        .otherwise(pl.format("AANTAL_{}_{}", pl.col("ondersteuningscategorie").replace_strict(LEVEL, default="LAAG"),
                             pl.col("wijze").replace_strict(SOORT_1A)))
        .alias("col"),
        pl.Series("VESTIGINGSCODE", schools.code[f["vest"].to_numpy()]),
    )
    counts = g.group_by(["swv_bek", "onderwijssoort", "VESTIGINGSCODE", "col"]).agg(
        n=pl.len(), deelnemend=(pl.col("swv_vestiging") == pl.col("swv_bek")).all())
    wide = counts.pivot(on="col", index=["swv_bek", "onderwijssoort", "VESTIGINGSCODE"], values="n",
                        aggregate_function="sum")
    for c in COUNT_COLS:
        if c not in wide.columns:
            wide = wide.with_columns(pl.lit(0).alias(c))
    deeln = counts.group_by(["swv_bek", "onderwijssoort", "VESTIGINGSCODE"]).agg(pl.col("deelnemend").all())
    wide = wide.join(deeln, on=["swv_bek", "onderwijssoort", "VESTIGINGSCODE"]).with_columns(
        pl.col(COUNT_COLS).fill_null(0).cast(pl.Int64))
    return wide.select(
        pl.col("onderwijssoort").alias("SCHOOLSOORT"),
        "VESTIGINGSCODE",
        pl.when(pl.col("deelnemend")).then(pl.lit("J")).otherwise(pl.lit("N")).alias("DEELNEMENDE_VESTIGING"),
        pl.sum_horizontal(COUNT_COLS).alias("TOTAAL"),
        *COUNT_COLS,
        pl.col("swv_bek").alias("_swv"),
    ).sort(["_swv", "SCHOOLSOORT", "VESTIGINGSCODE"])


def frame_1a_totaal(f: pl.DataFrame, geo: Geography) -> pl.DataFrame:
    """Per SWV and schoolsoort: funded pupils at sbo/so (po) or vso (vo) vestigingen in the SWV's region, split
    by whether this SWV funds them. Every SWV gets its rows, zero when it has no such vestiging."""
    counts = (f.group_by(["swv_vestiging", "onderwijssoort"])
              .agg(dit=(pl.col("swv_bek") == pl.col("swv_vestiging")).sum(),
                   ander=(pl.col("swv_bek") != pl.col("swv_vestiging")).sum()))
    rows = []
    for i, sector in enumerate(geo.swv_sector):
        for soort in (("SBO", "SO") if sector == "PO" else ("VSO",)):
            rows.append((i, soort))
    grid = pl.DataFrame(rows, schema={"_swv": pl.Int32, "SCHOOLSOORT": pl.String}, orient="row")
    out = grid.join(counts.rename({"swv_vestiging": "_swv", "onderwijssoort": "SCHOOLSOORT"}),
                    on=["_swv", "SCHOOLSOORT"], how="left").with_columns(pl.col("dit", "ander").fill_null(0))
    return out.select(
        "SCHOOLSOORT",
        pl.col("dit").cast(pl.Int64).alias("MET_TLV_DIT_SWV"),
        pl.col("ander").cast(pl.Int64).alias("MET_TLV_ANDER_SWV"),
        (pl.col("dit") + pl.col("ander")).cast(pl.Int64).alias("TOTAAL"),
        "_swv",
    ).sort(["_swv", "SCHOOLSOORT"])


def frame_1a_vestigingen_po(e: pl.DataFrame, schools: Schools) -> pl.DataFrame:
    """Pupils per bao/sbo vestiging of each po SWV (register membership), zero rows included."""
    member = np.flatnonzero(schools.of_kind("bao", "sbo") & (schools.swv >= 0))
    counts = e.filter(pl.col("bekostigd") & pl.col("onderwijssoort").is_in(["BAO", "SBO"])).group_by("vest").len()
    base = pl.DataFrame({"vest": member.astype(np.int64), "_swv": schools.swv[member].astype(np.int32),
                         "VESTIGING": schools.code[member]})
    return base.join(counts, on="vest", how="left").select(
        "VESTIGING", pl.col("len").fill_null(0).cast(pl.Int64).alias("TOTAAL"), "_swv").sort(["_swv", "VESTIGING"])


def frame_1a_vestigingen_vo(e: pl.DataFrame, schools: Schools) -> pl.DataFrame:
    """Pupils per vo vestiging of each vo SWV on 1 October, as DUO describes the file.

    Totaal includes the partly funded VAVO pupils and excludes the nieuwkomers (categorie 1), who are counted in
    their own column; VAVO, LWOO and PRO count pupils of Totaal.
    """
    member = np.flatnonzero(schools.of_kind("vo", "pro") & (schools.swv >= 0))
    vo = e.filter(pl.col("bekostigd") & (pl.col("sector") == "VO"))
    regulier = ~pl.col("nieuwkomer")
    counts = vo.group_by("vest").agg(
        totaal=regulier.sum(),
        nieuwkomers=pl.col("nieuwkomer").sum(),
        vavo=(regulier & (pl.col("onderwijssoort") == "VAVO")).sum(),
        lwoo=(regulier & pl.col("lwoo")).sum(),
        pro=(regulier & (pl.col("onderwijssoort") == "PRO")).sum(),
    )
    base = pl.DataFrame({"vest": member.astype(np.int64), "_swv": schools.swv[member].astype(np.int32),
                         "Vestiging": schools.code[member]})
    out = base.join(counts, on="vest", how="left").with_columns(
        pl.col("totaal", "nieuwkomers", "vavo", "lwoo", "pro").fill_null(0).cast(pl.Int64))
    return out.select(
        "Vestiging",
        pl.col("totaal").alias("Totaal"),
        pl.col("nieuwkomers").alias("Nieuwkomers"),
        pl.col("vavo").alias("VAVO gedeeltelijk bekostigd"),
        pl.col("lwoo").alias("LWOO"),
        pl.col("pro").alias("PRO"),
        "_swv",
    ).sort(["_swv", "Vestiging"])
