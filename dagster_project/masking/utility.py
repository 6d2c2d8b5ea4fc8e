"""What masking costs: per pub_ mart and grain, the share of teller/noemer cells hidden against the share that had to be.

``python -m dagster_project.masking.utility WAREHOUSE/passend.duckdb`` prints the table. A cell is a non-null
teller or noemer of the unmasked mart; it is *primary* when its true value is a count 0 < n < threshold (it must be
hidden) and *masked* when the published pub_ row has it null. The rest of the masked cells is the price of
secondary suppression.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dagster_project.duckdb_connect import connect

MEASURES = ("teller", "noemer")


def masked_shares(db_path: Path | str, *, threshold: int = 5) -> pd.DataFrame:
    """One row per pub_ mart × grain (plus an ``alle`` row per mart): cells, primary, masked and their shares."""
    parts = []
    with connect(str(db_path), read_only=True) as con:
        marts = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'masking' "
            "and starts_with(table_name, 'pub_') order by 1").fetchall()]
        for pub in marts:
            mart = "mart_" + pub.removeprefix("pub_")
            if not con.execute("select count(*) from information_schema.tables where table_schema = 'marts' "
                               "and table_name = ?", [mart]).fetchone()[0]:
                continue
            keys = [r[0] for r in con.execute(f'describe marts."{mart}"').fetchall()]
            keys = keys[: keys.index("teller")]
            keys = [k for k in keys if k != "grain_naam"]
            on = " and ".join(f'm."{k}" is not distinct from p."{k}"' for k in keys)
            cells = " union all ".join(
                f"select m.grain, m.{c} as waarde, p.{c} is null as masked from marts.\"{mart}\" as m "
                f"join masking.\"{pub}\" as p on {on} where m.{c} is not null" for c in MEASURES)
            frame = con.execute(f"""
                select ? as model, grain, count(*) as cells,
                    count(*) filter (where waarde > 0 and waarde < ?) as primary_cells,
                    count(*) filter (where masked) as masked_cells
                from ({cells}) group by grain""", [pub, threshold]).df()
            parts.append(frame)
    if not parts:
        return pd.DataFrame(columns=["model", "grain", "cells", "primary_cells", "masked_cells"])
    out = pd.concat(parts, ignore_index=True)
    total = out.groupby("model", as_index=False)[["cells", "primary_cells", "masked_cells"]].sum()
    out = pd.concat([out, total.assign(grain="alle")], ignore_index=True).sort_values(["model", "grain"])
    out["primary_share"] = out["primary_cells"] / out["cells"]
    out["masked_share"] = out["masked_cells"] / out["cells"]
    out["masked_per_primary"] = out["masked_cells"] / out["primary_cells"].where(out["primary_cells"] > 0)
    return out.reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dagster_project.masking.utility", description=__doc__)
    parser.add_argument("db", type=Path, help="a built or published warehouse file")
    parser.add_argument("--threshold", type=int, default=5)
    args = parser.parse_args(argv)
    table = masked_shares(args.db, threshold=args.threshold)
    pd.set_option("display.width", 200)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
