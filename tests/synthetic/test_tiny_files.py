"""The tiny data set: every file matches the contract, numbers are valid, 1A/1B/BRON agree, every path appears."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

from dagster_project.contracts import FAMILIES, recognise
from dagster_project.synthetic import generate
from dagster_project.synthetic.ids import elfproef, is_onderwijsnummer
from tests.support.raw_files import manifest, read, read_family

REPO = Path(__file__).resolve().parents[2]
CATS = [f"AANTAL_{n}_{s}" for n in ("HOOG", "MIDDEN", "LAAG") for s in ("TLV", "RP", "OVERIG")] + \
    ["AANTAL_SBO_TLV", "AANTAL_SBO_OVERIG"]


def _digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# What each delivered file is called and the header it starts with, written out here rather than read from
# dagster_project/contracts.py (which both the generator and ingest use): the DUO 1A/1B layouts as DUO's file
# descriptions give them, the other families as docs/data-contracts.md documents them for their senders.
_1A_TLV = ("SCHOOLSOORT;VESTIGINGSCODE;DEELNEMENDE_VESTIGING;TOTAAL;"
           "AANTAL_HOOG_TLV;AANTAL_HOOG_RP;AANTAL_HOOG_OVERIG;AANTAL_MIDDEN_TLV;AANTAL_MIDDEN_RP;AANTAL_MIDDEN_OVERIG;"
           "AANTAL_LAAG_TLV;AANTAL_LAAG_RP;AANTAL_LAAG_OVERIG;AANTAL_SBO_TLV;AANTAL_SBO_OVERIG")
_1B = ("BSN_OWN;BESCHIKKINGSNUMMER;LEEFTIJD_TELDATUM;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;VESTIGING_SWVNUMMER;"
       "VESTIGING_SWVNAAM;ONDERSTEUNINGSCATEGORIE;INSCHRIJVINGSVOLGNUMMER;DATUM_INSCHRIJVING;DATUM_UITSCHRIJVING;"
       "BEGIN_DATUM_TLV;EIND_DATUM_TLV;RESIDENTIELE_LEERLING;HOOFD_ONDERWIJSSOORT;WIJZE_VAN_BEPALING;TELDATUM;"
       "SAMENWERKINGSVERBAND")
_BRON = ("PEILDATUM;PERSOONSGEBONDEN_NUMMER;GEBOORTEDATUM;GESLACHT;POSTCODE_LEERLING;INSCHRIJVINGSVOLGNUMMER;BRIN;"
         "VESTIGINGSCODE;SECTOR;ONDERWIJSSOORT;LEERJAAR;MBO_NIVEAU;BEKOSTIGD;LWOO;NIEUWKOMER;GEWICHT;OPP;ADVIES_VO;"
         "ADVIES_VO_HERZIEN;SOORT_VERBLIJF;TLV_SWV;TLV_BEKOSTIGINGSCATEGORIE;TLV_BESCHIKKINGSNUMMER;TLV_BEGINDATUM;"
         "TLV_EINDDATUM;SOORT_ONDERWIJS;UITSTROOMPROFIEL;VERBLIJFSJAAR;DATUM_INSCHRIJVING;DATUM_UITSCHRIJVING")
_SWV, _DMY, _YMD, _SJ = r"(?:PO|VO)\d{4}", r"\d\d_\d\d_\d{4}", r"\d{8}", r"\d{4}-\d{4}"
DELIVERED = {  # family: (path pattern, header)
    "duo_1a_tlv": (rf"duo/1a/Aantallen_leerlingen_met_tlv_swv_{_SWV}_{_DMY}\.csv", _1A_TLV),
    "duo_1a_totaal": (rf"duo/1a/Totaal_aantal_leerlingen_(?:sbo_en_so|vso)_{_SWV}_{_DMY}\.csv",
                      "SCHOOLSOORT;MET_TLV_DIT_SWV;MET_TLV_ANDER_SWV;TOTAAL"),
    "duo_1a_vestigingen_po": (rf"duo/1a/Aantallen_leerlingen_vestigingen_bo_en_sbo_{_SWV}_01_02_\d{{4}}\.csv",
                              "VESTIGING;TOTAAL"),
    "duo_1a_vestigingen_vo": (rf"duo/1a/Aantallen_leerlingen_vestigingen_vo_{_SWV}_01_10_\d{{4}}\.csv",
                              "Vestiging;Totaal;Nieuwkomers;VAVO gedeeltelijk bekostigd;LWOO;PRO"),
    "duo_1b_bekostigd": (rf"duo/1b/Bekostigde_leerlingen_{_SWV}_{_DMY}\.csv", _1B),
    "bron_inschrijvingen": (rf"bron/BRON_inschrijvingen_{_YMD}\.csv", _BRON),
    "ref_swv": (rf"referentie/swv_register_{_YMD}\.csv", "SWV_CODE;SWV_NAAM;SECTOR"),
    "ref_vestigingen": (rf"referentie/vestigingen_{_YMD}\.csv",
                        "VESTIGINGSCODE;BRIN;VESTIGINGSNAAM;SCHOOLSOORT;POSTCODE;GEMEENTECODE;GEMEENTENAAM;"
                        "BESTUURSNUMMER;SWV_CODE;CLUSTER"),
    "ref_regio_indeling": (r"referentie/pc4_gemeente_swv_regeling_\d{4}-\d\d-\d\d\.csv", "PC4;GEMEENTE;PO_SWV;VO_SWV"),
    "ref_apc_postcodes": (rf"referentie/apc_postcodes_{_YMD}\.csv", "PC4;JAAR"),
    "ref_cluster12": (rf"referentie/cluster12_instellingen_{_YMD}\.csv", "BRIN;INSTELLINGSNAAM;CLUSTER"),
    "ref_gemeenten": (rf"referentie/gemeenten_{_YMD}\.csv", "GEMEENTECODE;GEMEENTENAAM"),
    "verzuim": (rf"leerplicht/verzuim_{_SJ}\.csv", "GEMEENTECODE;GEMEENTENAAM;SCHOOLJAAR;ONDERWIJSSOORT;CATEGORIE;AANTAL"),
    "vrijstellingen": (rf"leerplicht/vrijstellingen_{_SJ}\.csv",
                       "GEMEENTECODE;GEMEENTENAAM;SCHOOLJAAR;ONDERWIJSSOORT;ARTIKEL;AANTAL"),
    "inspectie": (rf"inspectie/inspectie_arrangementen_{_YMD}\.csv", "VESTIGINGSCODE;ARRANGEMENT;DATUM;RAPPORT_URL"),
    "prognose_po": (rf"prognose/prognose_po_{_YMD}\.csv", "VESTIGINGSCODE;JAAR;AANTAL"),
    "prognose_vo": (rf"prognose/prognose_vo_{_YMD}\.csv", "BRIN;ONDERWIJSTYPE;JAAR;AANTAL"),
    "decentraal_tlv": (rf"decentraal/decentraal_tlv_(?:PO|VO)\d{{4}}_{_SJ}\.csv",
                       "SCHOOLSOORT;AFGIFTEDUUR;AANGEVRAAGD;TOEGEKEND;AFGEWEZEN"),
    "decentraal_geschillen": (rf"decentraal/decentraal_geschillen_(?:PO|VO)\d{{4}}_{_SJ}\.csv", "SOORT;AANTAL"),
}


def test_every_file_is_named_and_headed_as_documented_and_recognised(tiny: Path) -> None:
    on_disk = sorted(str(p.relative_to(tiny)) for p in tiny.rglob("*.csv"))
    written = set()
    for path in on_disk:
        matches = [fam for fam, (pattern, _) in DELIVERED.items() if re.fullmatch(pattern, path)]
        assert len(matches) == 1, f"{path}: matches {matches or 'no documented file name'}"
        (family,) = matches
        written.add(family)
        assert ";".join(read(tiny, path).columns) == DELIVERED[family][1], path
        fam = recognise(Path(path).name)  # and ingest recognises it as that family
        assert fam is not None and fam.name == family, path
    assert written == set(DELIVERED), f"families not written: {sorted(set(DELIVERED) - written)}"
    assert {f["path"] for f in manifest(tiny)["files"]} == set(on_disk)
    # every family ingest knows is either delivered above or real open data (not generated)
    assert {f.name for f in FAMILIES} - set(DELIVERED) == {f.name for f in FAMILIES if f.name.startswith("opendata_")}


def test_scope_of_tiny(tiny: Path) -> None:
    m = manifest(tiny)
    assert m["swv_codes"]["PO"][-1] == "PO0001" and m["swv_codes"]["VO"][-1] == "VO0001"
    assert len(m["swv_codes"]["PO"]) == 3 and len(m["swv_codes"]["VO"]) == 3
    # four school years: the flow indicators look back to t-3
    assert m["school_years"] == ["2022-2023", "2023-2024", "2024-2025", "2025-2026"]
    days = [f"{y}-10-01" for y in range(2022, 2026)]
    days = sorted(days + [f"{y}-02-01" for y in range(2023, 2027)])
    assert m["teldata"] == days
    bron = sorted(f["path"] for f in m["files"] if f["family"] == "bron_inschrijvingen")
    assert bron == [f"bron/BRON_inschrijvingen_{d.replace('-', '')}.csv" for d in days]
    # 1A vestigingen: bo/sbo on 1 February only, vo on 1 October only
    for f in m["files"]:
        if f["family"] == "duo_1a_vestigingen_po":
            assert "_01_02_" in f["path"]
        if f["family"] == "duo_1a_vestigingen_vo":
            assert "_01_10_" in f["path"]


def test_same_seed_same_bytes_also_from_the_command_line(tiny_clean: Path, tmp_path: Path) -> None:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dagster_project.synthetic", "--scale", "tiny", "--seed", "7",
                    "--out", str(tmp_path / "cli")], check=True, cwd=REPO, capture_output=True)
    elapsed = time.perf_counter() - start
    assert _digests(tmp_path / "cli") == _digests(tiny_clean)
    assert elapsed < 20, "tiny should take seconds (target <= 5 s on an idle machine)"
    generate(tmp_path / "other", scale="tiny", seed=8)
    assert _digests(tmp_path / "other") != _digests(tiny_clean)


def test_every_pupil_number_passes_its_check(tiny: Path) -> None:
    bron = read_family(tiny, "bron_inschrijvingen")
    b1 = read_family(tiny, "duo_1b_bekostigd")
    numbers = set(bron["PERSOONSGEBONDEN_NUMMER"].to_list()) | set(b1["BSN_OWN"].to_list())
    bsn = [n for n in numbers if elfproef(n)]
    own = [n for n in numbers if is_onderwijsnummer(n)]
    assert len(bsn) + len(own) == len(numbers)
    assert len(own) > 0 and len(bsn) > 0.95 * len(numbers)


def test_1a_totaal_equals_sum_of_categories(tiny: Path) -> None:
    a = read_family(tiny, "duo_1a_tlv").with_columns(pl.col(["TOTAAL", *CATS]).cast(pl.Int64))
    assert a.height > 0
    assert (a["TOTAAL"] == a.select(pl.sum_horizontal(CATS)).to_series()).all()
    t = read_family(tiny, "duo_1a_totaal").with_columns(pl.col("MET_TLV_DIT_SWV", "MET_TLV_ANDER_SWV", "TOTAAL")
                                                        .cast(pl.Int64))
    assert (t["MET_TLV_DIT_SWV"] + t["MET_TLV_ANDER_SWV"] == t["TOTAAL"]).all()
    assert t["MET_TLV_ANDER_SWV"].sum() > 0, "grensverkeer: pupils funded by another SWV than the region's"


def test_1b_vestigingen_and_swvs_exist_in_the_reference(tiny: Path) -> None:
    b1 = read_family(tiny, "duo_1b_bekostigd")
    vest = read_family(tiny, "ref_vestigingen")
    swv = read_family(tiny, "ref_swv")
    assert set(b1["VESTIGINGSCODE"].to_list()) <= set(vest["VESTIGINGSCODE"].to_list())
    assert set(b1["SAMENWERKINGSVERBAND"].to_list()) <= set(swv["SWV_CODE"].to_list())
    assert set(b1["VESTIGING_SWVNUMMER"].to_list()) <= set(swv["SWV_CODE"].to_list())
    # the SWV in the file name is the SAMENWERKINGSVERBAND of every row (no discrepancy touches this in tiny_clean)
    regio = read_family(tiny, "ref_regio_indeling")
    assert set(regio["PO_SWV"].to_list()) | set(regio["VO_SWV"].to_list()) <= set(swv["SWV_CODE"].to_list())


def test_1b_formats(tiny_clean: Path) -> None:
    b1 = read_family(tiny_clean, "duo_1b_bekostigd")
    date = re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$")
    for col in ("DATUM_INSCHRIJVING", "TELDATUM", "BEGIN_DATUM_TLV", "EIND_DATUM_TLV"):
        assert all(date.match(v) for v in b1[col].drop_nulls().to_list()), col
    assert set(b1["EIND_DATUM_TLV"].drop_nulls().str.slice(0, 5).to_list()) == {"31-7-"}
    for row in b1.select("_file", "SAMENWERKINGSVERBAND", "TELDATUM").unique().iter_rows():
        f, swv, tel = row
        d, m, y = tel.split("-")
        assert f.endswith(f"_{swv}_{int(d):02d}_{int(m):02d}_{y}.csv")
    tlv = b1.filter(pl.col("WIJZE_VAN_BEPALING") == "TLV")
    assert (tlv["BESCHIKKINGSNUMMER"].str.slice(0, 6) == tlv["SAMENWERKINGSVERBAND"]).all()
    assert b1.filter(pl.col("WIJZE_VAN_BEPALING") != "TLV")["BESCHIKKINGSNUMMER"].null_count() == \
        b1.filter(pl.col("WIJZE_VAN_BEPALING") != "TLV").height


def test_1b_agrees_with_1a_and_bron(tiny_clean: Path) -> None:
    b1 = read_family(tiny_clean, "duo_1b_bekostigd")
    a = read_family(tiny_clean, "duo_1a_tlv").with_columns(pl.col(["TOTAAL", *CATS]).cast(pl.Int64))
    # 1B rows aggregated to the 1A grain give exactly the 1A counts
    level = {"SO_VSO_HOOG": "HOOG", "SO_VSO_MIDDE": "MIDDEN", "SO_VSO_LAAG": "LAAG"}
    soort = {"TLV": "TLV", "WOONPLAATS": "RP", "VORIGE_INSCHRIJVING": "OVERIG"}
    b = b1.with_columns(col=pl.when(pl.col("ONDERSTEUNINGSCATEGORIE") == "SBO")
                        .then(pl.format("AANTAL_SBO_{}", pl.col("WIJZE_VAN_BEPALING").replace_strict(soort)))
                        .otherwise(pl.format("AANTAL_{}_{}", pl.col("ONDERSTEUNINGSCATEGORIE").replace_strict(level),
                                             pl.col("WIJZE_VAN_BEPALING").replace_strict(soort))))
    from_1b = b.group_by(["SAMENWERKINGSVERBAND", "TELDATUM", "HOOFD_ONDERWIJSSOORT", "VESTIGINGSCODE", "col"]).len()
    a_long = (a.with_columns(swv=pl.col("_file").str.extract(r"_((?:PO|VO)\d{4})_"),
                             dd=pl.col("_file").str.extract(r"_(\d\d_\d\d_\d{4})\.csv"))
              .unpivot(on=CATS, index=["swv", "dd", "SCHOOLSOORT", "VESTIGINGSCODE"], variable_name="col")
              .filter(pl.col("value") > 0))
    from_1b = from_1b.with_columns(dd=pl.col("TELDATUM").str.split("-").list.eval(pl.element().str.zfill(2))
                                   .list.join("_"))
    left = sorted(zip(from_1b["SAMENWERKINGSVERBAND"], from_1b["dd"], from_1b["HOOFD_ONDERWIJSSOORT"],
                      from_1b["VESTIGINGSCODE"], from_1b["col"], from_1b["len"], strict=True))
    right = sorted(zip(a_long["swv"], a_long["dd"], a_long["SCHOOLSOORT"], a_long["VESTIGINGSCODE"], a_long["col"],
                       a_long["value"], strict=True))
    assert left == right and len(left) > 0
    # every 1B pupil is enrolled in BRON on the teldatum at that vestiging, with the same TLV
    bron = read_family(tiny_clean, "bron_inschrijvingen")
    bron = bron.with_columns(tel=pl.col("PEILDATUM").str.to_date("%Y%m%d"))
    b1 = b1.with_columns(tel=pl.col("TELDATUM").str.to_date("%d-%m-%Y"))
    j = b1.join(bron, left_on=["BSN_OWN", "tel", "VESTIGINGSCODE"],
                right_on=["PERSOONSGEBONDEN_NUMMER", "tel", "VESTIGINGSCODE"], how="left")
    assert j["PEILDATUM"].null_count() == 0
    with_tlv = j.filter(pl.col("WIJZE_VAN_BEPALING") == "TLV")
    assert (with_tlv["BESCHIKKINGSNUMMER"] == with_tlv["TLV_BESCHIKKINGSNUMMER"]).all()
    assert (with_tlv["SAMENWERKINGSVERBAND"] == with_tlv["TLV_SWV"]).all()
    assert (with_tlv["TLV_EINDDATUM"].str.to_date("%Y%m%d") >= with_tlv["tel"]).all()
    resid = j.filter(pl.col("WIJZE_VAN_BEPALING") == "WOONPLAATS")
    assert resid["SOORT_VERBLIJF"].is_in(["3", "4", "5", "6"]).all()
    regio = read_family(tiny_clean, "ref_regio_indeling")
    home = resid.join(regio.drop("_file"), left_on="POSTCODE_LEERLING", right_on="PC4")
    expected = pl.when(pl.col("HOOFD_ONDERWIJSSOORT") == "VSO").then(pl.col("VO_SWV")).otherwise(pl.col("PO_SWV"))
    assert home.height == resid.height and (home["SAMENWERKINGSVERBAND"] == home.select(expected).to_series()).all()


def test_every_population_path_appears(tiny_clean: Path) -> None:
    b1 = read_family(tiny_clean, "duo_1b_bekostigd")
    assert set(b1["WIJZE_VAN_BEPALING"].unique()) == {"TLV", "WOONPLAATS", "VORIGE_INSCHRIJVING"}
    assert set(b1["ONDERSTEUNINGSCATEGORIE"].unique()) == {"SBO", "SO_VSO_LAAG", "SO_VSO_MIDDE", "SO_VSO_HOOG"}
    assert (b1["VESTIGING_SWVNUMMER"] != b1["SAMENWERKINGSVERBAND"]).any(), "grensverkeer across SWVs"
    bron = read_family(tiny_clean, "bron_inschrijvingen")
    soorten = set(bron["ONDERWIJSSOORT"].unique())
    assert soorten == {"BAO", "SBO", "SO", "VSO", "BRUGJAAR", "VMBO_B", "VMBO_K", "VMBO_GT", "HAVO", "VWO", "PRO",
                       "VAVO", "MBO", "HBO", "WO"}
    clusters = set(bron["SOORT_ONDERWIJS"].drop_nulls().str.slice(0, 1).unique())
    assert clusters == {"1", "2", "3", "4"}
    assert (bron["LWOO"] == "J").any() and (bron["NIEUWKOMER"] == "J").any()
    assert set(bron["GEWICHT"].drop_nulls().unique()) == {"0", "0,30", "1,20"}
    assert set(bron["UITSTROOMPROFIEL"].drop_nulls().unique()) == {"VERVOLGONDERWIJS", "ARBEIDSMARKT", "DAGBESTEDING"}
    assert set(bron["MBO_NIVEAU"].drop_nulls().unique()) >= {"1", "2", "3", "4"}
    assert bron["ADVIES_VO"].drop_nulls().len() > 0
    vest = read_family(tiny_clean, "ref_vestigingen")
    national = vest.filter(pl.col("SWV_CODE").is_in(["PO0001", "VO0001"]))["VESTIGINGSCODE"].to_list()
    assert bron["VESTIGINGSCODE"].is_in(national).any(), "pupils at PO0001/VO0001 member schools"
    assert read_family(tiny_clean, "ref_apc_postcodes").height > 0
    assert read_family(tiny_clean, "ref_cluster12")["CLUSTER"].to_list() != []
    regio = read_family(tiny_clean, "ref_regio_indeling")
    split = regio.group_by("GEMEENTE").agg(pl.col("PO_SWV").n_unique().alias("po"), pl.col("VO_SWV").n_unique()
                                           .alias("vo"))
    assert (split["po"] > 1).any() or (split["vo"] > 1).any(), "a gemeente split over two SWVs"
    # growth between 1 October and 1 February: 4-year-olds enter bao on their birthday
    n = bron.filter(pl.col("ONDERWIJSSOORT") == "BAO").group_by("PEILDATUM").len().sort("PEILDATUM")["len"].to_list()
    assert n[1] > n[0] and n[3] > n[2]


def test_pupils_persist_across_years(tiny_clean: Path) -> None:
    bron = read_family(tiny_clean, "bron_inschrijvingen")
    y1 = bron.filter(pl.col("PEILDATUM") == "20241001")
    y2 = bron.filter(pl.col("PEILDATUM") == "20251001")
    # bao pupils below groep 8 are still at school a year later, with the same birth date, one groep higher, except
    # the few who emigrate (0.4 % a year: expected ≈ 3 of these ≈ 800 pupils)
    stay = y1.filter((pl.col("ONDERWIJSSOORT") == "BAO") & (pl.col("LEERJAAR").cast(pl.Int64) < 8)
                     & (pl.col("LEERJAAR").cast(pl.Int64) > 1))
    j = stay.join(y2, on="PERSOONSGEBONDEN_NUMMER", how="left", suffix="_2")
    assert j["PEILDATUM_2"].null_count() <= 0.015 * j.height
    j = j.filter(pl.col("PEILDATUM_2").is_not_null())
    assert (j["GEBOORTEDATUM"] == j["GEBOORTEDATUM_2"]).all()
    bao_bao = j.filter(pl.col("ONDERWIJSSOORT_2") == "BAO")
    assert (bao_bao["LEERJAAR_2"].cast(pl.Int64) == bao_bao["LEERJAAR"].cast(pl.Int64) + 1).all()
    assert j["ONDERWIJSSOORT_2"].is_in(["SBO", "SO"]).any(), "some bao pupils move to sbo or so within the year"
    # groep 8 pupils move on to vo (or vso)
    g8 = y1.filter((pl.col("ONDERWIJSSOORT") == "BAO") & (pl.col("LEERJAAR") == "8"))
    nxt = g8.join(y2, on="PERSOONSGEBONDEN_NUMMER", suffix="_2")
    assert nxt.height >= 0.97 * g8.height and nxt["SECTOR_2"].is_in(["VO", "WEC"]).all()
    # school changes within and across SWVs exist
    moved = j.filter(pl.col("VESTIGINGSCODE") != pl.col("VESTIGINGSCODE_2"))
    assert moved.height > 0


def test_discrepancies_are_in_the_files(tiny: Path) -> None:
    m = manifest(tiny)
    d = m["discrepancies"]
    assert sorted(x["type"] for x in d) == sorted(["1b_pupil_absent_from_bron", "1b_category_differs",
                                                   "1a_count_off", "1b_wrong_swv"])
    bron_numbers = set(read_family(tiny, "bron_inschrijvingen")["PERSOONSGEBONDEN_NUMMER"].to_list())
    for x in d:
        df = read(tiny, x["file"])
        assert x["swv_code"] in x["file"]
        if x["type"] == "1a_count_off":
            row = df.filter((pl.col("VESTIGINGSCODE") == x["vestigingscode"]) & (pl.col("SCHOOLSOORT") == x["schoolsoort"]))
            assert int(row[x["column"]][0]) == x["written"] == x["expected"] + 1
            continue
        row = df.filter(pl.col("BSN_OWN") == x["pupil_number"])
        assert row.height == 1 and row["VESTIGINGSCODE"][0] == x["vestigingscode"]
        assert row[x["column"]][0] == x["written"]
        if x["type"] == "1b_pupil_absent_from_bron":
            assert x["pupil_number"] not in bron_numbers and elfproef(x["pupil_number"])
        if x["type"] == "1b_wrong_swv":
            original = read(tiny, x["file"].replace(x["written"], x["expected"]))
            assert x["pupil_number"] not in original["BSN_OWN"].to_list()
