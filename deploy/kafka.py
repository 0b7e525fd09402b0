#!/usr/bin/env python3
"""Run a real Apache Kafka broker (KRaft mode) from Maven Central jars, no Docker.

Stdlib only, so it runs with plain ``python3`` before any venv exists. Tests,
the demo and the benchmarks import it as a module (see ``start``, ``stop``,
``kill_node``, ``is_answering``, ``status``).

    python3 deploy/kafka.py fetch
    python3 deploy/kafka.py start [--port 9092] [--controller-port P] [--data-dir .run/kafka]
                                  [--nodes 1|3] [--node N] [--fresh] [--fast-start]
                                  [--override k=v ...] [--timeout 60]
    python3 deploy/kafka.py stop   [--data-dir D] [--node N] [--timeout 30]
    python3 deploy/kafka.py kill   [--data-dir D] [--node N]
    python3 deploy/kafka.py status [--data-dir D]

Layout of a data dir (one per cluster):
    cluster.json            ports, node count, cluster id, overrides (source of truth for restarts)
    node-N/server.properties
    node-N/data/            log.dirs (formatted with kafka.tools.StorageTool)
    node-N/kafka.log        broker stdout/stderr
    node-N/kafka.pid
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
REPO = DEPLOY.parent
POM = DEPLOY / "kafka" / "pom.xml"
LOG4J2 = DEPLOY / "kafka" / "log4j2.properties"
CACHE = REPO / ".cache"
DEFAULT_DATA_DIR = REPO / ".run" / "kafka"
DEFAULT_PORT = 9092
HOST = "127.0.0.1"
MARKER = ".fetch-complete"
MAVEN_DEP_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"

# kafka-run-class.sh's G1 settings, trimmed for a 2-core box.
JVM_COMMON = [
    "-server",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-XX:MaxInlineLevel=15",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
]
JVM_HEAP_SINGLE = ["-Xms256m", "-Xmx1g"]
JVM_HEAP_MULTI = ["-Xms256m", "-Xmx768m", "-XX:ParallelGCThreads=2", "-XX:ConcGCThreads=1"]


class KafkaError(RuntimeError):
    """Raised for anything the caller should see as 'the broker is not usable'."""


def _log(msg: str) -> None:
    """Progress goes to stderr so stdout stays clean for the bootstrap address."""
    print(f"[kafka] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- fetch


def kafka_version() -> str:
    """Read <kafka.version> from deploy/kafka/pom.xml: the pom is the single source of truth."""
    root = ET.parse(POM).getroot()
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = root.find("m:properties/m:kafka.version", ns)
    if node is None or not (node.text or "").strip():
        raise KafkaError(f"no <kafka.version> property in {POM}")
    return node.text.strip()


def libs_dir() -> Path:
    """Where the runtime jars for the pom's Kafka version live."""
    return CACHE / f"kafka-libs-{kafka_version()}"


def fetch(*, force: bool = False) -> Path:
    """Copy the broker's runtime jars from Maven (cached in .cache/m2) unless already complete.

    A marker file is written only after mvn succeeded, so an interrupted copy is redone.
    """
    libs = libs_dir()
    marker = libs / MARKER
    if marker.exists() and not force:
        return libs
    mvn = shutil.which("mvn")
    if not mvn:
        raise KafkaError("mvn not found on PATH (needed once to fetch the Kafka jars)")
    _log(f"fetching Kafka {kafka_version()} jars into {libs} ...")
    libs.mkdir(parents=True, exist_ok=True)
    cmd = [
        mvn, "-B", "-q", "-Dstyle.color=never", "-f", str(POM),
        f"-Dmaven.repo.local={CACHE / 'm2'}",
        MAVEN_DEP_PLUGIN,
        "-DincludeScope=runtime",
        f"-DoutputDirectory={libs}",
    ]
    # Captured: Maven 3.8 prints stray ANSI resets even with -q -B.
    res = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if res.returncode != 0:
        raise KafkaError(f"mvn copy-dependencies failed (exit {res.returncode}):\n{res.stdout[-4000:]}")
    jars = sorted(p.name for p in libs.glob("*.jar"))
    if not any(j.startswith("kafka_2.13-") for j in jars):
        raise KafkaError(f"mvn finished but no kafka_2.13 jar in {libs}")
    marker.write_text(json.dumps({"version": kafka_version(), "jars": jars}, indent=1) + "\n")
    return libs


