"""Every CLI failure: one clear line on stderr, its documented exit code, no traceback, nothing left open."""
from __future__ import annotations

import gzip
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from .warc_files import Record, article_html, write_warc

REPO = Path(__file__).parents[2]
SAMPLES = REPO / "agents" / "samples"


@pytest.fixture
def listener() -> Iterator[tuple[str, socket.socket]]:
    """A port that accepts connections without being Kafka: proves whether the CLI connected."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        yield f"127.0.0.1:{server.getsockname()[1]}", server


@pytest.fixture
def dead_broker() -> str:
    """An address where nothing listens (the port is bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def depeche(*args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "agents.cli", *args], cwd=REPO, capture_output=True,
                          input=stdin, env={**os.environ, **(env or {})}, timeout=120)


def one_line(done: subprocess.CompletedProcess, code: int) -> str:
    stderr = done.stderr.decode()
    assert done.returncode == code, (done.returncode, stderr)
    assert "Traceback" not in stderr and "Unclosed" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def connected(server: socket.socket) -> bool:
    try:
        server.accept()[0].close()
    except BlockingIOError:
        return False
    return True


@pytest.mark.parametrize("command", ["clean", "produce"])
def test_a_missing_input_is_named_and_nothing_is_done(command: str, listener, tmp_path: Path) -> None:
    address, server = listener
    line = one_line(depeche(command, str(SAMPLES / "le-courrier-climat.html"), "/nonexistent/page.html",
                            env={"DEPECHE_BROKER_URL": address}), 2)
    assert line == f"depeche {command}: /nonexistent/page.html: no such file or directory"
    assert not connected(server)


def test_produce_from_an_empty_folder_never_contacts_kafka(listener, tmp_path: Path) -> None:
    address, server = listener
    (tmp_path / "notes.md").write_text("not a page")
    line = one_line(depeche("produce", str(tmp_path), env={"DEPECHE_BROKER_URL": address}), 2)
    assert line.startswith(f"depeche produce: no pages to read in {tmp_path}")
    assert not connected(server)


def test_produce_of_an_archive_without_pages_never_contacts_kafka(listener, tmp_path: Path) -> None:
    address, server = listener
    path = tmp_path / "revisits.warc.gz"
    write_warc(path, [Record("warcinfo", ""), Record("revisit", "https://news.example/a"),
                      Record("request", "https://news.example/a")])
    line = one_line(depeche("produce", str(path), env={"DEPECHE_BROKER_URL": address}), 2)
    assert line == ("depeche produce: nothing to send: no page could be read from the inputs "
                    "(3 WARC records: 0 pages, 3 skipped (request 1, revisit 1, warcinfo 1))")
    assert not connected(server)


@pytest.mark.parametrize("args", [["tail", "pages.raw", "-n", "1"], ["produce", str(SAMPLES)], ["worker"]],
                         ids=["tail", "produce", "worker"])
def test_no_broker_is_one_line_and_exit_3(args: list[str], dead_broker: str) -> None:
    line = one_line(depeche(*args, env={"DEPECHE_BROKER_URL": f"kafka://{dead_broker}"}), 3)
    assert line.startswith(f"depeche {args[0]}: cannot reach Kafka at {dead_broker}")
    assert "DEPECHE_BROKER_URL" in line


def test_an_unreadable_page_is_reported_and_the_others_still_cleaned(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(gzip.compress(article_html(1).encode())[:40])
    done = depeche("clean", str(broken), str(SAMPLES / "harbor-times-bridge.html"))
    line = one_line(done, 1)
    assert line.startswith(f"depeche clean: {broken}: cannot read: ")
    assert [next(iter(orjson.loads(out))) for out in done.stdout.splitlines()] == ["article"]


def test_a_bad_setting_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "sources.json"
    line = one_line(depeche("clean", str(SAMPLES / "harbor-times-bridge.html"),
                            env={"DEPECHE_SOURCES_FILE": str(missing)}), 2)
    assert line.startswith(f"depeche clean: DEPECHE_SOURCES_FILE {missing}: ")
    (tmp_path / "bad.json").write_text("{not json")
    line = one_line(depeche("clean", str(SAMPLES / "harbor-times-bridge.html"),
                            env={"DEPECHE_SOURCES_FILE": str(tmp_path / "bad.json")}), 2)
    assert "not a sources file" in line
    line = one_line(depeche("tail", "x", env={"DEPECHE_TOPIC_PARTITIONS": "three"}), 2)
    assert line.startswith("depeche tail: a DEPECHE_* setting is not valid")
    line = one_line(depeche("worker", env={"DEPECHE_SOURCES_FILE": str(missing)}), 2)  # before any broker
    assert line.startswith(f"depeche worker: DEPECHE_SOURCES_FILE {missing}: ")


def test_usage_errors_exit_2() -> None:
    done = depeche("produce", "--url", "https://news.example/a", str(SAMPLES))
    assert one_line(done, 2) == "depeche produce: --url names one page; give exactly one page file"
    done = depeche("clean")
    assert done.returncode == 2 and b"usage: depeche clean" in done.stderr and b"Traceback" not in done.stderr


def _reading_stdin(pid: int) -> bool:
    """Whether the process is blocked in read(0, ...) (x86-64 and arm64 syscall numbers)."""
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return len(fields) > 1 and fields[0] in ("0", "63") and int(fields[1], 16) == 0


def _as_at_a_terminal() -> None:
    """Ctrl-C's default in the child: a suite started in the background by a non-interactive shell
    runs with SIGINT ignored, which its children inherit (Python then installs no handler of its own)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_is_exit_130_without_a_traceback(dead_broker: str) -> None:
    process = subprocess.Popen([sys.executable, "-m", "agents.cli", "produce", "-"], cwd=REPO, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_as_at_a_terminal,
                               env={**os.environ, "DEPECHE_BROKER_URL": dead_broker})
    try:
        deadline = time.monotonic() + 60
        while not _reading_stdin(process.pid):
            assert time.monotonic() < deadline, "depeche produce - never read its stdin"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        # Wait with stdin still open, as at a terminal: closing it would make an empty page to produce.
        process.wait(timeout=60)
        stderr = process.stderr.read() if process.stderr else b""
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130, stderr
    assert stderr.decode().strip() == "depeche produce: interrupted"


def test_a_bug_is_one_line_and_exit_70(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from agents import cli

    def broken(args: object) -> int:
        raise RuntimeError("the tail command broke")

    monkeypatch.setattr(cli, "cmd_tail", broken)
    monkeypatch.setenv("DEPECHE_LOG_LEVEL", "info")
    assert cli.main(["tail", "pages.raw"]) == 70
    stderr = capsys.readouterr().err
    assert stderr == ("depeche tail: internal error, a bug in depeche: RuntimeError('the tail command broke') "
                      "(DEPECHE_LOG_LEVEL=debug prints where)\n")
    monkeypatch.setenv("DEPECHE_LOG_LEVEL", "debug")
    assert cli.main(["tail", "pages.raw"]) == 70
    assert "Traceback" in capsys.readouterr().err
