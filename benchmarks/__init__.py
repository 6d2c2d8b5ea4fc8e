"""National-scale benchmark harness: the nightly job timed per stage against honest baselines (``make bench``)."""
