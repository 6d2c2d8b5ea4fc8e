"""pub_terugstroom: mart_terugstroom with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_terugstroom"), dbt.ref("masking_decisions"), name="terugstroom",
                         threshold=dbt.config.get("mask_threshold"))