# --------------------------------------------------------------------------- wire checks


def _request(sock: socket.socket, api_key: int, api_version: int, corr: int, body: bytes) -> bytes:
    """Send one request (header v1) and return the response body after the correlation id."""
    client_id = b"depeche-deploy"
    header = struct.pack(">hhih", api_key, api_version, corr, len(client_id)) + client_id
    payload = header + body
    sock.sendall(struct.pack(">i", len(payload)) + payload)
    size = struct.unpack(">i", _recv_exact(sock, 4))[0]
    data = _recv_exact(sock, size)
    if struct.unpack(">i", data[:4])[0] != corr:
        raise OSError("correlation id mismatch")
    return data[4:]


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise OSError("connection closed")
        buf += chunk
    return bytes(buf)


def is_answering(host: str = HOST, port: int = DEFAULT_PORT, *, timeout: float = 2.0) -> bool:
    """True if a Kafka broker answers an ApiVersions request there (a TCP connect alone is not enough)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            body = _request(sock, 18, 0, 1, b"")  # ApiVersions v0
            return struct.unpack(">h", body[:2])[0] == 0
    except (OSError, struct.error):
        return False


def alive_brokers(host: str = HOST, port: int = DEFAULT_PORT, *, timeout: float = 2.0) -> list[int] | None:
    """Node ids the broker at host:port reports as live (unfenced), via Metadata v1; None if unreachable.

    Used for readiness: a node is only useful once it sees itself (and its peers) as unfenced.
    """
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            body = _request(sock, 3, 1, 2, struct.pack(">i", 0))  # Metadata v1, no topics
            (n,) = struct.unpack_from(">i", body, 0)
            off, ids = 4, []
            for _ in range(n):
                node_id, hlen = struct.unpack_from(">ih", body, off)
                off += 6 + hlen + 4  # node_id, host, port
                (rlen,) = struct.unpack_from(">h", body, off)
                off += 2 + max(rlen, 0)  # rack (nullable)
                ids.append(node_id)
            return sorted(ids)
    except (OSError, struct.error):
        return None


def _port_free(port: int) -> bool:
    """Whether we can bind the port on loopback, to fail fast instead of a confusing broker crash."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
            return True
        except OSError:
            return False


# --------------------------------------------------------------------------- cluster layout


def _data_dir(data_dir: str | os.PathLike | None) -> Path:
    """Explicit arg > $DEPECHE_KAFKA_DATA_DIR > <repo>/.run/kafka; made absolute (log.dirs must be)."""
    raw = data_dir or os.environ.get("DEPECHE_KAFKA_DATA_DIR") or DEFAULT_DATA_DIR
    return Path(raw).expanduser().resolve()


def _node_dir(ddir: Path, node: int) -> Path:
    return ddir / f"node-{node}"


def _load_cluster(ddir: Path) -> dict | None:
    f = ddir / "cluster.json"
    return json.loads(f.read_text()) if f.exists() else None


def _save_cluster(ddir: Path, cluster: dict) -> None:
    ddir.mkdir(parents=True, exist_ok=True)
    (ddir / "cluster.json").write_text(json.dumps(cluster, indent=2) + "\n")


