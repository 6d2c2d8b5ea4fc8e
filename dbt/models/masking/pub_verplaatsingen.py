"""pub_verplaatsingen: mart_verplaatsingen with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_verplaatsingen"), dbt.ref("masking_decisions"), name="verplaatsingen",
                         threshold=dbt.config.get("mask_threshold"))
