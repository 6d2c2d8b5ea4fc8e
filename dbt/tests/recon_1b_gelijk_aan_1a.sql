-- DUO 1B aggregated = 1A per vestiging, soort and niveau (warns; published in mart_recon_1b_1a)
{{ config(severity='warn') }}
select * from {{ ref('mart_recon_1b_1a') }}
