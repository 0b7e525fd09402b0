"""Log lines as JSON objects (``DEPECHE_LOG_FORMAT=json``), for log collectors that parse fields."""
from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import orjson

__all__ = ["JsonFormatter", "logging_config"]


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line: time (UTC, ISO 8601), level, logger, message and,
    when there is one, the exception with its traceback. Newlines inside values are escaped by
    JSON, so a multi-line traceback never splits a record."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return orjson.dumps(line, default=str).decode()


def logging_config(log_format: str) -> dict[str, Any] | None:
    """Faust's ``logging_config`` for a log format: None keeps Faust's plain lines. The worker
    merges it over its own configuration, so only the formatters change (handlers, levels and
    the log file option stay Faust's)."""
    if log_format != "json":
        return None
    json_formatter = {"()": f"{__name__}.JsonFormatter"}
    return {"version": 1, "merge": True,
            "formatters": {"default": json_formatter, "colored": json_formatter}}
