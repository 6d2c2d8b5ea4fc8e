"""pub_peildatum_1_februari: mart_peildatum_1_februari with small counts masked (docs/publication.md)."""

from dagster_project.publish.dbt_model import publish_model


def model(dbt, session):
    dbt.config(materialized="table")
    return publish_model(dbt, session, dbt.ref("mart_peildatum_1_februari"))
