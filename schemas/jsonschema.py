"""JSON Schema (draft 2020-12) for each topic's record, for consumers in other languages.

``python -m schemas`` rewrites ``schemas/json/``; a test fails when the files drift from the records.
"""
from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import orjson

from .events import TOPIC_RECORDS

__all__ = ["SCHEMA_DIR", "schema_for", "write_all"]

SCHEMA_DIR = Path(__file__).with_name("json")

_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
}


def _type_schema(annotation: Any) -> dict[str, Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        schema = _type_schema(inner)
        return {**schema, "type": [schema["type"], "null"]}
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(args[1])}
    if isinstance(annotation, type) and hasattr(annotation, "_options"):  # a nested Record
        return _record_schema(annotation)
    return dict(_SCALARS[annotation])


def _record_schema(record: Any) -> dict[str, Any]:
    fields = record._options.fields
    defaults = record._options.defaults
    return {
        "type": "object",
        "properties": {name: _type_schema(kind) for name, kind in fields.items()},
        "required": sorted(name for name in fields if name not in defaults),
        "additionalProperties": False,
    }


def schema_for(topic: str) -> dict[str, Any]:
    record = TOPIC_RECORDS[topic]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"depeche/{topic}.schema.json",
        "title": record.__name__,
        "description": (record.__doc__ or "").strip(),
        **_record_schema(record),
    }


def write_all(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for topic in TOPIC_RECORDS:
        path = directory / f"{topic}.schema.json"
        path.write_bytes(orjson.dumps(schema_for(topic), option=orjson.OPT_INDENT_2) + b"\n")
        written.append(path)
    return written
