-- Vestigingen of the DUO open data whose PC4 lies in no SWV region (e.g. Europoort, or no known postcode):
-- listed with their pupils so that national totals reconcile, never dropped silently.
select
    peildatum,
    schooljaar,
    sector,
    categorie,
    vestigingscode,
    brin,
    vestigingsnummer,
    vestigingsnaam,
    postcode,
    pc4,
    reden_geen_swv,
    aantal_leerlingen,
    _source_file
from {{ ref('mart_opendata_vestigingen_regio') }}
where swv_code is null
