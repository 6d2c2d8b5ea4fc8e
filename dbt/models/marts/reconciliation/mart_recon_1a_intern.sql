-- DUO 1A internal consistency, one row per failed check with its reason code:
-- per vestiging TOTAAL = sum of the AANTAL_* categories; Totaal sbo/so/vso: MET_TLV_DIT_SWV + MET_TLV_ANDER_SWV = TOTAAL;
-- vo vestigingen: VAVO gedeeltelijk bekostigd, LWOO and PRO are disjoint parts of Totaal, so their sum is at most
-- Totaal (Nieuwkomers are counted beside Totaal and take no part in the check)
with vestiging_sommen as (
    select
        swv_code,
        teldatum,
        schoolsoort,
        vestigingscode,
        totaal,
        aantal_hoog_tlv + aantal_hoog_rp + aantal_hoog_overig
        + aantal_midden_tlv + aantal_midden_rp + aantal_midden_overig
        + aantal_laag_tlv + aantal_laag_rp + aantal_laag_overig
        + aantal_sbo_tlv + aantal_sbo_overig as som_delen,
        _source_file,
        _source_row
    from {{ ref('stg_duo_1a_tlv') }}
),

totaal_sommen as (
    select
        swv_code,
        teldatum,
        schoolsoort,
        totaal,
        met_tlv_dit_swv + met_tlv_ander_swv as som_delen,
        _source_file,
        _source_row
    from {{ ref('stg_duo_1a_totaal') }}
),

vo_deelaantallen as (
    select
        swv_code,
        teldatum,
        'VO' as schoolsoort,
        vestigingscode,
        totaal,
        vavo_gedeeltelijk_bekostigd + lwoo + pro as som_delen,
        _source_file,
        _source_row
    from {{ ref('stg_duo_1a_vestigingen_vo') }}
),

afwijkingen as (
    select
        'totaal_ongelijk_som_categorieen' as reden_code, swv_code, teldatum, schoolsoort, vestigingscode,
        totaal, som_delen, _source_file, _source_row
    from vestiging_sommen
    where totaal is distinct from som_delen
    union all
    select
        'dit_plus_ander_ongelijk_totaal' as reden_code, swv_code, teldatum, schoolsoort, null as vestigingscode,
        totaal, som_delen, _source_file, _source_row
    from totaal_sommen
    where totaal is distinct from som_delen
    union all
    select
        'vo_deelaantallen_groter_dan_totaal' as reden_code, swv_code, teldatum, schoolsoort, vestigingscode,
        totaal, som_delen, _source_file, _source_row
    from vo_deelaantallen
    where som_delen > totaal
)

select
    'DUO 1A intern' as controle,
    reden_code,
    swv_code,
    teldatum,
    schoolsoort,
    vestigingscode,
    totaal,
    som_delen,
    som_delen - totaal as verschil,
    _source_file as bestand,
    _source_row as bestand_regel
from afwijkingen
