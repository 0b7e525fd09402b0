"""compose.yaml without Docker: the compose-spec JSON schema (vendored in the check-jsonschema
wheel, read as a data file), then what `docker compose up --scale worker=N` needs."""
from __future__ import annotations

import importlib.metadata
import json
from typing import Any

import jsonschema
import pytest

from tests.deploy.deployed import compose, compose_environment, compose_workers, kafka_version


def compose_schema() -> dict[str, Any]:
    try:
        files = importlib.metadata.distribution("check-jsonschema").files or []
    except importlib.metadata.PackageNotFoundError:
        pytest.fail("check-jsonschema is missing: install the dev extra (`pip install -e .[dev]`)")
    # Read as data: importing check_jsonschema needs a newer click than Faust allows.
    path = next((f for f in files if f.name == "compose-spec.json"), None)
    assert path is not None, "check-jsonschema no longer ships compose-spec.json"
    return json.loads(path.locate().read_text(encoding="utf-8"))


def schema_errors(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(compose_schema())
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]


def test_compose_file_matches_the_compose_spec() -> None:
    assert schema_errors(compose()) == []


def test_the_schema_rejects_a_misspelt_key() -> None:
    broken = json.loads(json.dumps(compose()))
    broken["services"]["worker"]["depends_onn"] = broken["services"]["worker"].pop("depends_on")
    assert schema_errors(broken)


def host_ips(service: dict[str, Any]) -> list[str]:
    ips = []
    for port in service.get("ports", []):
        if isinstance(port, dict):
            ips.append(port.get("host_ip", "0.0.0.0"))
        else:
            parts = str(port).split(":")
            ips.append(parts[0] if len(parts) == 3 else "0.0.0.0")
    return ips


def test_every_published_port_is_on_loopback() -> None:
    for name, service in compose()["services"].items():
        assert all(ip == "127.0.0.1" for ip in host_ips(service)), f"{name} publishes beyond 127.0.0.1"


def test_workers_scale() -> None:
    workers = compose_workers()
    assert list(workers) == ["worker"]
    for name, service in compose()["services"].items():
        assert "container_name" not in service, f"{name}: a fixed container name forbids --scale"
    for port in workers["worker"]["ports"]:
        assert isinstance(port, dict) and "published" not in port, "a fixed host port clashes at --scale 2"


def test_every_service_has_a_healthcheck_and_waits_for_kafka() -> None:
    for name, service in compose()["services"].items():
        assert service["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}, name
    assert compose_workers()["worker"]["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_kafka_is_the_official_image_of_the_pinned_version_in_kraft_mode() -> None:
    kafka = compose()["services"]["kafka"]
    assert kafka["image"] == f"apache/kafka:{kafka_version()}"
    env = compose_environment(kafka)
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "KAFKA_ZOOKEEPER_CONNECT" not in env


def advertised(kafka_env: dict[str, str]) -> dict[str, str]:
    """Listener name -> advertised host:port."""
    return dict(item.split("://", 1) for item in kafka_env["KAFKA_ADVERTISED_LISTENERS"].split(","))


def test_worker_reaches_the_broker_on_its_network_listener() -> None:
    kafka = compose()["services"]["kafka"]
    env = compose_environment(kafka)
    listeners = advertised(env)
    broker_url = compose_environment(compose_workers()["worker"])["DEPECHE_BROKER_URL"]
    host_port = broker_url.removeprefix("kafka://")
    assert host_port in listeners.values(), f"{broker_url} is not an advertised listener {listeners}"
    host, port = host_port.rsplit(":", 1)
    assert host in {kafka.get("hostname"), "kafka"}, "the worker uses the compose network name"
    # and the host's clients get a listener on the published loopback port
    published = {str(p).rsplit(":", 1)[0].split(":", 1)[1] for p in kafka["ports"]}
    assert any(value.startswith("127.0.0.1:") and value.split(":")[1] in published for value in listeners.values())


def test_partitions_agree_between_broker_and_worker() -> None:
    kafka_env = compose_environment(compose()["services"]["kafka"])
    worker_env = compose_environment(compose_workers()["worker"])
    assert kafka_env["KAFKA_NUM_PARTITIONS"] == worker_env["DEPECHE_TOPIC_PARTITIONS"]
    assert int(worker_env["DEPECHE_REPLICATION_FACTOR"]) == int(kafka_env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]) == 1
