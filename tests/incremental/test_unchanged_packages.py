"""Only the packages of SWVs whose published rows changed are written again; the others stay byte-identical.

Hand-made published rows of three po SWVs (PO2401..PO2403) with a landelijk row and one vestiging row each. Between
two runs only PO2401's vestiging row changes (a pupil moved between two of its vestigingen: its swv total, the
landelijk figures and every chart stay the same), so only PO2401's package may differ.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from dagster_project.exports.package_data import PackageData, with_positions
from dagster_project.exports.packages import FINGERPRINTS_FILE, read_fingerprints, write_swv_packages

J = "2024-2025"
CODES = ["PO2401", "PO2402", "PO2403"]


def row(swv: str | None, grain: str, grain_code: str, teller: int, noemer: int) -> dict:
    waarde = 100 * teller / noemer
    return {"indicator": "deelnamepercentage", "sector": "po", "swv_code": swv, "schooljaar": J,
            "peildatum": pd.Timestamp("2024-10-01"), "populatie": None, "grain": grain, "grain_code": grain_code,
            "grain_naam": grain_code, "categorie": "sbo", "teller": teller, "noemer": noemer, "waarde": waarde,
            "waarde_gemiddelde_swv": 80 / 3 if grain == "landelijk" else None, "gemaskeerd": False,
            "weergave": f"{waarde:.1f}".replace(".", ",")}


def published(vestiging_teller_po2401: int) -> PackageData:
    # swv rows: 5/50 = 10 %, 6/20 = 30 %, 8/20 = 40 %; landelijk 19/90, mean of the SWVs (10 + 30 + 40) / 3
    rows = [row("PO2401", "swv", "PO2401", 5, 50), row("PO2402", "swv", "PO2402", 6, 20),
            row("PO2403", "swv", "PO2403", 8, 20), row(None, "landelijk", "NL", 19, 90),
            row("PO2401", "vestiging", "01AB00", vestiging_teller_po2401, 25),
            row("PO2402", "vestiging", "02AB00", 6, 20), row("PO2403", "vestiging", "03AB00", 8, 20)]
    return PackageData.prepare({"deelnamepercentage": with_positions(pd.DataFrame(rows))}, None)


def files(root: Path, code: str) -> dict[str, tuple[str, int]]:
    """name -> (sha256, mtime in ns) of every file of one package."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted((root / code).iterdir())}


def test_only_the_changed_swv_package_is_written_again(tmp_path: Path) -> None:
    first, second = tmp_path / "run1" / "swv", tmp_path / "run2" / "swv"
    assert write_swv_packages(first, CODES, published(3), workers=1) == 3
    written = write_swv_packages(second, CODES, published(4), workers=1, previous_root=first)

    assert written == 1  # PO2401 only
    for code in ("PO2402", "PO2403"):  # copied: same bytes and the same modification time as the published file
        assert files(second, code) == files(first, code)
    before, after = files(first, "PO2401"), files(second, "PO2401")
    assert sorted(before) == sorted(after)
    assert all(after[name][1] != before[name][1] for name in after)  # every file of the package written again
    fingerprints = read_fingerprints(second)
    assert sorted(fingerprints) == CODES and fingerprints["PO2402"] == read_fingerprints(first)["PO2402"]
    assert fingerprints["PO2401"] != read_fingerprints(first)["PO2401"]
    # no digit in the fingerprints: the export scan looks for 9-digit numbers (BSN 11-proef) in every file
    assert (second / FINGERPRINTS_FILE).exists()
    assert not any(ch.isdigit() for value in fingerprints.values() for ch in value)


def test_a_changed_landelijk_benchmark_rewrites_every_package(tmp_path: Path) -> None:
    first, second = tmp_path / "run1" / "swv", tmp_path / "run2" / "swv"
    write_swv_packages(first, CODES, published(3), workers=1)
    changed = published(3)
    changed.landelijk.loc[:, "teller"] = 20  # the landelijk tab is in every package
    assert write_swv_packages(second, CODES, changed, workers=1, previous_root=first) == 3


def test_without_published_fingerprints_every_package_is_written(tmp_path: Path) -> None:
    first, second = tmp_path / "run1" / "swv", tmp_path / "run2" / "swv"
    write_swv_packages(first, CODES, published(3), workers=1)
    (first / FINGERPRINTS_FILE).unlink()  # e.g. exports published before packages had fingerprints
    assert write_swv_packages(second, CODES, published(3), workers=1, previous_root=first) == 3
