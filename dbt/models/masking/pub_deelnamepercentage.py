"""pub_deelnamepercentage: mart_deelnamepercentage with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_deelnamepercentage"), dbt.ref("masking_decisions"), name="deelnamepercentage",
                         threshold=dbt.config.get("mask_threshold"))
