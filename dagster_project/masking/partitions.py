"""The independent parts of the publication: the cells of one (sector, schooljaar), suppressed on their own.

Suppression is a problem over one linear system, but that system falls apart into pieces no relation joins. Every
relation inside a mart is over one measure (tellers with tellers, noemers with noemers) and holds the mart's
``sector`` and ``schooljaar`` fixed: the parts and the total of a sum differ only in grain, categorie, filter value
or populatie. A cross-mart link joins cells of one signature, or a union over onderwijstypes of one teldatum, and a
signature names its sector and teldatum (``masking.cover``). So a cell belongs to the part its declared signature
names, any other cell to the part of its row, and the cells of one part are a closed system. A row can have its
cells in two parts: a prognose ``telling`` row of 2022 published in the 2025-2026 prognose counts the pupils of
1 October 2022 (teller, with the 2022-2023 counts) against the basis of 1 October 2025 (noemer, with 2025-2026).

The masking model reads and suppresses one part at a time (``masking.dbt_model.decide_model``), which bounds the
memory of a national run by the largest part instead of the country. A test builds the whole system of the demo
publication and checks that no relation joins cells of two parts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dagster_project.masking import cover
from dagster_project.masking.relations import MEASURES


def schooljaar_of(teldatum: str) -> str:
    """The schooljaar a teldatum (ISO date) falls in: 1 August starts a new one (2024-10-01 -> 2024-2025,
    2025-02-01 -> 2024-2025)."""
    year, month = int(teldatum[:4]), int(teldatum[5:7])
    start = year if month >= 8 else year - 1
    return f"{start}-{start + 1}"


def cell_parts(mart: str, df: pd.DataFrame) -> np.ndarray:
    """The part (``sector|schooljaar``) of each cell of ``df``: rows x measures (teller, noemer).

    A cell with a declared signature (``cover.signatures``) belongs to the part its signature names; any other cell
    to the part of its row.
    """
    own = (df["sector"].astype(str) + "|" + df["schooljaar"].astype(str)).to_numpy(dtype=object)
    out = np.repeat(own[:, None], len(MEASURES), axis=1)
    sig = cover.signatures(mart, df, MEASURES)
    if not sig.empty:
        fields = sig["signature"].str.split("|", n=3, expand=True)
        named = (fields[1] + "|" + fields[2].map(lambda t: schooljaar_of(t) if t else "")).to_numpy(dtype=object)
        cells = sig["cell"].to_numpy()
        has = fields[2].to_numpy(dtype=object) != ""
        out.reshape(-1)[cells[has]] = named[has]
    return out


def rows_of_part(df: pd.DataFrame, parts: np.ndarray, part: str) -> pd.DataFrame:
    """The rows of ``df`` to suppress with ``part``: rows of that part and rows with a cell in it, where a measure
    whose cell belongs to another part is set to null (it is decided with its own part)."""
    own = ((df["sector"].astype(str) + "|" + df["schooljaar"].astype(str)).to_numpy(dtype=object) == part)
    here = parts == part
    keep = own | here.any(axis=1)
    out = df.loc[keep].copy()
    for m, measure in enumerate(MEASURES):
        if measure in out.columns and not here[keep, m].all():
            out[measure] = out[measure].where(here[keep, m])
    return out.reset_index(drop=True)


def part_sources(marts: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """Per mart: part -> the row parts (``sector|schooljaar``) whose rows hold a cell of that part."""
    out: dict[str, dict[str, list[str]]] = {}
    for name, rel in marts.items():
        row_parts = [f"{s}|{j}" for s, j in rel.select("sector, schooljaar").distinct().order("all").fetchall()]
        by_part: dict[str, set[str]] = {p: {p} for p in row_parts}
        if name in cover.DECLARATIONS:
            for p in row_parts:
                cells = cell_parts(name, rel.filter(part_filter(p)).df())
                for q in set(cells.reshape(-1).tolist()):
                    by_part.setdefault(q, set()).add(p)
        out[name] = {q: sorted(ps) for q, ps in by_part.items()}
    return out


def rows_for(name: str, rel: Any, row_parts: list[str], part: str) -> pd.DataFrame:
    """The rows of mart ``name`` to suppress with ``part`` (``rows_of_part``), read from ``rel``."""
    frames = []
    for p in row_parts:
        df = rel.filter(part_filter(p)).df()
        if p == part and name not in cover.DECLARATIONS:
            frames.append(df)
        else:
            frames.append(rows_of_part(df, cell_parts(name, df), part))
    if not frames:
        return rel.limit(0).df()
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def part_filter(part: str) -> str:
    """A filter on sector and schooljaar selecting the rows of ``part`` (``sector|schooljaar``)."""
    sector, schooljaar = (text.replace("'", "''") for text in part.split("|", 1))
    return f"sector = '{sector}' and schooljaar = '{schooljaar}'"
