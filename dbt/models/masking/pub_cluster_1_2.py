"""pub_cluster_1_2: mart_cluster_1_2 with small counts masked (docs/publication.md)."""

from dagster_project.masking.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(session, dbt.ref("mart_cluster_1_2"), threshold=dbt.config.get("mask_threshold"))
