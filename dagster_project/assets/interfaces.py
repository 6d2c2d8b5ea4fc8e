"""Lazy access to the modules the assets wire together, with a clear error while one has not landed yet."""

from __future__ import annotations

import importlib
from typing import Any


class ModuleNotReadyError(RuntimeError):
    """A pipeline module the orchestration needs is not installed in this checkout (yet)."""


def require(module: str, attribute: str) -> Any:
    """``module.attribute``, imported now (not at Definitions import); raises ModuleNotReadyError if absent."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise ModuleNotReadyError(f"{module} is missing: the pipeline needs {module}.{attribute}") from exc
        raise
    try:
        return getattr(mod, attribute)
    except AttributeError as exc:
        raise ModuleNotReadyError(f"{module} has no {attribute}: the pipeline needs {module}.{attribute}") from exc
