"""pub_uitstroom_naar_vo: mart_uitstroom_naar_vo with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_uitstroom_naar_vo"), dbt.ref("masking_decisions"), name="uitstroom_naar_vo",
                         threshold=dbt.config.get("mask_threshold"))
