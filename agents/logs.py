"""How the worker logs: JSON lines as an option (``DEPECHE_LOG_FORMAT=json``), for log collectors
that parse fields, and a root logger that stays at the level asked for."""
from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import faust
import orjson

__all__ = ["JsonFormatter", "Worker", "logging_config"]


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


class Worker(faust.Worker):
    """Faust's worker, minus one side effect of its terminal spinner: at ``warn`` and above Faust
    puts the root logger at DEBUG so that every record turns the spinner, and then every
    aiokafka and Faust debug record is built and thrown away (6 to 20% of a draining worker's
    event loop). The root logger is put back at the level asked for; the spinner still turns on
    the records at that level."""

    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        configured = logger.level  # what the log level option set, just before this signal
        super().on_setup_root_logger(logger, level)
        logger.setLevel(configured)