def _new_cluster_id() -> str:
    """A random KRaft cluster id (22 url-safe base64 chars). kafka-storage reads an id that
    starts with '-' as an option and fails, so such ids are drawn again."""
    while True:
        cluster_id = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def _layout(*, port: int, controller_port: int | None, nodes: int) -> dict:
    """Broker ports are port..port+nodes-1; controller ports default to port+1 (1 node) or port+100.. (3 nodes)."""
    if nodes not in (1, 3):
        raise KafkaError("--nodes must be 1 or 3")
    if controller_port is None:
        controller_port = port + 1 if nodes == 1 else port + 100
    brokers = [port + i for i in range(nodes)]
    controllers = [controller_port + i for i in range(nodes)]
    if set(brokers) & set(controllers):
        raise KafkaError(f"broker ports {brokers} overlap controller ports {controllers}")
    return {
        "nodes": nodes,
        "broker_ports": brokers,
        "controller_ports": controllers,
    }


def _properties(cluster: dict, node: int, ddir: Path) -> str:
    """server.properties for one broker+controller node (static quorum, loopback only)."""
    n = cluster["nodes"]
    i = node - 1
    bport, cport = cluster["broker_ports"][i], cluster["controller_ports"][i]
    voters = ",".join(f"{k + 1}@{HOST}:{p}" for k, p in enumerate(cluster["controller_ports"]))
    rf, isr = (1, 1) if n == 1 else (3, 2)
    props = {
        "process.roles": "broker,controller",
        "node.id": str(node),
        # Static voters (not --standalone/bootstrap.servers): works the same for 1 and 3 nodes
        # and lets ports change between runs of the same data dir.
        "controller.quorum.voters": voters,
        "listeners": f"PLAINTEXT://{HOST}:{bport},CONTROLLER://{HOST}:{cport}",
        "advertised.listeners": f"PLAINTEXT://{HOST}:{bport},CONTROLLER://{HOST}:{cport}",
        "inter.broker.listener.name": "PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(_node_dir(ddir, node) / "data"),
        "num.partitions": "1",
        "default.replication.factor": str(rf),
        "min.insync.replicas": str(isr),
        "offsets.topic.replication.factor": str(rf),
        "offsets.topic.num.partitions": "1",
        "transaction.state.log.replication.factor": str(rf),
        "transaction.state.log.min.isr": str(isr),
        "transaction.state.log.num.partitions": "1",
        "share.coordinator.state.topic.replication.factor": str(rf),
        "share.coordinator.state.topic.min.isr": str(isr),
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "true",
        "num.network.threads": "2",
        "num.io.threads": "2",
        "num.recovery.threads.per.data.dir": "1",
    }
    props.update(cluster.get("overrides", {}))
    lines = ["# written by deploy/kafka.py; regenerated on every start (edit via --override k=v)"]
    lines += [f"{k}={v}" for k, v in props.items()]
    return "\n".join(lines) + "\n"


def _bootstrap(cluster: dict) -> str:
    return ",".join(f"{HOST}:{p}" for p in cluster["broker_ports"])


# --------------------------------------------------------------------------- processes


def _java() -> str:
    """JAVA_HOME/bin/java if set, else java on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    java = shutil.which("java")
    if not java:
        raise KafkaError("java not found (need Java 17+)")
    return java


def _pid_alive(pid: int, props_path: Path | None = None) -> bool:
    """Alive, not a zombie, and (if given) really our java for that properties file (guards pid reuse)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        # A killed JVM's main thread turns zombie while other threads still exit and hold the
        # sockets; it is only gone once the leader is the last task left.
        if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X") and len(os.listdir(f"/proc/{pid}/task")) <= 1:
            return False
        if props_path is not None:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            return str(props_path).encode() in cmdline
    except OSError:
        return True  # no /proc: trust kill(0)
    return True


def _node_pid(ddir: Path, node: int) -> int | None:
    """Pid of the running broker for this node, or None (stale pid files are removed)."""
    nd = _node_dir(ddir, node)
    pidf = nd / "kafka.pid"
    try:
        pid = int(pidf.read_text().strip())
    except (OSError, ValueError):
        return None
    if _pid_alive(pid, nd / "server.properties"):
        return pid
    pidf.unlink(missing_ok=True)
    return None


