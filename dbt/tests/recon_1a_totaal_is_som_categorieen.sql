-- DUO 1A: TOTAAL = sum of categories per vestiging and dit + ander SWV = TOTAAL (warns; published in mart_recon_1a_intern)
{{ config(severity='warn') }}
select * from {{ ref('mart_recon_1a_intern') }}
