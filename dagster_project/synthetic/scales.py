"""Size presets of the synthetic data set: tiny (tests), demo (default run) and national (benchmark)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """How big a generated data set is.

    cohort_size:    births per year over the whole country of the data set (≈ pupils per groep / leerjaar)
    special_factor: multiplier on the sbo/so/vso/residential rates (tiny boosts them so every path appears)
    """

    name: str
    n_po_swv: int  # regional po SWVs (PO0001 comes on top)
    n_vo_swv: int  # regional vo SWVs (VO0001 comes on top)
    n_years: int  # school years generated, ending at the last school year
    cohort_size: int
    pc4_per_swv: int
    quirks: bool
    special_factor: float = 1.0
    real_geography: bool = False  # base SWVs/PC4s on the official regio-indeling when available
    progress: bool = False
    outflow_years: int = 2  # school years of mbo/hbo/wo enrolment written after leaving vo


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", n_po_swv=2, n_vo_swv=2, n_years=4, cohort_size=160, pc4_per_swv=6, quirks=False,
                  special_factor=3.0),
    "demo": Scale("demo", n_po_swv=6, n_vo_swv=6, n_years=4, cohort_size=14_000, pc4_per_swv=25, quirks=True,
                  progress=True),
    "national": Scale("national", n_po_swv=76, n_vo_swv=74, n_years=6, cohort_size=178_000, pc4_per_swv=53,
                      quirks=False, real_geography=True, progress=True),
}

DEFAULT_LAST_SCHOOLYEAR = 2025  # schooljaar 2025-2026
