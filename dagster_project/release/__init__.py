"""Release: the atomic swap of a checked build and its exports onto the published warehouse (``swap``)."""
