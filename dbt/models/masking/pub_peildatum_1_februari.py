"""pub_peildatum_1_februari: mart_peildatum_1_februari with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_peildatum_1_februari"), dbt.ref("masking_decisions"), name="peildatum_1_februari",
                         threshold=dbt.config.get("mask_threshold"))