def _format(cluster: dict, ddir: Path, nodes: list[int]) -> None:
    """kafka.tools.StorageTool format for nodes whose log dir has no meta.properties yet (in parallel)."""
    libs = libs_dir()
    procs = []
    for node in nodes:
        nd = _node_dir(ddir, node)
        if (nd / "data" / "meta.properties").exists():
            continue
        cmd = [
            _java(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
            f"-Dlog4j2.configurationFile={LOG4J2}", f"-Dkafka.logs.dir={nd}",
            "-cp", f"{libs}/*", "kafka.tools.StorageTool", "format",
            "-t", cluster["cluster_id"], "-c", str(nd / "server.properties"),
        ]
        out = open(nd / "format.log", "w")
        procs.append((node, subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT), out))
    for node, p, out in procs:
        rc = p.wait()
        out.close()
        if rc != 0:
            tail = (_node_dir(ddir, node) / "format.log").read_text()[-3000:]
            raise KafkaError(f"formatting node {node} failed (exit {rc}):\n{tail}")


def _launch(cluster: dict, ddir: Path, node: int, *, fast_start: bool) -> int:
    """Start one broker detached: own session, output to node-N/kafka.log, pid to node-N/kafka.pid.

    Launched through `sh -c '... &'` so the JVM is orphaned right away and never becomes a
    zombie child of a long-lived caller (pytest), which would look 'alive' to kill(pid, 0).
    """
    nd = _node_dir(ddir, node)
    jvm = (JVM_HEAP_SINGLE if cluster["nodes"] == 1 else JVM_HEAP_MULTI) + JVM_COMMON
    if fast_start:
        jvm.append("-XX:TieredStopAtLevel=1")
    cmd = [
        _java(), *jvm,
        f"-Dlog4j2.configurationFile={LOG4J2}",
        f"-Dkafka.logs.dir={nd}",
        "-cp", f"{libs_dir()}/*",
        "kafka.Kafka", str(nd / "server.properties"),
    ]
    log = nd / "kafka.log"
    with open(log, "a") as f:
        f.write(f"\n===== start {time.strftime('%Y-%m-%d %H:%M:%S')} =====\n")
    script = 'log="$1"; shift; exec "$@" >>"$log" 2>&1 </dev/null & echo $!'
    res = subprocess.run(
        ["sh", "-c", script, "sh", str(log), *cmd],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        start_new_session=True, cwd=nd, check=True,
    )
    pid = int(res.stdout.strip())
    (nd / "kafka.pid").write_text(f"{pid}\n")
    return pid


def _log_tail(ddir: Path, node: int, lines: int = 40) -> str:
    try:
        text = (_node_dir(ddir, node) / "kafka.log").read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _wait_ready(cluster: dict, ddir: Path, started: list[int], *, timeout: float) -> None:
    """Wait until every started node answers and sees all running nodes as live brokers.

    Fails fast if a JVM exits, otherwise after `timeout` seconds, with the log tail attached.
    """
    deadline = time.monotonic() + timeout
    pending = set(started)
    while True:
        running = [n for n in range(1, cluster["nodes"] + 1) if _node_pid(ddir, n)]
        for n in list(pending):
            if n not in running:
                raise KafkaError(f"broker node {n} exited during startup; log tail:\n{_log_tail(ddir, n)}")
            port = cluster["broker_ports"][n - 1]
            if not is_answering(HOST, port):
                continue
            live = alive_brokers(HOST, port) or []
            if set(running) <= set(live):
                pending.discard(n)
        if not pending:
            return
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- node {n} ---\n{_log_tail(ddir, n)}" for n in sorted(pending))
            raise KafkaError(f"broker node(s) {sorted(pending)} not ready after {timeout:.0f}s; log tail:\n{tails}")
        time.sleep(0.25)


# --------------------------------------------------------------------------- public API


