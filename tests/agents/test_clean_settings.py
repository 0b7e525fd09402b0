"""The cleaning pool's settings: size (one per usable core by default) and deadline."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from agents.settings import Settings, SettingsError, cores_available

CORES = len(os.sched_getaffinity(0))


@pytest.mark.parametrize(("cpu_max", "expected"), [
    ("max 100000\n", CORES),  # no limit
    ("50000 100000\n", 1),  # half a CPU still gets one process
    ("150000 100000\n", min(CORES, 2)),  # 1.5 CPUs: two processes, if there are two cores
    ("6400000 100000\n", CORES),  # a limit above the cores: the cores
    ("garbage\n", CORES),
])
def test_default_pool_size_follows_the_container_cpu_limit(tmp_path: Path, cpu_max: str, expected: int) -> None:
    limit = tmp_path / "cpu.max"
    limit.write_text(cpu_max)
    assert cores_available(limit) == expected


def test_without_a_cgroup_limit_the_pool_has_one_process_per_core(tmp_path: Path) -> None:
    assert cores_available(tmp_path / "absent") == CORES


def test_pool_settings_from_the_environment() -> None:
    settings = Settings.from_env({"DEPECHE_CLEAN_PROCESSES": "3", "DEPECHE_CLEAN_TIMEOUT": "0.5"})
    assert (settings.clean_processes, settings.clean_timeout) == (3, 0.5)
    defaults = Settings.from_env({})
    assert defaults.clean_processes == cores_available() and defaults.clean_timeout == 10.0


@pytest.mark.parametrize("env", [{"DEPECHE_CLEAN_PROCESSES": "-1"}, {"DEPECHE_CLEAN_TIMEOUT": "0"},
                                 {"DEPECHE_CLEAN_TIMEOUT": "-3"}])
def test_impossible_pool_settings_are_refused_with_their_name(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError, match=next(iter(env))):
        Settings.from_env(env)
