"""Readiness decisions and JSON log lines, without a broker (the worker-level tests are in
tests/integration/test_health_and_conventions.py)."""
from __future__ import annotations

import logging

import orjson
import pytest

from agents.health import readiness
from agents.logs import JsonFormatter, logging_config
from agents.settings import Settings, SettingsError


def test_a_worker_that_owns_raw_partitions_is_ready() -> None:
    verdict = readiness(running=True, assigned=[0, 2], members=2, partitions=3)
    assert verdict.ready and "2 of 3" in verdict.detail


def test_an_idle_member_of_a_group_larger_than_the_topic_is_ready() -> None:
    verdict = readiness(running=True, assigned=[], members=4, partitions=3)
    assert verdict.ready and verdict.detail.startswith("idle")


@pytest.mark.parametrize(("running", "members", "partitions", "why"), [
    (False, 1, 3, "not running"),
    (True, 0, 0, "waiting"),  # before the first assignment
    (True, 2, 3, "waiting"),  # partitions to share, none for this worker: an assignment is due
    (True, 3, 3, "waiting"),
])
def test_not_ready_otherwise(running: bool, members: int, partitions: int, why: str) -> None:
    verdict = readiness(running=running, assigned=[], members=members, partitions=partitions)
    assert not verdict.ready and why in verdict.detail


def test_a_stopped_consumer_is_not_ready_even_with_an_old_assignment() -> None:
    assert not readiness(running=False, assigned=[0], members=1, partitions=1).ready


def record(message: str, *args: object, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("agents.cleaner", logging.ERROR, __file__, 1, message, args, exc_info)


def test_json_log_line_has_the_fields_and_the_exception_on_one_line() -> None:
    try:
        raise ValueError("bad page\nsecond line")
    except ValueError:
        import sys

        line = JsonFormatter().format(record("could not clean %s", "https://a.example/x", exc_info=sys.exc_info()))
    assert "\n" not in line
    event = orjson.loads(line)
    assert set(event) == {"time", "level", "logger", "message", "exception"}
    assert event["level"] == "error" and event["logger"] == "agents.cleaner"
    assert event["message"] == "could not clean https://a.example/x"
    assert "ValueError: bad page\nsecond line" in event["exception"] and "Traceback" in event["exception"]
    assert event["time"].endswith("+00:00")


def test_json_log_line_without_exception_has_no_exception_field() -> None:
    event = orjson.loads(JsonFormatter().format(record("plain")))
    assert "exception" not in event and event["message"] == "plain"


def test_log_format_setting() -> None:
    assert Settings.from_env({}).log_format == "plain" and logging_config("plain") is None
    assert Settings.from_env({"DEPECHE_LOG_FORMAT": "JSON"}).log_format == "json"
    config = logging_config("json")
    assert config is not None and config["formatters"]["default"]["()"] == "agents.logs.JsonFormatter"
    with pytest.raises(SettingsError, match="DEPECHE_LOG_FORMAT"):
        Settings.from_env({"DEPECHE_LOG_FORMAT": "xml"})


def test_the_app_reports_not_ready_before_its_consumer_runs() -> None:
    """What /readyz answers from a worker process whose consumer has not started."""
    from agents.app import load_components

    load_components()
    from agents.views import worker_readiness

    answer = worker_readiness()
    assert answer["ready"] is False and answer["detail"] == "the Kafka consumer is not running"
    assert answer["partitions"] == [] and answer["members"] == 0
