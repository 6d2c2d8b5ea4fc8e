"""pub_aantal_leerlingen: mart_aantal_leerlingen with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_aantal_leerlingen"), dbt.ref("masking_decisions"), name="aantal_leerlingen",
                         threshold=dbt.config.get("mask_threshold"))
