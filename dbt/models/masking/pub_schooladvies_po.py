"""pub_schooladvies_po: mart_schooladvies_po with small counts masked (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_schooladvies_po"), threshold=dbt.config.get("mask_threshold"))
