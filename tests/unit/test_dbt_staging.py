"""The dbt staging layer is generated from the contracts: the checked-in files match, and a contract change shows."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from dagster_project import dbt_staging
from dagster_project.contracts import FAMILY_BY_NAME, Column, FilenameColumn
from dagster_project.settings import DBT_PROJECT_DIR


def test_checked_in_staging_is_what_the_contracts_generate() -> None:
    stale = dbt_staging.stale_files()
    assert not stale, (f"staging files out of date with the contracts: {[p.name for p in stale]}; "
                       "run `python -m dagster_project.dbt_staging`")


def test_check_mode_exits_zero_on_the_checked_in_files() -> None:
    assert dbt_staging.main(["--check"]) == 0


def test_every_staging_model_on_disk_is_declared_in_the_yml() -> None:
    """No hand-written stg_ model beside the generated ones (open data, in its own folder, excepted)."""
    on_disk = {p.stem for p in (DBT_PROJECT_DIR / "models" / "staging").glob("stg_*.sql")}
    declared = {m["name"] for m in yaml.safe_load(dbt_staging.render_staging_yml())["models"]}
    assert on_disk == declared
    assert "stg_bron_inschrijvingen" in declared and "stg_opendata_vsv_swv" not in declared


def test_a_column_added_to_a_contract_reaches_sql_and_yml() -> None:
    """A nullable code column with a code list: cast to varchar, documented, accepted_values but no not_null."""
    fam = FAMILY_BY_NAME["ref_swv"]
    changed = dataclasses.replace(fam, columns=(*fam.columns, Column("REGIO", "regio", "code", nullable=True,
                                                                      code_list=("NOORD", "ZUID"))))
    sql = dbt_staging.render_sql(changed)
    assert "        cast(regio as varchar) as regio," in sql
    assert "cast(regio" not in dbt_staging.render_sql(fam)
    model = yaml.safe_load("\n".join(["models:", *dbt_staging.render_model_yml(changed)]))["models"][0]
    column = next(c for c in model["columns"] if c["name"] == "regio")
    assert column["description"] == "REGIO: code (text, leading zeros kept) (NOORD, ZUID)"
    assert column["data_tests"] == [{"accepted_values": {"arguments": {"values": ["NOORD", "ZUID"]}}}]
    # the key test is per delivered file
    assert model["data_tests"] == [{"unique_combination": {"arguments": {"columns": ["swv_code", "_source_file"]}}}]


def test_file_name_parts_take_their_staging_name_from_the_contract() -> None:
    cols = {c.landing: c for c in dbt_staging.staging_columns(FAMILY_BY_NAME["duo_1a_tlv"])}
    assert (cols["bestand_swv_code"].name, cols["bestand_datum"].name) == ("swv_code", "teldatum")
    assert cols["bestand_datum"].sql_type == "date" and cols["bestand_datum"].not_null
    bron = {c.landing: c for c in dbt_staging.staging_columns(FAMILY_BY_NAME["bron_inschrijvingen"])}
    assert bron["bestand_datum"].name == "bestand_datum" and not bron["bestand_datum"].not_null
    # a count delivered as '<5' gets its gemaskeerd flag right after it
    verzuim = [c.name for c in dbt_staging.staging_columns(FAMILY_BY_NAME["verzuim"])]
    assert verzuim[verzuim.index("aantal") + 1] == "aantal_gemaskeerd"


def test_a_renamed_part_the_file_name_does_not_have_is_refused() -> None:
    fam = dataclasses.replace(FAMILY_BY_NAME["ref_gemeenten"], staging_filename_columns=(
        FilenameColumn("bestand_swv_code", "swv_code", "SWV"),))
    with pytest.raises(ValueError, match=r"ref_gemeenten.*bestand_swv_code"):
        dbt_staging.staging_columns(fam)


def test_a_staging_name_used_twice_is_refused() -> None:
    fam = dataclasses.replace(FAMILY_BY_NAME["ref_gemeenten"], staging_filename_columns=(
        FilenameColumn("bestand_datum", "gemeentenaam", "clash"),))
    with pytest.raises(ValueError, match="gemeentenaam"):
        dbt_staging.staging_columns(fam)


def test_write_repairs_an_edited_file_and_removes_a_stray_model(tmp_path) -> None:
    files = dbt_staging.rendered_files(tmp_path)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    assert dbt_staging.stale_files(tmp_path) == []
    edited = tmp_path / "stg_ref_swv.sql"
    edited.write_text(edited.read_text(encoding="utf-8").replace("swv_naam", "naam"), encoding="utf-8")
    stray = tmp_path / "stg_hand_written.sql"
    stray.write_text("select 1", encoding="utf-8")
    assert set(dbt_staging.stale_files(tmp_path)) == {edited, stray}
    assert set(dbt_staging.write(tmp_path)) == {edited, stray}
    assert not stray.exists()
    assert edited.read_text(encoding="utf-8") == files[edited]
    assert dbt_staging.stale_files(tmp_path) == []
