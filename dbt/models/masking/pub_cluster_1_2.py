"""pub_cluster_1_2: mart_cluster_1_2 with the masking decisions applied (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_cluster_1_2"), dbt.ref("masking_decisions"), name="cluster_1_2",
                         threshold=dbt.config.get("mask_threshold"))
