"""The movement parameters of the synthetic pupil population: entries, repeats, level changes, moves and exits.

Rates marked *published* are national figures (OCW, Kerncijfers passend onderwijs); the others are assumptions of
the order of magnitude seen in the DPO and in the Inspectie's Staat van het Onderwijs, chosen so that every flow the
indicators need occurs. Per-cohort rates are shares of one birth cohort (≈ 178 k pupils nationally); per-year rates
apply to every school year a pupil spends in that stage.
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL_COHORT = 178_000  # births per year behind the national figures


@dataclass(frozen=True)
class Movement:
    """Rates of the life-course model (``special_factor`` of a scale multiplies every sbo/so/vso rate)."""

    # ------------------------------------------------------------ entries into sbo / so (published, per cohort)
    sbo_uit_bo: float = 7_000 / NATIONAL_COHORT  # bo → sbo: ≈ 7 k a year
    sbo_direct: float = 1_300 / NATIONAL_COHORT  # first enrolment in sbo, no bo before: ≈ 1.3 k a year
    so_uit_bo: float = 3_500 / NATIONAL_COHORT  # bo → so: ≈ 3.5 k a year
    so_direct: float = 3_000 / NATIONAL_COHORT  # first enrolment in so, no bo before: ≈ 3 k a year
    instroomleeftijd_sbo: float = 7.8  # mean entry age over all sbo entrants (published)
    instroomleeftijd_so: float = 6.8  # mean entry age over all so entrants (published)
    direct_op_4: float = 0.75  # share of direct entrants who start at their 4th birthday (others arrive at 5-11)
    # ------------------------------------------------------------ moves and terugstroom in special education
    verplaatsing_sbo: float = 0.10  # sbo pupils who move to another sbo vestiging during their stay
    verplaatsing_so: float = 0.08  # so pupils (cluster 3/4) who move to another so vestiging
    verplaatsing_vso: float = 0.08  # vso pupils (cluster 3/4) who move to another vso vestiging
    terug_sbo_bao: float = 0.06  # sbo pupils who return to a bao school before the end of po
    terug_so_bao: float = 0.04  # so pupils who return to bao
    terug_vso_vo: float = 0.04  # vso pupils (entered from po) who return to regular vo (pro / vmbo b / k)
    vso_uit_vo: float = 0.005  # pupils of a cohort who go from regular vo (leerjaar 1-3) to vso
    # ------------------------------------------------------------ regular vo
    zittenblijven_vo: float = 0.05  # per vo school year: repeats the leerjaar (not in pro; one repeat per pupil)
    afstroom_vo: float = 0.09  # one level down at the start of leerjaar 2 or 3 (after the brugjaren)
    opstroom_vo: float = 0.05  # one level up at the start of leerjaar 2 or 3
    niet_bekostigd_vo: float = 0.005  # vo pupils whose vo enrolments are not bekostigd (BEKOSTIGD = N)
    voortijdig_vo: float = 0.004  # per vo school year from leerjaar 3: leaves education without a diploma
    # ------------------------------------------------------------ advies vo (groep 8)
    advies_herzien: float = 0.08  # pupils with a level advies below vwo whose advies is revised one step up
    advies_onbekend: float = 0.01  # advies recorded as onbekend (code 90); the pupil is placed on a level anyway
    advies_geen_mogelijk: float = 0.003  # geen advies mogelijk (code 80), besides recent arrivals from abroad
    advies_vso_geen_mogelijk: float = 0.2  # pupils going to vso: geen advies mogelijk instead of the vso advies
    # ------------------------------------------------------------ migration (per school year of a pupil aged 4-17)
    emigratie: float = 0.004  # leaves the country: in no later snapshot
    immigratie: float = 0.005  # arrives from abroad: first enrolment at a later age, in no earlier snapshot


MOVEMENT = Movement()
