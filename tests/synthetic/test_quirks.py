"""Realism quirks (cp1252, BOM, lost leading zeros) are really in the files and listed in the manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagster_project.synthetic import generate
from tests.support.raw_files import manifest


@pytest.fixture(scope="module")
def quirky(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("quirky")
    return out, generate(out, scale="tiny", seed=5, quirks=True)


def test_quirks_are_listed_and_present(quirky: tuple[Path, dict]) -> None:
    root, m = quirky
    kinds = {q["quirk"] for q in m["quirks"]}
    assert kinds == {"cp1252", "bom", "lost_leading_zeros"}
    for q in m["quirks"]:
        assert q["files"], q
        for rel in q["files"]:
            raw = (root / rel).read_bytes()
            if q["quirk"] == "bom":
                assert raw.startswith(b"\xef\xbb\xbf")
            elif q["quirk"] == "cp1252":
                assert not raw.startswith(b"\xef\xbb\xbf")
                text = raw.decode("cp1252")
                if any(ord(ch) > 127 for ch in text):
                    with pytest.raises(UnicodeDecodeError):
                        raw.decode("utf-8")
            else:
                text = raw.decode("cp1252")
                header, *rows = text.splitlines()
                col = header.split(";").index(q["column"])
                width = 5 if q["column"] == "BESTUURSNUMMER" else 4
                values = [r.split(";")[col] for r in rows]
                assert any(len(v) < width for v in values), "some code lost its leading zeros"
    cp = next(q for q in m["quirks"] if q["quirk"] == "cp1252")
    accented = "".join((root / rel).read_bytes().decode("cp1252") for rel in cp["files"])
    assert any(ch in accented for ch in "úâïêô"), "accented names survive in cp1252"


def test_no_quirks_by_default_at_tiny(tiny: Path) -> None:
    m = manifest(tiny)
    assert m["quirks"] == [] and not m["quirks_enabled"]
    assert {f["encoding"] for f in m["files"]} == {"utf-8"}
