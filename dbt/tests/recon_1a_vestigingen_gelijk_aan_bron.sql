-- DUO 1A vestigingen totals = BRON counts (warns; published in mart_recon_1a_vestigingen_bron)
{{ config(severity='warn') }}
select * from {{ ref('mart_recon_1a_vestigingen_bron') }}
