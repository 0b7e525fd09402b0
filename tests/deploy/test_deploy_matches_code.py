"""The Dockerfile, compose.yaml and deploy/k8s against the code they run: every variable they set
is a setting of agents/settings.py, every command is a command of the depeche CLI, every probe
path is a route of the web view, every topic is one the worker reads or writes."""
from __future__ import annotations

import pytest

from agents.settings import ENVIRONMENT
from tests.deploy.deployed import TOOL_VARIABLES, compose_environment, compose_workers, docker_env, \
    docker_instructions, exec_form, final_stage, of_kind, one, parse_cli, pyproject, served_paths, url_paths, \
    worker_configmap, worker_container

TOPIC_SETTINGS = ("DEPECHE_TOPIC_RAW", "DEPECHE_TOPIC_ARTICLES", "DEPECHE_TOPIC_TICKER", "DEPECHE_TOPIC_REJECTED")


def set_variables() -> dict[str, set[str]]:
    """Every environment variable a deploy file sets for our image, by file."""
    found: dict[str, set[str]] = {"Dockerfile": set()}
    for env in docker_env().values():
        found["Dockerfile"] |= set(env)
    for name, service in compose_workers().items():
        found[f"compose.yaml services.{name}"] = set(compose_environment(service))
    found["deploy/k8s ConfigMap"] = set(worker_configmap())
    found["deploy/k8s Deployment"] = {e["name"] for e in worker_container().get("env", [])}
    return found


def test_every_variable_set_is_a_setting() -> None:
    sources = set_variables()
    assert all(sources.values()), f"a deploy file sets no variable at all: {sources}"
    for where, names in sources.items():
        unknown = {n for n in names if n not in ENVIRONMENT and n not in TOOL_VARIABLES}
        assert not unknown, f"{where} sets {sorted(unknown)}: not settings of agents/settings.py (README table)"


def test_numeric_settings_parse() -> None:
    """What the worker's Settings.from_env would choke on at start-up."""
    from agents.settings import Settings

    environments = [worker_configmap(), docker_env()[final_stage()],
                    *(compose_environment(s) for s in compose_workers().values())]
    for environment in environments:
        settings = {k: v for k, v in environment.items() if k in ENVIRONMENT}
        Settings.from_env(settings)  # raises on a port or a count that is not a number


def test_every_command_is_a_depeche_command() -> None:
    scripts = pyproject()["project"]["scripts"]
    (entrypoint,) = docker_instructions("ENTRYPOINT", stage=final_stage())
    assert exec_form(entrypoint) == ["depeche"] and scripts["depeche"] == "agents.cli:main"
    (cmd,) = docker_instructions("CMD", stage=final_stage())
    args = parse_cli(exec_form(cmd), "Dockerfile CMD")
    assert args.command == "worker", "the image runs the worker by default"
    for name, service in compose_workers().items():
        assert "entrypoint" not in service, f"compose {name}: keep the image's `depeche` entrypoint"
        command = service.get("command")
        assert isinstance(command, list), f"compose {name}: command in list form"
        assert parse_cli(command, f"compose.yaml services.{name}").command == "worker"
    container = worker_container()
    assert container.get("command", ["depeche"]) == ["depeche"]
    assert parse_cli(container["args"], "deploy/k8s Deployment").command == "worker"


def test_probe_paths_are_served_by_the_web_view() -> None:
    probed: dict[str, set[str]] = {}
    for item in docker_instructions("HEALTHCHECK"):
        probed["Dockerfile HEALTHCHECK"] = url_paths(item.value)
    for name, service in compose_workers().items():
        probed[f"compose.yaml services.{name} healthcheck"] = url_paths(" ".join(service["healthcheck"]["test"]))
    container = worker_container()
    probed["deploy/k8s Deployment probes"] = {container[p]["httpGet"]["path"]
                                              for p in ("startupProbe", "livenessProbe", "readinessProbe")}
    probed["deploy/k8s ServiceMonitor"] = {e["path"] for e in one("ServiceMonitor")["spec"]["endpoints"]}
    assert all(probed.values()), f"a probe without a path: {probed}"
    routes = served_paths()
    for where, paths in probed.items():
        missing = paths - routes
        assert not missing, f"{where} asks {sorted(missing)}; the web view serves {sorted(routes)}"


def test_topics_are_the_worker_topics() -> None:
    defaults = {ENVIRONMENT[name][0] for name in TOPIC_SETTINGS}
    effective = {worker_configmap().get(name, ENVIRONMENT[name][0]) for name in TOPIC_SETTINGS}
    declared = {t.doc["spec"]["topicName"] for t in of_kind("KafkaTopic")}
    assert declared == effective == defaults, "topics.yaml declares the four topics the worker uses"
    (trigger,) = one("ScaledObject")["spec"]["triggers"]
    assert trigger["metadata"]["topic"] == worker_configmap().get("DEPECHE_TOPIC_RAW", ENVIRONMENT["DEPECHE_TOPIC_RAW"][0])
    app_id = worker_configmap().get("DEPECHE_APP_ID", ENVIRONMENT["DEPECHE_APP_ID"][0])
    assert trigger["metadata"]["consumerGroup"] == app_id, "Faust's consumer group is the app id"


def test_declared_topics_have_the_partitions_the_worker_would_give_them() -> None:
    """The worker creates a missing topic with DEPECHE_TOPIC_PARTITIONS partitions; a declared one
    may have more (pages.raw, to run more workers), never fewer."""
    partitions = int(worker_configmap().get("DEPECHE_TOPIC_PARTITIONS", ENVIRONMENT["DEPECHE_TOPIC_PARTITIONS"][0]))
    assert partitions == int(ENVIRONMENT["DEPECHE_TOPIC_PARTITIONS"][0]), "deploy/k8s runs the documented default"
    for topic in of_kind("KafkaTopic"):
        assert topic.doc["spec"]["partitions"] >= partitions, f"{topic}: DEPECHE_TOPIC_PARTITIONS says {partitions}"


@pytest.mark.parametrize("setting", ["DEPECHE_WEB_PORT", "DEPECHE_DATA_DIR"])
def test_image_and_manifests_agree_on(setting: str) -> None:
    image = docker_env()[final_stage()]
    assert setting in image
    assert worker_configmap().get(setting, image[setting]) == image[setting]
    for service in compose_workers().values():
        assert compose_environment(service).get(setting, image[setting]) == image[setting]


def cpu_cores(quantity: str) -> float:
    return int(quantity.removesuffix("m")) / 1000 if quantity.endswith("m") else float(quantity)


def test_cleaning_processes_are_counted_not_taken_from_the_host() -> None:
    """DEPECHE_CLEAN_PROCESSES=0 means one per core the process sees: in a container that is the
    host's cores, in every replica. The deploy files set a number that fits what they reserve."""
    processes = int(worker_configmap()["DEPECHE_CLEAN_PROCESSES"])
    requested = cpu_cores(str(worker_container()["resources"]["requests"]["cpu"]))
    assert 1 <= processes <= requested, f"{processes} cleaning processes on {requested} requested CPUs"
    for name, service in compose_workers().items():
        assert int(compose_environment(service)["DEPECHE_CLEAN_PROCESSES"]) >= 1, name
