-- BRON-derived bekostigd pupils = DUO 1B (warns on discrepancies; published in mart_recon_bron_1b)
{{ config(severity='warn') }}
select * from {{ ref('mart_recon_bron_1b') }} where is_afwijking
