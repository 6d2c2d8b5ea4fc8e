"""pub_gemeentetabel: mart_gemeentetabel with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_gemeentetabel"), dbt.ref("masking_decisions"), name="gemeentetabel",
                         threshold=dbt.config.get("mask_threshold"))
