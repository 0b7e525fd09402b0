"""Probes, JSON logs and Faust's own command, each through a real worker on the test broker."""
from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from typing import Any

import orjson
import pytest

from tests.support.worker import WorkerProcess, consume_through, produce_values, run

pytestmark = pytest.mark.integration


def probe(worker: WorkerProcess, path: str) -> tuple[int, dict[str, Any], float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(worker.web_url + path, timeout=5) as response:  # noqa: S310 - loopback
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, orjson.loads(body), time.monotonic() - started


def wait_ready(worker: WorkerProcess, *, timeout: float = 60.0) -> dict[str, Any]:
    """Poll /readyz until it says 200 (a rebalance may be under way); fail with its last answer."""
    deadline = time.monotonic() + timeout
    while True:
        status, answer, _ = probe(worker, "/readyz")
        if status == 200:
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"/readyz still {status} after {timeout}s: {answer}")
        time.sleep(0.3)


def page(url: str) -> tuple[bytes, bytes]:
    body = ("Un titre de test pour la commande faust\n"
            "Ce paragraphe assez long passe le seuil du nettoyeur et devient un article propre.\n")
    return url.encode(), orjson.dumps({"url": url, "body": body, "content_type": "text/plain"})


@pytest.fixture(scope="module")
def json_worker(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory):
    worker = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path_factory.mktemp("json-worker"),
                           extra_env={"DEPECHE_LOG_FORMAT": "json"}, split_stderr=True)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def test_healthz_answers_at_once(json_worker: WorkerProcess) -> None:
    status, answer, took = probe(json_worker, "/healthz")
    assert status == 200 and answer["status"] == "ok"
    assert took < 2.0  # a safety bound, not a benchmark: a blocked event loop would not answer


def test_readyz_says_which_partitions_the_worker_consumes(json_worker: WorkerProcess) -> None:
    answer = wait_ready(json_worker)
    assert answer["ready"] and answer["partitions"] == [0, 1]
    assert answer["members"] == 1 and answer["raw_partitions"] == 2


def test_json_log_lines_are_one_object_each(json_worker: WorkerProcess) -> None:
    # A rejected page makes the worker log at warning level or not; the startup lines are enough.
    lines = [line for line in json_worker.log_text().splitlines() if line.strip()]
    assert len(lines) > 10
    events = []
    for line in lines:
        try:
            events.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            pytest.fail(f"a log line is not JSON: {line!r}")
    assert all({"time", "level", "logger", "message"} <= set(event) for event in events)
    assert any("Worker]: Ready" in event["message"] for event in events)
    assert {event["level"] for event in events} >= {"info"}


def test_an_idle_member_of_a_larger_group_is_ready(kafka_bootstrap: str, tmp_path) -> None:
    """Two workers, one partition of the raw topic: the one without it is a ready spare."""
    first = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path / "first", partitions=1)
    second = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path / "second", partitions=1,
                           prefix=first.prefix)
    try:
        first.start()
        second.start()
        deadline = time.monotonic() + 60
        while True:  # until the second worker's join has been assigned
            answers = [wait_ready(first), wait_ready(second)]
            if all(answer["members"] == 2 for answer in answers) or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert sorted(answer["partitions"] for answer in answers) == [[], [0]], answers
        idle = next(answer for answer in answers if not answer["partitions"])
        assert idle["members"] == 2 and idle["raw_partitions"] == 1 and idle["detail"].startswith("idle")
    finally:
        second.stop()
        first.stop()


def test_faust_command_starts_a_worker_with_the_agents(kafka_bootstrap: str, tmp_path) -> None:
    """``faust -A agents.app worker``, the command Faust users try first, cleans pages too."""
    worker = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path,
                           command=[sys.executable, "-m", "faust", "-A", "agents.app", "worker", "-l", "info"])
    worker.start()
    try:
        url = "https://faust-command.example/page"
        run(produce_values(kafka_bootstrap, worker.topics["raw"], [page(url)]))
        before = run(consume_through(kafka_bootstrap, worker.topics["articles"], timeout=60,
                                     marker=lambda article: article["url"] == url))
        assert before == []
        assert worker.get_json("/api/stats")["pages_in"] == 1
        assert "agents.cleaner.clean_pages" in worker.log_text()
    finally:
        worker.stop()
