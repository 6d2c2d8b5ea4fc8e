"""Helpers shared by the test suites, imported as ``from tests.support.<module> import ...``.

The repository root is on pytest's ``pythonpath`` (pyproject.toml) and every test folder is a package, so this is
the one way a test reaches shared code: no ``sys.path`` edits, no imports from a ``conftest.py``, no per-folder
helper modules. Fixtures stay in the ``conftest.py`` of the folder that uses them and call these helpers.

- ``landing``: land readable fixture rows as landing parquet and build the warehouse with dbt.
- ``geografie``: the hand-made geography (regio-indeling, gemeenten, vestigingen) of the dbt fixtures.
- ``ingest_files``: a fixed pseudonym key, valid/invalid BSNs, hand-written delivered CSV files, landing readers.
- ``raw_files``: read a generated synthetic delivery set back as text (manifest, one file, one family).
- ``synthetic_marts``: small indicator marts in the contract shape built from pupil rows (suppression tests).
- ``shared_warehouse``: the one tiny warehouse a test run builds (a nightly run) and the read-only tests share.
- ``warehouse``: the dbt manifest prepared once per session, and a synthetic warehouse of its own seed built end to
  end (for a test that needs another data set than the shared one; see docs/testing.md).
"""
