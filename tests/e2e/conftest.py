"""Fixtures of the end-to-end tests: the shared tiny warehouse, the nightly job and the dbt manifest come from
``tests/conftest.py``; a test that runs the job again works on its own copy (``tiny_warehouse_copy``)."""
