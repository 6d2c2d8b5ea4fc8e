"""The indicator shape is declared once in the marts' yml: every mart has its columns, described by one docs block."""

from __future__ import annotations

import re

import yaml

from dagster_project.settings import DBT_PROJECT_DIR

INDICATORS = DBT_PROJECT_DIR / "models" / "marts" / "indicators"
HEAD = ("indicator", "sector", "swv_code", "schooljaar", "peildatum", "populatie", "grain", "grain_code", "grain_naam",
        "categorie")
TAIL = ("teller", "noemer", "waarde", "waarde_gemiddelde_swv")
# what teller and noemer count is the mart's own; waarde is one of the docs blocks of its kind
OWN_DESCRIPTION = ("teller", "noemer", "waarde")


def _models() -> list[dict]:
    return yaml.safe_load((INDICATORS / "_indicators.yml").read_text(encoding="utf-8"))["models"]


def _docs_blocks() -> dict[str, str]:
    text = (INDICATORS / "indicator_shape.md").read_text(encoding="utf-8")
    return dict(re.findall(r"\{% docs (\w+) %\}\n(.*?)\n\{% enddocs %\}", text, re.S))


def test_every_mart_has_the_shape_columns_in_order() -> None:
    for model in _models():
        names = [c["name"] for c in model["columns"]]
        assert tuple(names[:len(HEAD)]) == HEAD, model["name"]
        tail = [n for n in names if n in TAIL]
        assert tuple(tail) == TAIL, model["name"]
        assert names.index("teller") > names.index("categorie"), model["name"]


def test_shape_columns_share_one_description_from_the_docs_blocks() -> None:
    blocks = _docs_blocks()
    for column in HEAD + TAIL:
        if column in OWN_DESCRIPTION:
            continue
        descriptions = {next(c for c in m["columns"] if c["name"] == column)["description"] for m in _models()}
        assert descriptions == {"{{ doc('indicator_" + column + "') }}"}, column
        assert blocks[f"indicator_{column}"].strip(), column


def test_every_doc_reference_has_its_block_and_every_block_is_used() -> None:
    descriptions = [c.get("description") or "" for m in _models() for c in m["columns"]]
    used = {name for d in descriptions for name in re.findall(r"doc\('(\w+)'\)", d)}
    assert used == set(_docs_blocks())


def test_a_column_the_same_in_several_marts_is_written_out_once() -> None:
    """Identical column declarations are one yml node (an anchor at its first use, aliases after), never copies."""
    models = _models()
    first: dict[str, dict] = {}
    for model in models:
        for column in model["columns"]:
            key = repr(sorted(column.items()))
            assert first.setdefault(key, column) is column, (model["name"], column["name"])
    # the plain shape columns are shared by every mart
    shared = {c["name"] for c in first.values() if sum(c is d for m in models for d in m["columns"]) == len(models)}
    assert {"sector", "swv_code", "schooljaar", "peildatum", "grain_code", "grain_naam", "waarde_gemiddelde_swv"} <= shared
