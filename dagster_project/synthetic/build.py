"""Writes a complete, consistent synthetic delivery set (every input family) and its manifest."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import polars as pl
from tqdm import tqdm

from . import decentraal, inspectie, leerplicht, prognose, reference
from .bron import bron_frame
from .csvio import FileLog
from .discrepancies import Injector, plan
from .duo import frame_1a_tlv, frame_1a_totaal, frame_1a_vestigingen_po, frame_1a_vestigingen_vo, frame_1b, funded
from .geography import NATIONAL_SWV, make_geography
from .ids import make_bsns
from .population import make_population
from .scales import DEFAULT_LAST_SCHOOLYEAR, SCALES
from .schoolcalendar import file_date, schooljaar_label, schoolyears, teldata
from .schools import make_schools
from .snapshot import enrolments
from .tlv import make_tlvs

MANIFEST = "_generator_manifest.json"


def _split(df: pl.DataFrame) -> dict[int, pl.DataFrame]:
    return {int(k[0]): v for k, v in df.partition_by("_swv", as_dict=True, maintain_order=True).items()}


def _strip_zeros(df: pl.DataFrame, col: str) -> pl.DataFrame:
    """What Excel does to a numeric-looking code on re-save: 0014 -> 14."""
    return df.with_columns(pl.col(col).str.strip_chars_start("0"))


def generate(out_dir: Path, scale: str = "demo", seed: int = 42, discrepancies: int = 0, quirks: bool | None = None,
             last_schoolyear: int = DEFAULT_LAST_SCHOOLYEAR, progress: bool | None = None) -> dict:
    """Generate every input family into ``out_dir`` (sub-folders per family group) and return the manifest.

    Deterministic: the same arguments give byte-identical files. ``discrepancies`` known differences are
    injected into DUO 1A/1B and listed in the manifest; ``quirks`` (default: the scale's) adds cp1252 files, a
    BOM and codes that lost their leading zeros, also listed.
    """
    sc = SCALES[scale]
    quirks = sc.quirks if quirks is None else quirks
    progress = sc.progress if progress is None else progress
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    seeds = np.random.SeedSequence(seed).spawn(8)
    r_geo, r_school, r_pop, r_tlv, r_other, r_disc, r_ref, r_prog = (np.random.default_rng(s) for s in seeds)

    years = schoolyears(last_schoolyear, sc.n_years)
    tds = teldata(years)
    geo = make_geography(r_geo, sc)
    schools = make_schools(r_school, geo, sc)
    pop = make_population(r_pop, geo, schools, sc, years)
    tlv = make_tlvs(r_tlv, pop, schools, geo)
    log = FileLog(out)
    ref_day = tds[-2][0]  # 1 October of the last school year
    ref_date = file_date(ref_day, "bron")
    quirk_log: list[dict] = []
    cp = "cp1252" if quirks else "utf-8"

    # ---------------------------------------------------------------- reference
    log.write(reference.swv_register(geo), f"referentie/swv_register_{ref_date}.csv", "ref_swv", bom=quirks)
    vest = reference.vestigingen(schools, geo)
    if quirks:
        vest = _strip_zeros(vest, "BESTUURSNUMMER")
    log.write(vest, f"referentie/vestigingen_{ref_date}.csv", "ref_vestigingen", encoding=cp)
    log.write(reference.regio_indeling(geo), f"referentie/pc4_gemeente_swv_regeling_{file_date(ref_day, 'iso')}.csv",
              "ref_regio_indeling", encoding=cp)
    log.write(reference.apc_postcodes(r_ref, geo, years), f"referentie/apc_postcodes_{ref_date}.csv",
              "ref_apc_postcodes")
    log.write(reference.cluster12(schools), f"referentie/cluster12_instellingen_{ref_date}.csv", "ref_cluster12")
    log.write(reference.gemeenten(geo), f"referentie/gemeenten_{ref_date}.csv", "ref_gemeenten", encoding=cp)
    if quirks:
        quirk_log.append({"quirk": "bom", "files": [f"referentie/swv_register_{ref_date}.csv"],
                          "detail": "UTF-8 byte order mark before the header"})
        quirk_log.append({"quirk": "lost_leading_zeros", "files": [f"referentie/vestigingen_{ref_date}.csv"],
                          "column": "BESTUURSNUMMER", "detail": "leading zeros stripped (Excel re-save), width 5"})

    # ---------------------------------------------------------------- per teldatum: BRON, DUO 1A/1B, leerplicht
    known = set(pop.number.tolist())

    def fresh_number() -> str:
        while True:
            n = int(make_bsns(r_disc, 1)[0])
            if n not in known:
                known.add(n)
                return str(n)

    disc_plan = plan(discrepancies, len(tds))
    injectors: list[Injector] = []
    per_gem_last: dict[int, pl.DataFrame] = {}
    last_oct: pl.DataFrame | None = None
    codes = geo.swv_code
    bom_swv = codes[int(geo.regional("PO")[0])]
    for k, (t, sy, kind) in enumerate(tqdm(tds, desc=f"synthetic {scale}", disable=not progress, unit="teldatum")):
        e = enrolments(pop, schools, geo, tlv, t, sy, kind == "feb")
        dd = file_date(t, "duo")
        log.write(bron_frame(e, pop, schools, geo, t), f"bron/BRON_inschrijvingen_{file_date(t, 'bron')}.csv",
                  "bron_inschrijvingen")
        f = funded(e)
        b1 = frame_1b(f, pop, schools, geo, t)
        a1 = frame_1a_tlv(f, schools)
        tot = frame_1a_totaal(f, geo)
        todo = [typ for typ, ti in disc_plan if ti == k]
        if todo:
            inj = Injector(r_disc, codes, geo.swv_sector, fresh_number,
                           lambda s, dd=dd: f"duo/1b/Bekostigde_leerlingen_{s}_{dd}.csv",
                           lambda s, dd=dd: f"duo/1a/Aantallen_leerlingen_met_tlv_swv_{s}_{dd}.csv")
            for typ in todo:
                b1, a1 = inj.apply(typ, b1, a1, file_date(t, "iso"))
            injectors.append(inj)
        b1s, a1s, tots = _split(b1), _split(a1), _split(tot)
        empty_b1, empty_a1, empty_tot = b1.clear(), a1.clear(), tot.clear()
        for i, code in enumerate(codes):
            log.write(b1s.get(i, empty_b1), f"duo/1b/Bekostigde_leerlingen_{code}_{dd}.csv", "duo_1b_bekostigd")
            log.write(a1s.get(i, empty_a1), f"duo/1a/Aantallen_leerlingen_met_tlv_swv_{code}_{dd}.csv", "duo_1a_tlv")
            variant = "sbo_en_so" if geo.swv_sector[i] == "PO" else "vso"
            name = f"duo/1a/Totaal_aantal_leerlingen_{variant}_{code}_{dd}.csv"
            log.write(tots.get(i, empty_tot), name, "duo_1a_totaal", bom=quirks and code == bom_swv)
        if kind == "feb":
            vp = frame_1a_vestigingen_po(e, schools)
            vps, empty = _split(vp), vp.clear()
            for i, code in enumerate(codes):
                if geo.swv_sector[i] == "PO":
                    log.write(vps.get(i, empty), f"duo/1a/Aantallen_leerlingen_vestigingen_bo_en_sbo_{code}_{dd}.csv",
                              "duo_1a_vestigingen_po")
        else:
            vv = frame_1a_vestigingen_vo(e, schools)
            vvs, empty = _split(vv), vv.clear()
            for i, code in enumerate(codes):
                if geo.swv_sector[i] == "VO":
                    log.write(vvs.get(i, empty), f"duo/1a/Aantallen_leerlingen_vestigingen_vo_{code}_{dd}.csv",
                              "duo_1a_vestigingen_vo")
            per_gem_last[sy] = leerplicht.pupils_per_gemeente(e, geo)
            last_oct = e.select("vest", "onderwijssoort", "bekostigd")
    if quirks:
        prefix = f"duo/1a/Totaal_aantal_leerlingen_sbo_en_so_{bom_swv}_"
        quirk_log.append({"quirk": "bom", "files": [r["path"] for r in log.files if r["path"].startswith(prefix)],
                          "detail": "UTF-8 byte order mark before the header"})

    # ---------------------------------------------------------------- leerplicht, inspectie, prognose, decentraal
    for sy in years:
        vz = leerplicht.verzuim(r_other, geo, per_gem_last[sy], sy)
        vr = leerplicht.vrijstellingen(r_other, geo, per_gem_last[sy], sy)
        if quirks:
            vz = _strip_zeros(vz, "GEMEENTECODE")
        log.write(vz, f"leerplicht/verzuim_{schooljaar_label(sy)}.csv", "verzuim", encoding=cp)
        log.write(vr, f"leerplicht/vrijstellingen_{schooljaar_label(sy)}.csv", "vrijstellingen", encoding=cp)
    if quirks:
        quirk_log.append({"quirk": "cp1252", "files": [r["path"] for r in log.files if r["encoding"] == "cp1252"],
                          "detail": "Windows-1252 encoded (accented gemeente and school names)"})
        quirk_log.append({"quirk": "lost_leading_zeros",
                          "files": [r["path"] for r in log.files if r["path"].startswith("leerplicht/verzuim_")],
                          "column": "GEMEENTECODE", "detail": "leading zeros stripped (Excel re-save), width 4"})
    log.write(inspectie.arrangementen(r_other, schools, years[0], years[-1]),
              f"inspectie/inspectie_arrangementen_{ref_date}.csv", "inspectie")
    assert last_oct is not None
    counts = last_oct.filter(pl.col("bekostigd")).group_by("vest").len()
    log.write(prognose.prognose_po(r_prog, schools, counts, years[-1]), f"prognose/prognose_po_{ref_date}.csv",
              "prognose_po")
    vo_counts = (last_oct.filter(pl.col("bekostigd") & ~pl.col("onderwijssoort").is_in(["MBO", "HBO", "WO", "SO", "VSO",
                                                                                         "BAO", "SBO"]))
                 .group_by("vest").agg(pl.len().alias("len"), (pl.col("onderwijssoort") == "PRO").any().alias("pro")))
    log.write(prognose.prognose_vo(r_prog, schools, vo_counts, years[-1]), f"prognose/prognose_vo_{ref_date}.csv",
              "prognose_vo")
    for i in decentraal.reporting_swvs(r_other, geo):
        for sy in years:
            sj = schooljaar_label(sy)
            log.write(decentraal.tlv_aanvragen(r_other, tlv, pop, geo, i, sy),
                      f"decentraal/decentraal_tlv_{codes[i]}_{sj}.csv", "decentraal_tlv")
            log.write(decentraal.geschillen(r_other), f"decentraal/decentraal_geschillen_{codes[i]}_{sj}.csv",
                      "decentraal_geschillen")

    placed = sum(len(inj.records) for inj in injectors)
    if placed < discrepancies:
        warnings.warn(f"placed {placed} of {discrepancies} discrepancies: the data set has too few untouched "
                      "1A cells at this scale; the manifest lists exactly those placed", stacklevel=2)
    manifest = {
        "generator": "dagster_project.synthetic",
        "scale": scale,
        "seed": seed,
        "quirks_enabled": quirks,
        "geography_source": geo.source,
        "school_years": [schooljaar_label(y) for y in years],
        "teldata": [file_date(t, "iso") for t, _, _ in tds],
        "swv_codes": {"PO": [c for c, s in zip(codes, geo.swv_sector, strict=True) if s == "PO"],
                      "VO": [c for c, s in zip(codes, geo.swv_sector, strict=True) if s == "VO"]},
        "national_swv": NATIONAL_SWV,
        "pupils": len(pop),
        "files": sorted(log.files, key=lambda r: r["path"]),
        "discrepancies_requested": discrepancies,
        "discrepancies": [r for inj in injectors for r in inj.records],
        "quirks": quirk_log,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False, default=_json) + "\n",
                                encoding="utf-8")
    return manifest


def _json(o: object) -> object:
    if isinstance(o, np.integer):
        return int(o)
    raise TypeError(type(o))
