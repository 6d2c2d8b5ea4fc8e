"""masking_decisions: the mask status of every teller and noemer of the published marts, decided together.

One row per row of each mart: which of teller and noemer is hidden and whether the display may say '<threshold'.
The marts are suppressed as one system (docs/publication.md), so a count published in two marts has one status.
A new published mart is one line below plus its pub_<indicator>.py and its entry in _publish.yml.
"""

from dagster_project.masking.dbt_model import decide_model


def model(dbt, session):
    dbt.config(materialized="table")
    marts = {
        "aantal_leerlingen": dbt.ref("mart_aantal_leerlingen"),
        "apc_leerlingen": dbt.ref("mart_apc_leerlingen"),
        "cluster_1_2": dbt.ref("mart_cluster_1_2"),
        "deelnamepercentage": dbt.ref("mart_deelnamepercentage"),
        "gemeentetabel": dbt.ref("mart_gemeentetabel"),
        "gewichtenleerlingen": dbt.ref("mart_gewichtenleerlingen"),
        "instroom_vanuit_po": dbt.ref("mart_instroom_vanuit_po"),
        "leerlingprognose": dbt.ref("mart_leerlingprognose"),
        "peildatum_1_februari": dbt.ref("mart_peildatum_1_februari"),
        "schooladvies_po": dbt.ref("mart_schooladvies_po"),
        "schooladvies_vo": dbt.ref("mart_schooladvies_vo"),
        "terugstroom": dbt.ref("mart_terugstroom"),
        "uitstroom_naar_vervolgonderwijs": dbt.ref("mart_uitstroom_naar_vervolgonderwijs"),
        "uitstroom_naar_vo": dbt.ref("mart_uitstroom_naar_vo"),
        "verplaatsingen": dbt.ref("mart_verplaatsingen"),
    }
    return decide_model(session, marts, threshold=dbt.config.get("mask_threshold"))
