"""The published columns the exports rely on: the numbers of the indicator shape, filter columns, labels, sources."""

from __future__ import annotations

import pandas as pd

NUMBERS = ("teller", "noemer", "waarde", "waarde_gemiddelde_swv")
# the flow indicators follow each pupil from one 1 October snapshot to another
FLOW_INDICATORS = ("instroom_vanuit_po", "uitstroom_naar_vo", "uitstroom_naar_vervolgonderwijs", "terugstroom",
                   "schooladvies_po", "schooladvies_vo", "verplaatsingen")
FLOW_BRON = "DUO BRON (inschrijvingen op 1 oktober, leerlingen gevolgd van jaar tot jaar), bewerking passend-warehouse"
BRON = {
    "gemeentetabel": "DUO BRON (inschrijvingen), bewerking passend-warehouse",
    "leerlingprognose": "DUO prognoses (po per vestiging, vo per instelling), bewerking passend-warehouse",
    **{name: FLOW_BRON for name in FLOW_INDICATORS},
}
# The categorie a chart of a distribution draws (its 'totaal' is 100 % and says nothing): the share placed
# conform the advies, the pupils who moved to the SWV's schools.
CHART_CATEGORIE = {"schooladvies_po": "leerjaar_3_conform_advies", "schooladvies_vo": "leerjaar_3_conform_advies",
                   "verplaatsingen": "naar_mijn_scholen"}
DEFAULT_BRON = "DUO BRON / 1A / 1B, bewerking passend-warehouse"
LANDELIJK_COLUMNS = ("indicator", "sector", "schooljaar", "peildatum", "populatie", "categorie", *NUMBERS,
                     "gemaskeerd", "weergave")
# The landelijk benchmark of the dashboard (DPO manual 4.1) is the mean of the SWV values of the sector
# (waarde_gemiddelde_swv); the pooled national figure (sum of tellers over sum of noemers, or the national total of a
# count: waarde of the landelijk row) is shown beside it. Both are labelled wherever they appear.
BENCHMARK_LABEL = "landelijk gemiddelde van de samenwerkingsverbanden"
POOLED_LABEL = "landelijk totaal (alle leerlingen samen)"
LANDELIJK_HEADERS = {"waarde_gemiddelde_swv": f"{BENCHMARK_LABEL} (benchmark)", "waarde": POOLED_LABEL}
GEMEENTE_COLUMNS = ("grain", "grain_code", "sector", "peildatum", "categorie", "zorgcategorie", "waarde")


def filter_columns(frame: pd.DataFrame) -> list[str]:
    """Filter and extra key columns: between ``categorie`` and ``teller`` (contract order)."""
    cols = list(frame.columns)
    return cols[cols.index("categorie") + 1: cols.index("teller")]
