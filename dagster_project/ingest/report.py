"""The run summary: what ingest landed, skipped, refused and quarantined, what RAW held that no family recognises,
and the funding reconciliation's warnings; written to ``landing/_run_report.json``."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from dagster_project.contracts import FAMILY_BY_NAME
from dagster_project.ingest import landing
from dagster_project.ingest.duplicates import describe_key, name_key
from dagster_project.settings import Settings

RUN_REPORT = "_run_report.json"
RESULT_SUFFIX = ".result.json"  # landing/_state/<family>.result.json: what the last ingest of the family did
RECON_MART = "mart_recon_samenvatting"
MAX_LISTED = 50  # entries per list in the report (the counts are always complete)

# exit codes of `python -m dagster_project.cli run` (make run); docs/operations.md explains them
EXIT_OK = 0  # published; whatever was refused still has its earlier version landed
EXIT_FAILED = 1  # the run failed: nothing was published, the previous warehouse stays
EXIT_USAGE = 2  # wrong command-line arguments (argparse)
EXIT_MISSING_DELIVERY = 3  # published, but a refused delivery has no earlier version landed: its SWV x date is missing


def report_path(settings: Settings) -> Path:
    return settings.landing_dir / RUN_REPORT


def result_path(landing_dir: Path, family: str) -> Path:
    return landing_dir / landing.STATE_DIR / f"{family}{RESULT_SUFFIX}"


def write_family_result(landing_dir: Path, family: str, counts: dict[str, Any]) -> None:
    """Record what one ingest of ``family`` did (read back by ``build_run_report``)."""
    _write_json(result_path(landing_dir, family), {**counts, "finished_at": _now()})


def build_run_report(settings: Settings, *, run_id: str | None = None, build_db: Path | None = None,
                     run_failed: bool | None = None, published: bool | None = None) -> dict[str, Any]:
    """The summary of the current landing (per-family results of the last ingest, manifest, quarantine,
    unrecognised files) and, when ``build_db`` exists, the reconciliation warnings of that build."""
    landing_dir = settings.landing_dir
    families = _family_results(landing_dir)
    manifest = _read(landing_dir / "_manifest.parquet", landing.MANIFEST_SCHEMA)
    quarantine = _read(landing_dir / "_quarantine.parquet", landing.QUARANTINE_SCHEMA)
    unknown = _read(landing_dir / "_unrecognised.parquet", landing.UNRECOGNISED_SCHEMA)

    refused, missing = _refusals(manifest)
    duplicates = [{"family": r["family"], "path": r["path"], "message": r["message"]}
                  for r in manifest.filter(pl.col("status") == "duplicate").sort("family", "path").iter_rows(named=True)]
    quarantined = (quarantine.group_by("family").agg(pl.col("row").n_unique().alias("rows")).sort("family")
                   if quarantine.height else pl.DataFrame(schema={"family": pl.String, "rows": pl.UInt32}))
    recon = reconciliation_warnings(build_db, settings) if build_db is not None else None

    def total(name: str) -> int:
        return sum(int(r.get(name) or 0) for r in families.values())

    report: dict[str, Any] = {
        "run_id": run_id,
        "written_at": _now(),
        "files": {
            "seen": total("files_seen"), "landed": total("files_loaded"), "unchanged": total("files_skipped_unchanged"),
            "refused": len(refused), "refused_nothing_landed": len(missing), "duplicate": len(duplicates),
            "removed": total("files_removed"), "unrecognised": unknown.height,
        },
        "rows": {"landed": total("rows_loaded"), "quarantined": int(quarantined["rows"].sum() or 0),
                 "codes_repaired": total("codes_repaired")},
        "quarantined_per_family": {f: int(n) for f, n in quarantined.iter_rows()},
        "refused": refused[:MAX_LISTED],
        "missing_deliveries": missing[:MAX_LISTED],
        "duplicates": duplicates[:MAX_LISTED],
        "unrecognised": [{"path": p, "reason": r} for p, r in unknown.select("path", "reason").head(MAX_LISTED).rows()],
        "reconciliation_warnings": recon,
        "families": families,
        "run_failed": run_failed,
        "published": published,
    }
    report["exit_code"] = exit_code(report)
    report["status"] = {EXIT_OK: "warnings" if has_warnings(report) else "ok", EXIT_FAILED: "failed",
                        EXIT_MISSING_DELIVERY: "published_with_missing_deliveries"}[report["exit_code"]]
    return report


def exit_code(report: dict[str, Any]) -> int:
    """``EXIT_FAILED`` when the run failed, else ``EXIT_MISSING_DELIVERY`` when a refused delivery has no earlier
    version landed, else ``EXIT_OK``."""
    if report.get("run_failed"):
        return EXIT_FAILED
    if report["files"]["refused_nothing_landed"]:
        return EXIT_MISSING_DELIVERY
    return EXIT_OK


def has_warnings(report: dict[str, Any]) -> bool:
    """Anything a person should look at: refusals, duplicates, quarantined rows, unrecognised files, reconciliation."""
    f = report["files"]
    recon = report.get("reconciliation_warnings") or {}
    return bool(f["refused"] or f["duplicate"] or f["unrecognised"] or report["rows"]["quarantined"]
                or recon.get("rows"))


def write_run_report(settings: Settings, report: dict[str, Any]) -> Path:
    path = report_path(settings)
    _write_json(path, report)
    return path


def reconciliation_warnings(db: Path, settings: Settings | None = None) -> dict[str, Any] | None:
    """Rows of the funding reconciliation that are differences (``is_afwijking``), per check and reason; None when
    the build has no reconciliation mart (a failed or partial build)."""
    if not db.exists():
        return None
    import duckdb

    from dagster_project.duckdb_connect import connect

    try:
        con = connect(db, read_only=True, settings=settings)
    except duckdb.Error:
        return None
    try:
        found = con.execute("select table_schema from information_schema.tables where table_name = ? limit 1",
                            [RECON_MART]).fetchone()
        if found is None:
            return None
        rows = con.execute(
            f'select controle, reden_code, any_value(omschrijving), sum(aantal_rijen)::bigint, '
            f'count(distinct (swv_code, teldatum))::bigint from "{found[0]}".{RECON_MART} where is_afwijking '
            "group by all order by 4 desc, 1, 2").fetchall()
    finally:
        con.close()
    return {
        "rows": sum(r[3] for r in rows),
        "by_reason": [{"controle": c, "reden_code": code, "omschrijving": text, "rows": n, "swv_teldatum": k}
                      for c, code, text, n, k in rows],
    }


def summary_lines(report: dict[str, Any], path: Path | None = None) -> list[str]:
    """The run summary as printed at the end of `make run`."""
    f, r = report["files"], report["rows"]
    where = f" ({path})" if path else ""
    lines = [f"run summary{where}:",
             f"  files: {f['seen']} seen, {f['landed']} landed, {f['unchanged']} unchanged, {f['refused']} refused "
             f"({f['refused_nothing_landed']} with nothing landed), {f['duplicate']} duplicate, {f['removed']} removed; "
             f"{f['unrecognised']} unrecognised"]
    per_family = ", ".join(f"{fam} {n}" for fam, n in report["quarantined_per_family"].items())
    lines.append(f"  rows: {r['landed']:,} landed, {r['quarantined']:,} quarantined"
                 + (f" ({per_family})" if per_family else "") + f", {r['codes_repaired']:,} codes repaired")
    if report["refused"]:
        lines.append("  refused:")
        lines += [f"    - {x['reason']}" for x in report["refused"]]
    if report["missing_deliveries"]:
        lines.append("  MISSING from what is published (refused, no earlier version landed):")
        lines += [f"    - {m['family']} {m['delivery']}: {m['path']}" for m in report["missing_deliveries"]]
    if report["duplicates"]:
        lines.append("  duplicates skipped:")
        lines += [f"    - {d['message']}" for d in report["duplicates"]]
    if report["unrecognised"]:
        lines.append("  unrecognised (left in RAW):")
        lines += [f"    - {u['path']}: {u['reason']}" for u in report["unrecognised"]]
    recon = report.get("reconciliation_warnings")
    if recon is None:
        lines.append("  reconciliation warnings: not available (no build with the reconciliation marts)")
    elif recon["rows"]:
        lines.append(f"  reconciliation warnings: {recon['rows']:,} rows (marts.{RECON_MART}):")
        lines += [f"    - {x['controle']} {x['reden_code']}: {x['rows']:,} rows in {x['swv_teldatum']} SWV x teldatum "
                  f"({x['omschrijving']})" for x in recon["by_reason"][:10]]
    else:
        lines.append("  reconciliation warnings: none")
    return lines


def _refusals(manifest: pl.DataFrame) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(every refused file, the refused files whose delivery has nothing landed: no earlier version of the file and
    no other file landed for the same family x file-name key)."""
    landed_keys: set[tuple[str, tuple]] = set()
    for r in manifest.filter(pl.col("landing_file").is_not_null()).iter_rows(named=True):
        key = name_key(FAMILY_BY_NAME.get(r["family"]), r["path"])
        if key is not None:
            landed_keys.add((r["family"], key))
    refused, missing = [], []
    for r in manifest.filter(pl.col("status") == "refused").sort("family", "path").iter_rows(named=True):
        kept = r["landing_file"] is not None
        key = name_key(FAMILY_BY_NAME.get(r["family"]), r["path"])
        covered = kept or (key is not None and (r["family"], key) in landed_keys)
        refused.append({"family": r["family"], "path": r["path"], "reason": r["message"],
                        "earlier_version_landed": kept})
        if not covered:
            missing.append({"family": r["family"], "path": r["path"],
                            "delivery": describe_key(key) if key else "(file name gives no SWV or date)"})
    return refused, missing


def _family_results(landing_dir: Path) -> dict[str, dict[str, Any]]:
    state = landing_dir / landing.STATE_DIR
    out = {}
    for p in sorted(state.glob(f"*{RESULT_SUFFIX}")) if state.exists() else []:
        try:
            out[p.name.removesuffix(RESULT_SUFFIX)] = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return out


def _read(path: Path, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return landing.conform(pl.read_parquet(path), schema) if path.exists() else landing.empty(schema)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


__all__: Sequence[str] = (
    "EXIT_FAILED", "EXIT_MISSING_DELIVERY", "EXIT_OK", "EXIT_USAGE", "RUN_REPORT", "build_run_report", "exit_code",
    "has_warnings", "reconciliation_warnings", "summary_lines", "write_family_result", "write_run_report",
)