def start(
    *,
    port: int | None = None,
    controller_port: int | None = None,
    data_dir: str | os.PathLike | None = None,
    nodes: int | None = None,
    node: int | None = None,
    fresh: bool = False,
    overrides: dict[str, str] | None = None,
    fast_start: bool = False,
    timeout: float = 60.0,
) -> str:
    """Ensure the cluster in data_dir is up and answering; return its bootstrap string.

    Idempotent: nodes already running are left alone. ``node=N`` (re)starts just that node of an
    existing cluster (fault tests). Port, nodes, overrides: arg > the data dir's cluster.json >
    ($DEPECHE_KAFKA_PORT >) defaults. ``fresh`` stops and wipes the data dir first (new cluster id)
    but keeps the stored ports/nodes/overrides as defaults.
    """
    ddir = _data_dir(data_dir)
    existing = _load_cluster(ddir)
    prev = existing  # layout defaults (ports, nodes, overrides) survive --fresh; the data does not
    if fresh:
        stop(data_dir=ddir)
        if ddir.exists():
            if existing is None and any(ddir.iterdir()):
                raise KafkaError(f"refusing to wipe {ddir}: not empty and has no cluster.json")
            shutil.rmtree(ddir)
        existing = None

    if node is not None:
        if existing is None:
            raise KafkaError(f"--node {node}: no cluster in {ddir}; start the whole cluster first")
        if not 1 <= node <= existing["nodes"]:
            raise KafkaError(f"--node must be in 1..{existing['nodes']}")
        if port is not None or controller_port is not None or nodes is not None:
            raise KafkaError("--node restarts a node with the stored config; drop --port/--controller-port/--nodes")
        cluster = existing
        targets = [node]
    else:
        if existing is not None and nodes is not None and nodes != existing["nodes"]:
            raise KafkaError(f"{ddir} holds a {existing['nodes']}-node cluster; use --fresh or another --data-dir")
        if prev is not None:
            nodes = nodes or prev["nodes"]
            base = port if port is not None else prev["broker_ports"][0]
            if controller_port is None and port is None and nodes == prev["nodes"]:
                controller_port = prev["controller_ports"][0]
        else:
            nodes = nodes or 1
            base = port if port is not None else int(os.environ.get("DEPECHE_KAFKA_PORT") or DEFAULT_PORT)
        cluster = _layout(port=base, controller_port=controller_port, nodes=nodes)
        cluster["cluster_id"] = (
            existing["cluster_id"] if existing else _new_cluster_id()
        )
        if overrides is not None:
            cluster["overrides"] = dict(overrides)
        else:
            cluster["overrides"] = prev.get("overrides", {}) if prev else {}
        running = [n for n in range(1, nodes + 1) if _node_pid(ddir, n)]
        if existing and running and (
            cluster["broker_ports"] != existing["broker_ports"]
            or cluster["controller_ports"] != existing["controller_ports"]
        ):
            raise KafkaError(f"cluster in {ddir} is running on other ports ({_bootstrap(existing)}); stop it first")
        targets = list(range(1, nodes + 1))

    to_start = [n for n in targets if _node_pid(ddir, n) is None]
    if not to_start:
        _wait_ready(cluster, ddir, targets, timeout=timeout)
        _log(f"already running: {_bootstrap(cluster)} ({ddir})")
        return _bootstrap(cluster)

    for n in to_start:
        for p in (cluster["broker_ports"][n - 1], cluster["controller_ports"][n - 1]):
            deadline = time.monotonic() + 5  # a just-killed broker may still be releasing it
            while not _port_free(p):
                if time.monotonic() > deadline:
                    raise KafkaError(f"port {p} (node {n}) is already in use by something else")
                time.sleep(0.2)

    fetch()
    _save_cluster(ddir, cluster)
    for n in to_start:
        nd = _node_dir(ddir, n)
        nd.mkdir(parents=True, exist_ok=True)
        (nd / "server.properties").write_text(_properties(cluster, n, ddir))
    _format(cluster, ddir, to_start)
    t0 = time.monotonic()
    for n in to_start:
        _launch(cluster, ddir, n, fast_start=fast_start)
    try:
        _wait_ready(cluster, ddir, to_start, timeout=timeout)
    except KafkaError:
        # A half-started cluster is worse than none: leave nothing running we just launched.
        kill_node(data_dir=ddir, nodes=to_start)
        raise
    _log(f"node(s) {to_start} ready in {time.monotonic() - t0:.1f}s")
    return _bootstrap(cluster)


