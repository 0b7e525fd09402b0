"""deploy/kafka.py without a broker: the parts that decide how storage is formatted."""
from __future__ import annotations

import itertools

from tests.support.kafka import deploy_kafka


def test_cluster_id_never_starts_with_a_dash(monkeypatch) -> None:
    """kafka-storage takes ``-t -abc…`` for an option; an id drawn with a leading '-' is redrawn."""
    kafka = deploy_kafka()
    draws = itertools.chain([b"\xf8" + bytes(15)], itertools.repeat(bytes(16)))
    monkeypatch.setattr(kafka.os, "urandom", lambda n: next(draws))
    cluster_id = kafka._new_cluster_id()
    assert not cluster_id.startswith("-")
    assert len(cluster_id) == 22


def test_cluster_ids_are_random() -> None:
    kafka = deploy_kafka()
    ids = {kafka._new_cluster_id() for _ in range(200)}
    assert len(ids) == 200
    assert not any(cluster_id.startswith("-") for cluster_id in ids)
