"""Blocking GX Core suites on every published (pub_) mart: masking, value ranges, code formats, mask consistency."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dagster_project.duckdb_connect import connect
from dagster_project.settings import Settings

SWV_CODE = r"^(PO|VO)\d{4}$"
SCHOOLJAAR = r"^\d{4}-\d{4}$"
# grain -> what grain_code must look like. A grensverkeer (swv_ander) row names the other SWV, or `onbekend` for the
# (v)so pupils whose other SWV cannot be determined (no funding SWV, or a vestiging PC4 in no region): those rows keep
# the swv_ander breakdown complete (it adds up to the SWV row, so no masked cell is recomputable as total minus the
# published others), so they are published and must not block publication.
GRAIN_CODE = {"swv": SWV_CODE, "swv_ander": r"^((PO|VO)\d{4}|onbekend)$", "vestiging": r"^[0-9A-Z]{6}$",
              "gemeente": r"^\d{4}$", "landelijk": r"^NL$"}
SAMPLE = 10


@dataclass
class CheckOutcome:
    """Result of one check on one published model (the orchestration turns it into a Dagster asset check)."""

    name: str
    asset: str
    passed: bool
    blocking: bool
    description: str
    failing_rows: list[dict] = field(default_factory=list)
    failing_count: int = 0


@dataclass(frozen=True)
class _Check:
    name: str
    flag: str  # helper column: True where the row is fine
    description: str
    blocking: bool = True


def _flags(df: pd.DataFrame, threshold: int) -> tuple[pd.DataFrame, list[_Check]]:
    """Helper columns (True = row passes) the expectations assert on; computed in pandas, asserted by GX."""
    out = pd.DataFrame(index=df.index)
    checks: list[_Check] = []
    for col in ("teller", "noemer"):
        if col in df.columns:
            v = pd.to_numeric(df[col], errors="coerce")
            out[f"ok_{col}_niet_klein"] = ~((v > 0) & (v < threshold)).fillna(False)
            checks.append(_Check(f"geen_kleine_{col}", f"ok_{col}_niet_klein",
                                 f"no published {col} in 1..{threshold - 1} (primary suppression)"))
    if {"teller", "noemer", "waarde"} <= set(df.columns):
        t, n, w = (pd.to_numeric(df[c], errors="coerce") for c in ("teller", "noemer", "waarde"))
        share = n.notna() & (n != 0) & t.notna() & w.notna() & ((w - 100 * t / n).abs() < 1e-6)
        out["ok_percentage_0_100"] = ~share | ((w >= -1e-9) & (w <= 100 + 1e-9))
        checks.append(_Check("percentage_0_100", "ok_percentage_0_100",
                             "every percentage (waarde = 100 teller / noemer) lies within 0-100"))
    if "swv_code" in df.columns:
        s = df["swv_code"].astype("object")
        out["ok_swv_code"] = s.isna() | s.astype(str).str.match(SWV_CODE)
        if "grain" in df.columns:
            out["ok_swv_code"] &= s.notna() | (df["grain"] == "landelijk")
        checks.append(_Check("swv_code_wellformed", "ok_swv_code", "swv_code is PO/VO + 4 digits (null only on landelijk)"))
    if "schooljaar" in df.columns:
        out["ok_schooljaar"] = df["schooljaar"].astype("object").astype(str).str.match(SCHOOLJAAR)
        checks.append(_Check("schooljaar_wellformed", "ok_schooljaar", "schooljaar looks like 2024-2025"))
    if {"grain", "grain_code"} <= set(df.columns):
        ok = np.ones(len(df), dtype=bool)
        for grain, pattern in GRAIN_CODE.items():
            sel = (df["grain"] == grain).to_numpy()
            ok[sel] = df.loc[sel, "grain_code"].astype(str).str.match(pattern).to_numpy()
        known = df["grain"].isin(list(GRAIN_CODE)).to_numpy()
        out["ok_grain_code"] = ok & known
        checks.append(_Check("grain_code_wellformed", "ok_grain_code",
                             "grain is known and grain_code fits it (SWV code; swv_ander also 'onbekend'; 6-char vestigingscode, "
                             "4-digit gemeente, NL)"))
    if {"gemaskeerd", "weergave", "waarde"} <= set(df.columns):
        g = df["gemaskeerd"].astype("boolean")
        shown_masked = df["weergave"].isin(["gemaskeerd", f"<{threshold}"])
        nums = [c for c in ("teller", "noemer", "waarde", "waarde_gemiddelde_swv") if c in df.columns]
        any_null = df[nums].isna().any(axis=1)
        ok = g.notna() & ~(shown_masked & (~g.fillna(False) | df["waarde"].notna())) & ~(g.fillna(False) & ~any_null)
        ok &= ~(~g.fillna(True) & df["waarde"].notna() & df["weergave"].isna())
        out["ok_gemaskeerd"] = ok.fillna(False).astype(bool)
        checks.append(_Check("gemaskeerd_consistent", "ok_gemaskeerd",
                             "gemaskeerd agrees with the nulls and with weergave ('<5' / 'gemaskeerd' only on masked rows)"))
    return out.astype(bool), checks


def validate_frame(df: pd.DataFrame, model: str, *, threshold: int, context=None) -> list[CheckOutcome]:
    """Run the suite on one published frame in an (ephemeral) GX context."""
    import great_expectations.expectations as gxe

    context = context or _quiet_context()
    flags, checks = _flags(df, threshold)
    source = context.data_sources.add_pandas(name=f"pub_{model}_{id(df)}")
    asset = source.add_dataframe_asset(name=model)
    batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": flags})
    outcomes: list[CheckOutcome] = []
    for check in checks:
        result = batch.validate(gxe.ExpectColumnValuesToBeInSet(column=check.flag, value_set=[True]))
        failing = df.loc[~flags[check.flag]]
        outcomes.append(CheckOutcome(
            name=check.name, asset=model, passed=bool(result.success), blocking=check.blocking,
            description=check.description, failing_count=len(failing),
            failing_rows=[{k: (None if pd.isna(v) else str(v)) for k, v in r.items()}
                          for r in failing.head(SAMPLE).to_dict("records")],
        ))
    return outcomes


def _quiet_context():
    """An ephemeral GX context without tqdm progress bars (they would fill the Dagster run log)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def published_models(con) -> list[str]:
    """Names of the pub_ tables in schema masking."""
    rows = con.execute("select table_name from information_schema.tables where table_schema = 'masking' "
                       "and table_name like 'pub\\_%' escape '\\' order by 1").fetchall()
    return [r[0] for r in rows if re.match(r"^pub_\w+$", r[0])]


def run_publication_checks(db_path: Path, *, threshold: int | None = None) -> list[CheckOutcome]:
    """Every check on every ``publish.pub_*`` table of the warehouse at ``db_path`` (opened read-only)."""
    threshold = threshold or Settings.from_env().mask_threshold
    context = _quiet_context()
    outcomes: list[CheckOutcome] = []
    with connect(str(db_path), read_only=True) as con:
        models = published_models(con)
        if not models:
            return [CheckOutcome(name="pub_models_present", asset="publish", passed=False, blocking=True,
                                 description="the warehouse holds at least one publish.pub_ table")]
        for name in models:
            df = con.execute(f'select * from masking."{name}"').df()
            outcomes += validate_frame(df, name, threshold=threshold, context=context)
    return outcomes
