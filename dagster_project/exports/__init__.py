"""Exports of a checked build: parquet datasets of the published (pub_) tables and one download package per SWV.

``parquet`` (datasets + manifest), ``package_data`` (what packages are made of, prepared once), ``xlsx`` and
``charts`` (the files of a package), ``packages`` (one SWV's package, all of them in worker processes), ``run``
(``export_all``: everything, as the exports asset calls it).
"""

from dagster_project.exports.run import ExportReport, export_all

__all__ = ["ExportReport", "export_all"]
