"""The run summary as a Dagster asset check: WARN (non-blocking) when input was refused, skipped, quarantined or not
recognised, or the reconciliation found differences; the counts as metadata, the summary in WAREHOUSE/landing."""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, MetadataValue, asset_check

from dagster_project.assets.checks import WAREHOUSE_BUILD_KEY
from dagster_project.ingest.report import build_run_report, has_warnings, summary_lines, write_run_report
from dagster_project.resources import BUILD_DB_POOL, PassendSettings


@asset_check(
    asset=WAREHOUSE_BUILD_KEY,
    name="run_report",
    blocking=False,
    pool=BUILD_DB_POOL,
    description="What this run's ingest landed, left unchanged, refused (with reasons), skipped as duplicate and "
    "quarantined per family, the files no family recognises, and the reconciliation warnings of the build; written "
    "to WAREHOUSE/landing/_run_report.json. WARN when any of those is not zero; never blocks publication.",
)
def run_report(context: AssetCheckExecutionContext, passend: PassendSettings) -> AssetCheckResult:
    settings = passend.get()
    # the build file, or the published one when the publication already moved this build there
    db = settings.build_db if settings.build_db.exists() else settings.published_db
    report = build_run_report(settings, run_id=getattr(context, "run_id", None), build_db=db)  # none in a test context
    path = write_run_report(settings, report)
    lines = summary_lines(report, path)
    warn = has_warnings(report)
    (context.log.warning if warn else context.log.info)("\n".join(lines))
    files, rows = report["files"], report["rows"]
    recon = report["reconciliation_warnings"] or {}
    return AssetCheckResult(
        passed=not warn,
        severity=AssetCheckSeverity.WARN,
        description="; ".join(lines[1:3]),
        metadata={
            "files_seen": files["seen"], "files_landed": files["landed"], "files_unchanged": files["unchanged"],
            "files_refused": files["refused"], "files_refused_nothing_landed": files["refused_nothing_landed"],
            "files_duplicate": files["duplicate"], "files_removed": files["removed"],
            "files_unrecognised": files["unrecognised"], "rows_landed": rows["landed"],
            "rows_quarantined": rows["quarantined"], "codes_repaired": rows["codes_repaired"],
            "reconciliation_warning_rows": recon.get("rows", 0),
            "quarantined_per_family": MetadataValue.json(report["quarantined_per_family"]),
            "refused": MetadataValue.json(report["refused"]),
            "missing_deliveries": MetadataValue.json(report["missing_deliveries"]),
            "report": MetadataValue.path(str(path)),
        },
    )
