"""pub_instroom_vanuit_po: mart_instroom_vanuit_po with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_instroom_vanuit_po"), dbt.ref("masking_decisions"), name="instroom_vanuit_po",
                         threshold=dbt.config.get("mask_threshold"))
