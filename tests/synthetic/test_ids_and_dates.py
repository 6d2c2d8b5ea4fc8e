"""Unit tests of pupil numbers (11-proef) and the school calendar."""

from __future__ import annotations

import numpy as np

from dagster_project.synthetic.ids import elfproef, is_onderwijsnummer, make_bsns, make_onderwijsnummers
from dagster_project.synthetic.schoolcalendar import add_years, age_on, day, file_date, schoolyear_of, teldata, year_month_day


def test_elfproef_by_hand() -> None:
    # 111222333: 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 = 69; 69 - 3 = 66 = 6*11 -> valid
    assert elfproef("111222333")
    # 123456789: 9+16+21+24+25+24+21+16 = 156; 156 - 9 = 147 = 13*11 + 4 -> invalid
    assert not elfproef("123456789")
    assert not elfproef("12345678")


def test_generated_numbers_pass_their_check_and_are_distinct() -> None:
    rng = np.random.default_rng(3)
    bsn = make_bsns(rng, 5000)
    own = make_onderwijsnummers(rng, 500)
    assert len(set(bsn.tolist())) == 5000
    assert all(elfproef(str(b)) for b in bsn)
    assert all(is_onderwijsnummer(str(o)) and not elfproef(str(o)) and str(o).startswith("10") for o in own)


def test_calendar() -> None:
    assert [file_date(t, "iso") for t, _, _ in teldata([2024])] == ["2024-10-01", "2025-02-01"]
    assert file_date(day(2019, 8, 1), "duo") == "01_08_2019"
    # 1 February 2025 lies in schooljaar 2024-2025; 1 August 2025 starts 2025-2026
    assert schoolyear_of(np.array([day(2025, 2, 1), day(2025, 8, 1)])).tolist() == [2024, 2025]
    y, m, d = year_month_day(np.array([day(2024, 2, 29)]))
    assert (y[0], m[0], d[0]) == (2024, 2, 29)
    assert add_years(np.array([day(2020, 2, 29)]), 1)[0] == day(2021, 3, 1)
    # born 2 October 2016: 7 on 1 October 2024 (birthday not yet), 8 on 1 February 2025
    birth = np.array([day(2016, 10, 2)])
    assert age_on(birth, day(2024, 10, 1))[0] == 7
    assert age_on(birth, day(2025, 2, 1))[0] == 8
