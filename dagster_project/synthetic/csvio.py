"""Writing delivered CSV files (';', header row) in UTF-8 or Windows-1252, optionally with a BOM."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl


@dataclass
class FileLog:
    """Every file written, relative to the output folder, for the manifest."""

    root: Path
    files: list[dict] = field(default_factory=list)

    def write(self, df: pl.DataFrame, rel: str, family: str, encoding: str = "utf-8", bom: bool = False) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        df = df.select([c for c in df.columns if not c.startswith("_")])
        if encoding == "utf-8" and not bom:
            df.write_csv(path, separator=";", null_value="", line_terminator="\n")
        else:
            text = df.write_csv(None, separator=";", null_value="", line_terminator="\n")
            data = text.encode(encoding)
            if bom:  # only meaningful for UTF-8
                data = codecs.BOM_UTF8 + data
            path.write_bytes(data)
        self.files.append({"path": rel, "family": family, "rows": df.height, "bytes": path.stat().st_size,
                           "encoding": encoding + ("-bom" if bom else "")})
        return path
