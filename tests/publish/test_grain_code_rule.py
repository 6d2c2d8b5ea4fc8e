"""The blocking check grain_code_wellformed accepts exactly the grain codes the indicator marts document.

A grensverkeer (swv_ander) row may name the other SWV as `onbekend` (a (v)so pupil without a determinable funding
SWV, or at a vestiging whose PC4 lies in no region); on every other grain `onbekend` is malformed.
"""

from __future__ import annotations

import pandas as pd

from dagster_project.checks.publication import validate_frame


def row(grain: str, grain_code: str, swv_code: str | None = "PO2401") -> dict:
    return {
        "indicator": "aantal_leerlingen", "sector": "po", "swv_code": swv_code, "schooljaar": "2024-2025",
        "peildatum": pd.Timestamp("2024-10-01"), "populatie": "bekostigd", "grain": grain, "grain_code": grain_code,
        "grain_naam": "x", "categorie": "so", "teller": 12.0, "noemer": None, "waarde": 12.0,
        "waarde_gemiddelde_swv": None, "gemaskeerd": False, "weergave": "12",
    }


def grain_code_check(rows: list[dict]):
    outcomes = {o.name: o for o in validate_frame(pd.DataFrame(rows), "pub_t", threshold=5)}
    return outcomes["grain_code_wellformed"]


def test_onbekend_other_swv_on_a_grensverkeer_row_passes():
    rows = [row("swv", "PO2401"), row("swv_ander", "PO2402"), row("swv_ander", "onbekend"),
            row("vestiging", "10AA00"), row("landelijk", "NL", swv_code=None)]
    check = grain_code_check(rows)
    assert check.passed and check.blocking


def test_onbekend_elsewhere_and_malformed_codes_fail():
    rows = [row("swv_ander", "onbekend"),   # fine
            row("swv", "onbekend"),         # an SWV row is always a real SWV
            row("vestiging", "onbekend"),   # 8 characters, lower case
            row("swv_ander", "Onbekend"),   # only the exact word
            row("swv_ander", "XX2401")]     # not PO/VO
    check = grain_code_check(rows)
    assert not check.passed and check.blocking
    assert check.failing_count == 4
