"""The test suites of passend-warehouse (a package, so shared helpers import as ``tests.support``)."""
