"""Baseline (a): the floor scan reads every delivered file once with the contract's schema and counts its rows."""

from __future__ import annotations

from pathlib import Path

from benchmarks.floor import duckdb_type, floor_scan, raw_files
from dagster_project.contracts import FAMILY_BY_NAME


def _write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def test_types_follow_the_contract() -> None:
    cols = {c.landing: c for c in FAMILY_BY_NAME["verzuim"].columns}
    assert duckdb_type(cols["gemeentecode"]) == "VARCHAR"  # codes keep leading zeros
    assert duckdb_type(cols["aantal"]) == "VARCHAR"  # nullable count, may be delivered as '<5'
    totaal = {c.landing: c for c in FAMILY_BY_NAME["duo_1a_vestigingen_po"].columns}["totaal"]
    assert duckdb_type(totaal) == "BIGINT"


def test_floor_counts_rows_per_family(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    # two 1A vestigingen files: 3 + 2 data rows = 5
    _write(raw / "duo/1a/Aantallen_leerlingen_vestigingen_bo_en_sbo_PO2401_01_02_2025.csv",
           "VESTIGING;TOTAAL\n000001;120\n000002;80\n012345;7\n")
    _write(raw / "duo/1a/Aantallen_leerlingen_vestigingen_bo_en_sbo_PO2402_01_02_2025.csv",
           "VESTIGING;TOTAAL\n000003;10\n000004;0\n")
    # Windows-1252 reference file with a non-ASCII name: 2 rows
    _write(raw / "referentie/gemeenten_20250101.csv", "GEMEENTECODE;GEMEENTENAAM\n1900;Súdwest-Fryslân\n0014;Groningen\n",
           encoding="cp1252")
    # Windows-1252 byte 0x92 (right single quote), which DuckDB's latin-1 refuses: transcoded, 1 row
    _write(raw / "referentie/cluster12_instellingen_20250101.csv",
           "BRIN;INSTELLINGSNAAM;CLUSTER\n00AB;Kentalis \u2019s-Hertogenbosch;2\n", encoding="cp1252")
    # masked count '<5' in a nullable int column: 2 rows
    _write(raw / "leerplicht/verzuim_2024-2025.csv",
           "GEMEENTECODE;GEMEENTENAAM;SCHOOLJAAR;ONDERWIJSSOORT;CATEGORIE;AANTAL\n"
           "0014;Groningen;2024-2025;PO;ABSOLUUT;<5\n0014;Groningen;2024-2025;VO;RELATIEF;12\n")
    # ignored: README, generator manifest, unrecognised names
    _write(raw / "README.md", "not a delivery\n")
    _write(raw / "_generator_manifest.json", "{}")
    _write(raw / "notes.csv", "a;b\n1;2\n")

    assert sorted(raw_files(raw)) == ["duo_1a_vestigingen_po", "ref_cluster12", "ref_gemeenten", "verzuim"]
    result = floor_scan(raw)
    fams = result["families"]
    assert fams["duo_1a_vestigingen_po"]["rows"] == 5
    assert fams["duo_1a_vestigingen_po"]["files"] == 2
    assert fams["ref_gemeenten"]["rows"] == 2
    assert fams["ref_gemeenten"]["read_as"] == "typed/latin-1"
    assert fams["verzuim"]["rows"] == 2
    assert fams["verzuim"]["read_as"] == "typed/utf-8"
    assert fams["ref_cluster12"]["rows"] == 1
    assert fams["ref_cluster12"]["read_as"] == "typed/cp1252-transcoded"
    assert result["rows"] == 5 + 2 + 1 + 2
    assert result["files"] == 5
    assert result["bytes"] == sum(f.stat().st_size for f in raw.rglob("*.csv") if f.name != "notes.csv")