def _signal_node(ddir: Path, node: int, sig: int) -> int | None:
    pid = _node_pid(ddir, node)
    if pid is not None:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
    return pid


def _wait_gone(ddir: Path, pids: dict[int, int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    left = dict(pids)
    while left and time.monotonic() < deadline:
        left = {n: p for n, p in left.items() if _pid_alive(p)}
        if left:
            time.sleep(0.2)
    return sorted(left)


def stop(*, data_dir: str | os.PathLike | None = None, node: int | None = None, timeout: float = 30.0) -> None:
    """SIGTERM the broker(s) by pid (never by name), wait for a clean shutdown, SIGKILL after timeout.

    No-op if nothing runs. All nodes get SIGTERM at once so the quorum stays up while they drain.
    """
    ddir = _data_dir(data_dir)
    cluster = _load_cluster(ddir)
    if cluster is None:
        return
    targets = [node] if node is not None else list(range(1, cluster["nodes"] + 1))
    pids = {}
    for n in targets:
        pid = _signal_node(ddir, n, signal.SIGTERM)
        if pid is not None:
            pids[n] = pid
    if pids:
        _log(f"stopping node(s) {sorted(pids)} ...")
    stuck = _wait_gone(ddir, pids, timeout)
    for n in stuck:
        _log(f"node {n} did not stop within {timeout:.0f}s; SIGKILL")
        try:
            os.kill(pids[n], signal.SIGKILL)
        except ProcessLookupError:
            pass
    _wait_gone(ddir, {n: pids[n] for n in stuck}, 10)
    for n in targets:
        (_node_dir(ddir, n) / "kafka.pid").unlink(missing_ok=True)


def kill_node(
    *, node: int | None = None, data_dir: str | os.PathLike | None = None, nodes: list[int] | None = None
) -> None:
    """SIGKILL one node (or `nodes`, or all): a crash, not a clean shutdown, for fault tests.

    Returns once the processes are really gone (ports released).
    """
    ddir = _data_dir(data_dir)
    cluster = _load_cluster(ddir)
    if cluster is None:
        return
    if node is not None:
        targets = [node]
    else:
        targets = list(nodes) if nodes is not None else list(range(1, cluster["nodes"] + 1))
    pids = {n: p for n in targets if (p := _signal_node(ddir, n, signal.SIGKILL)) is not None}
    _wait_gone(ddir, pids, 10)
    for n in targets:
        (_node_dir(ddir, n) / "kafka.pid").unlink(missing_ok=True)


def status(*, data_dir: str | os.PathLike | None = None) -> dict:
    """Per-node state of the cluster in data_dir: pid, port, running, answering."""
    ddir = _data_dir(data_dir)
    cluster = _load_cluster(ddir)
    if cluster is None:
        return {"data_dir": str(ddir), "bootstrap": None, "nodes": [], "ok": False}
    out = []
    for n in range(1, cluster["nodes"] + 1):
        port = cluster["broker_ports"][n - 1]
        pid = _node_pid(ddir, n)
        out.append({
            "node": n, "port": port, "pid": pid, "running": pid is not None,
            "answering": pid is not None and is_answering(HOST, port),
        })
    return {
        "data_dir": str(ddir), "bootstrap": _bootstrap(cluster), "nodes": out,
        "ok": all(x["answering"] for x in out),
    }


def bootstrap(*, data_dir: str | os.PathLike | None = None) -> str | None:
    """Bootstrap string of the cluster recorded in data_dir (running or not), or None."""
    cluster = _load_cluster(_data_dir(data_dir))
    return _bootstrap(cluster) if cluster else None


# --------------------------------------------------------------------------- CLI


def _parse_override(s: str) -> tuple[str, str]:
    if "=" not in s:
        raise argparse.ArgumentTypeError(f"--override expects key=value, got {s!r}")
    k, v = s.split("=", 1)
    return k.strip(), v.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="deploy/kafka.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)

    def data_dir_arg(p):
        p.add_argument("--data-dir", default=None,
                       help="cluster dir (default $DEPECHE_KAFKA_DATA_DIR or <repo>/.run/kafka)")

    p = sub.add_parser("fetch", help="copy the Kafka jars from Maven into .cache/ (once)")
    p.add_argument("--force", action="store_true", help="fetch again even if complete")

    p = sub.add_parser("start", help="start the broker(s) and wait until they answer")
    p.add_argument("--port", type=int, default=None,
                   help="first broker port (default: stored, else $DEPECHE_KAFKA_PORT, else 9092)")
    p.add_argument("--controller-port", type=int, default=None,
                   help="first controller port (default port+1 for 1 node, port+100 for 3)")
    data_dir_arg(p)
    p.add_argument("--nodes", type=int, choices=(1, 3), default=None, help="cluster size (default 1)")
    p.add_argument("--node", type=int, default=None, help="(re)start only this node of an existing cluster")
    p.add_argument("--fresh", action="store_true", help="stop and wipe the data dir first")
    p.add_argument("--override", action="append", type=_parse_override, default=None, metavar="K=V",
                   help="extra broker property, repeatable (written into server.properties)")
    p.add_argument("--fast-start", action="store_true", help="-XX:TieredStopAtLevel=1 (tests; not benchmarks)")
    p.add_argument("--timeout", type=float, default=60.0, help="readiness timeout in seconds (default 60)")

    p = sub.add_parser("stop", help="SIGTERM by pid, SIGKILL after --timeout")
    data_dir_arg(p)
    p.add_argument("--node", type=int, default=None, help="only this node")
    p.add_argument("--timeout", type=float, default=30.0)

    p = sub.add_parser("kill", help="SIGKILL (crash) a node, or all nodes")
    data_dir_arg(p)
    p.add_argument("--node", type=int, default=None, help="only this node")

    p = sub.add_parser("status", help="exit 0 if every node runs and answers, else 1")
    data_dir_arg(p)

    args = ap.parse_args(argv)
    try:
        if args.cmd == "fetch":
            print(fetch(force=args.force))
        elif args.cmd == "start":
            t0 = time.monotonic()
            bs = start(
                port=args.port, controller_port=args.controller_port, data_dir=args.data_dir,
                nodes=args.nodes, node=args.node, fresh=args.fresh,
                overrides=dict(args.override) if args.override else None,
                fast_start=args.fast_start, timeout=args.timeout,
            )
            print(f"kafka ready at {bs} ({time.monotonic() - t0:.1f}s)")
        elif args.cmd == "stop":
            stop(data_dir=args.data_dir, node=args.node, timeout=args.timeout)
            print("kafka stopped")
        elif args.cmd == "kill":
            kill_node(data_dir=args.data_dir, node=args.node)
            print("kafka killed" if args.node is None else f"kafka node {args.node} killed")
        elif args.cmd == "status":
            st = status(data_dir=args.data_dir)
            if not st["nodes"]:
                print(f"no cluster in {st['data_dir']}")
                return 1
            for n in st["nodes"]:
                state = "answering" if n["answering"] else ("running, not answering" if n["running"] else "down")
                print(f"node {n['node']} {HOST}:{n['port']} pid={n['pid']} {state}")
            print(f"bootstrap {st['bootstrap']} ({st['data_dir']}): {'ok' if st['ok'] else 'NOT ok'}")
            return 0 if st["ok"] else 1
    except (KafkaError, OSError, subprocess.SubprocessError) as e:
        print(f"kafka: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
