"""Free loopback ports for brokers and web views, so concurrent runs never collide on fixed numbers."""
from __future__ import annotations

import random
import socket

__all__ = ["free_port", "free_port_run"]


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    """One port the kernel says is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_port_run(count: int, *, avoid: frozenset[int] = frozenset(), attempts: int = 200) -> int:
    """The first of ``count`` consecutive free ports (deploy/kafka.py numbers a cluster's nodes
    port, port+1, …), none of them in ``avoid``. Picked from the range the kernel does not hand out
    as ephemeral ports, so a client socket cannot take one between the check and the broker's bind."""
    for _ in range(attempts):
        base = random.randrange(20000, 29000 - count)  # noqa: S311 - not cryptographic
        ports = range(base, base + count)
        if not avoid.intersection(ports) and all(_bindable(port) for port in ports):
            return base
    raise RuntimeError(f"no run of {count} free loopback ports found in {attempts} attempts")
