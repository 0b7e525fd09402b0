"""What the deploy files say, read the way their tools read them: Kubernetes manifests,
compose.yaml and the Dockerfile, plus what the code says they must agree with."""
from __future__ import annotations

import argparse
import re
import shlex
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.kafka import REPO

K8S = REPO / "deploy" / "k8s"
COMPOSE = REPO / "compose.yaml"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"

#: Variables of Python and pip themselves that an image may set; anything else is a DEPECHE_ setting.
TOOL_VARIABLES = frozenset({"PATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE",
                            "PIP_NO_CACHE_DIR", "PIP_DISABLE_PIP_VERSION_CHECK"})


@dataclass(frozen=True)
class Manifest:
    """One document of a multi-document YAML file under deploy/k8s."""

    file: str
    index: int
    doc: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.doc.get("kind"))

    @property
    def name(self) -> str:
        return str(self.doc.get("metadata", {}).get("name"))

    def __str__(self) -> str:
        return f"{self.file}#{self.index} {self.kind}/{self.name}"


@cache
def manifests() -> tuple[Manifest, ...]:
    """Every document of every manifest listed by the kustomization (empty documents skipped)."""
    found = []
    for name in kustomization()["resources"]:
        with open(K8S / name, encoding="utf-8") as handle:
            for index, doc in enumerate(yaml.safe_load_all(handle)):
                if doc is not None:
                    found.append(Manifest(name, index, doc))
    return tuple(found)


@cache
def kustomization() -> dict[str, Any]:
    return yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))


def of_kind(kind: str) -> list[Manifest]:
    return [m for m in manifests() if m.kind == kind]


def one(kind: str) -> dict[str, Any]:
    found = of_kind(kind)
    assert len(found) == 1, f"expected one {kind} in deploy/k8s, found {[str(m) for m in found]}"
    return found[0].doc


def worker_container() -> dict[str, Any]:
    containers = one("Deployment")["spec"]["template"]["spec"]["containers"]
    assert [c["name"] for c in containers] == ["worker"], "the worker pod runs one container, 'worker'"
    return containers[0]


def worker_configmap() -> dict[str, str]:
    """The ConfigMap the worker takes its environment from (envFrom)."""
    names = [ref["configMapRef"]["name"] for ref in worker_container().get("envFrom", []) if "configMapRef" in ref]
    assert len(names) == 1, f"the worker reads its settings from one ConfigMap, not {names}"
    maps = [m.doc for m in of_kind("ConfigMap") if m.name == names[0]]
    assert maps, f"ConfigMap {names[0]} (the worker's envFrom) is not in deploy/k8s"
    return {key: str(value) for key, value in maps[0].get("data", {}).items()}


@cache
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def compose_workers() -> dict[str, dict[str, Any]]:
    """Compose services that run our image (built from this repo's Dockerfile)."""
    return {name: service for name, service in compose()["services"].items() if "build" in service}


def compose_environment(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment", {})
    if isinstance(environment, list):  # the KEY=VALUE list form
        environment = dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return {key: "" if value is None else str(value) for key, value in environment.items()}


@dataclass(frozen=True)
class Instruction:
    stage: int
    instruction: str
    value: str
    flags: tuple[str, ...] = ()


@cache
def dockerfile() -> tuple[Instruction, ...]:
    """Instructions of the Dockerfile as Docker's grammar splits them (dockerfile-parse)."""
    from dockerfile_parse import DockerfileParser

    parser = DockerfileParser(str(DOCKERFILE), cache_content=True)
    stage = -1
    out = []
    for item in parser.structure:
        if item["instruction"] == "COMMENT":
            continue
        if item["instruction"] == "FROM":
            stage += 1
        value = item["value"]
        flags: list[str] = []
        while value.startswith("--"):  # --from=build, --interval=15s, ...
            flag, _, value = value.partition(" ")
            flags.append(flag)
            value = value.lstrip()
        out.append(Instruction(stage, item["instruction"], value, tuple(flags)))
    return tuple(out)


def final_stage() -> int:
    return max(i.stage for i in dockerfile())


def docker_instructions(name: str, *, stage: int | None = None) -> list[Instruction]:
    """Instructions called ``name``, of every stage or of one."""
    return [i for i in dockerfile() if i.instruction == name and (stage is None or i.stage == stage)]


def docker_env() -> dict[int, dict[str, str]]:
    """ENV of each stage, ``KEY=VALUE`` pairs split as the shell would."""
    stages: dict[int, dict[str, str]] = {}
    for item in docker_instructions("ENV"):
        pairs = shlex.split(item.value)
        assert all("=" in pair for pair in pairs), f"ENV {item.value!r}: use the KEY=VALUE form"
        stages.setdefault(item.stage, {}).update(pair.split("=", 1) for pair in pairs)
    return stages


def exec_form(item: Instruction) -> list[str]:
    import json

    try:
        argv = json.loads(item.value)
    except ValueError:
        pytest.fail(f"{item.instruction} {item.value!r} is not in exec (JSON) form: signals would go to a shell")
    assert isinstance(argv, list) and all(isinstance(a, str) for a in argv)
    return argv


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = []
    for token in re.split(r"(\*\*/|\*\*|\*|\?)", pattern.strip("/")):
        parts.append({"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(token, re.escape(token)))
    return re.compile("".join(parts))


def docker_ignores(path: str) -> bool:
    """Whether Docker leaves ``path`` (relative to the context) out: the last pattern matching
    the path or one of its parent folders wins, ``!`` patterns put it back."""
    prefixes = ["/".join(path.split("/")[:n]) for n in range(1, path.count("/") + 2)]
    ignored = False
    for pattern in dockerignore_patterns():
        negated = pattern.startswith("!")
        regex = _pattern_regex(pattern.removeprefix("!"))
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            ignored = not negated
    return ignored


def url_paths(text: str) -> set[str]:
    """HTTP paths in a probe command: ``http://host:6066/healthz`` or ``...{port}/healthz``."""
    return set(re.findall(r"(?::\d+|\})(/[\w./-]*)", text))


@cache
def served_paths() -> frozenset[str]:
    """The routes the worker's web view registers (the app's own route table)."""
    from agents.app import load_components

    return frozenset(load_components().web.views)


def cli_parser() -> argparse.ArgumentParser:
    from agents import cli

    return cli._parser()  # noqa: SLF001 - the real parser, so a command the CLI lacks fails here


def parse_cli(argv: list[str], where: str) -> argparse.Namespace:
    try:
        return cli_parser().parse_args(argv)
    except SystemExit:
        pytest.fail(f"{where}: `depeche {' '.join(argv)}` is not a command the depeche CLI accepts")


@cache
def pyproject() -> dict[str, Any]:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def kafka_version() -> str:
    """The broker version the project pins (deploy/kafka/pom.xml, its single source of truth)."""
    root = ET.parse(REPO / "deploy" / "kafka" / "pom.xml").getroot()
    namespace = {"m": "http://maven.apache.org/POM/4.0.0"}
    version = root.find("m:properties/m:kafka.version", namespace)
    assert version is not None and version.text
    return version.text.strip()


def walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, value) in a nested YAML document."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}[{index}]")
