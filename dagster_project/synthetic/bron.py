"""The BRON extract: one snapshot file per teldatum of all enrolments, in BRON code lists."""

from __future__ import annotations

import numpy as np
import polars as pl

from .contracts_view import headers
from .geography import Geography
from .population import Population
from .schoolcalendar import yyyymmdd
from .schools import Schools


def _jn(col: str) -> pl.Expr:
    return pl.col(col).replace_strict({True: "J", False: "N"}, return_dtype=pl.String)


def bron_frame(e: pl.DataFrame, pop: Population, schools: Schools, geo: Geography, t: int) -> pl.DataFrame:
    """The delivered BRON columns (all text) for one teldatum's enrolments."""
    pupil = pl.Series(e["pupil"])
    vest = e["vest"]
    df = e.select(
        pl.lit(t).cast(pl.Int32).alias("_t"),
        pl.Series("PERSOONSGEBONDEN_NUMMER", pop.number).gather(pupil),
        pl.Series("_birth", pop.birth).gather(pupil),
        pl.Series("GESLACHT", ["M", "V", "O"]).gather(pl.Series(pop.code("geslacht", ("M", "V", "O")).astype(np.int64) - 1)
                                                      .gather(pupil)),
        pl.col("woon_pc4").alias("POSTCODE_LEERLING"),
        pl.col("volgnummer").alias("INSCHRIJVINGSVOLGNUMMER"),
        pl.Series("BRIN", schools.brin.astype(str)).gather(vest),
        pl.Series("VESTIGINGSCODE", schools.code.astype(str)).gather(vest),
        pl.col("sector").alias("SECTOR"),
        pl.col("onderwijssoort").alias("ONDERWIJSSOORT"),
        pl.col("leerjaar").alias("LEERJAAR"),
        pl.col("mbo_niveau").alias("MBO_NIVEAU"),
        _jn("bekostigd").alias("BEKOSTIGD"),
        _jn("lwoo").alias("LWOO"),
        _jn("nieuwkomer").alias("NIEUWKOMER"),
        pl.col("gewicht").alias("GEWICHT"),
        _jn("opp").alias("OPP"),
        pl.col("advies").alias("ADVIES_VO"),
        pl.col("advies_herzien").alias("ADVIES_VO_HERZIEN"),
        pl.col("soort_verblijf").alias("SOORT_VERBLIJF"),
        pl.col("tlv_swv_code").alias("TLV_SWV"),
        pl.col("tlv_categorie").alias("TLV_BEKOSTIGINGSCATEGORIE"),
        pl.col("beschikkingsnummer").alias("TLV_BESCHIKKINGSNUMMER"),
        pl.col("tlv_begin").alias("_tlv_begin"),
        pl.col("tlv_end").alias("_tlv_end"),
        pl.col("soort_onderwijs").alias("SOORT_ONDERWIJS"),
        pl.col("uitstroomprofiel").alias("UITSTROOMPROFIEL"),
        pl.col("verblijfsjaar").alias("VERBLIJFSJAAR"),
        pl.col("enr_start").alias("_enr_start"),
    )
    def ymd(col: str) -> pl.Series:
        values = df[col].fill_null(-1).to_numpy()
        return pl.Series(yyyymmdd(values)).replace(-1, None)

    df = df.with_columns(
        pl.lit(int(yyyymmdd(np.array([t]))[0])).alias("PEILDATUM"),
        ymd("_birth").alias("GEBOORTEDATUM"),
        ymd("_tlv_begin").alias("TLV_BEGINDATUM"),
        ymd("_tlv_end").alias("TLV_EINDDATUM"),
        ymd("_enr_start").alias("DATUM_INSCHRIJVING"),
        pl.lit(None, dtype=pl.String).alias("DATUM_UITSCHRIJVING"),
    )
    return df.select(headers("bron_inschrijvingen"))
