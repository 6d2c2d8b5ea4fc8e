"""pub_terugstroom: mart_terugstroom with small counts masked (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_terugstroom"), threshold=dbt.config.get("mask_threshold"))
