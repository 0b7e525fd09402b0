"""The Faust app ``depeche``: built once from :class:`~agents.settings.Settings`."""
from __future__ import annotations

import faust

from .settings import Settings

__all__ = ["app", "settings"]

settings = Settings.from_env()

app = faust.App(
    settings.app_id,
    broker=settings.broker_url,
    broker_credentials=settings.faust_credentials(),
    store=settings.store,
    datadir=str(settings.data_dir),
    topic_partitions=settings.topic_partitions,
    topic_replication_factor=settings.replication_factor,
    consumer_auto_offset_reset="earliest",
    value_serializer="json",
    key_serializer="raw",
    producer_acks=-1,
    producer_compression_type="zstd",
    # A crashed (kill -9) worker's partitions are reassigned after this; its uncommitted pages
    # are processed again (at-least-once, see docs/guarantees.md).
    broker_session_timeout=settings.session_timeout,
    web_bind=settings.web_host,
    web_host=settings.web_host,
    web_port=settings.web_port,
    web_tables_enabled=False,  # table contents are internal state, not for a browser
    autodiscover=False,
)


def load_components() -> faust.App:
    """Import the modules that register topics, agents and views on ``app``."""
    from . import cleaner, views  # noqa: F401  (registration by import)

    return app
