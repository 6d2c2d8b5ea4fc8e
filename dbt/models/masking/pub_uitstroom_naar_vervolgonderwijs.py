"""pub_uitstroom_naar_vervolgonderwijs: its mart with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_uitstroom_naar_vervolgonderwijs"), dbt.ref("masking_decisions"),
                         name="uitstroom_naar_vervolgonderwijs", threshold=dbt.config.get("mask_threshold"))
