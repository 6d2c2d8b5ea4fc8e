"""pub_schooladvies_po: mart_schooladvies_po with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_schooladvies_po"), dbt.ref("masking_decisions"), name="schooladvies_po",
                         threshold=dbt.config.get("mask_threshold"))
