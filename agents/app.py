"""The Faust app ``depeche``: built once from :class:`~agents.settings.Settings`.

``faust -A agents.app worker`` and ``depeche worker`` start the same worker: the app lists the
modules that register its agents and views (``autodiscover``), and Faust imports them once this
module is loaded, so there is no import cycle (they import ``app`` from here).
"""
from __future__ import annotations

import gc

import faust
from faust import transport
from mode.utils.times import want_seconds

from .consumer import Transport as SeekingTransport
from .logs import Worker, logging_config
from .settings import Settings

__all__ = ["App", "app", "load_components", "settings"]

settings = Settings.from_env()

#: Messages an agent's stream may read ahead (see below).
STREAM_BUFFER = 256

#: Modules that register topics, agents and views on ``app`` when imported.
COMPONENTS = ["agents.cleaner", *(["agents.stories"] if settings.story_stage else []), "agents.views"]


class App(faust.App):
    """Faust's app, creating our topics before its consumer subscribes to them, and reading a
    stream partition only once it has been sought after a rebalance (agents/consumer.py)."""

    def _new_transport(self) -> faust.types.TransportT:
        base = transport.by_url(self.conf.broker_consumer[0])
        if not issubclass(SeekingTransport, base):  # not Kafka through aiokafka: Faust's own
            return super()._new_transport()
        return SeekingTransport(self.conf.broker_consumer, self)

    async def on_first_start(self) -> None:
        # Faust creates only its internal topics; a worker subscribed to a topic that does not
        # exist yet would sit idle until its next metadata refresh, so create ours first (also
        # under ``faust -A agents.app worker``; ``depeche worker`` has done it already, to fail
        # with one clear line when the broker cannot be reached).
        from .clients import ensure_topics, wait_for_topics
        from .topics import story_work, ticker_candidates

        await super().on_first_start()
        topics = [settings.topic_raw, settings.topic_articles, settings.topic_ticker, settings.topic_rejected,
                  ticker_candidates.get_topic_name(), settings.topic_stories,
                  story_work.get_topic_name()]
        await ensure_topics(settings, topics)
        # The tables' changelogs too, before the consumer's first metadata: a changelog Faust
        # creates at start can be in that metadata with 0 partitions on a cluster, and every table
        # write then raises PartitionsMismatch until the next rebalance (found by the scale-out test).
        changelogs = [table.changelog_topic for table in self.tables.values()]
        for changelog in changelogs:
            await ensure_topics(settings, [changelog.get_topic_name()], config=changelog_config(changelog))
        # And known to every broker: created is not yet in the metadata the consumer will get.
        missing = await wait_for_topics(settings, [*topics, *(c.get_topic_name() for c in changelogs)])
        if missing:
            self.log.warning("topics not yet in every broker's metadata after 60 s: %s", ", ".join(missing[:10]))

    async def on_started(self) -> None:
        await super().on_started()
        # Everything built to start (modules, Faust's services, recovered tables) lives as long as
        # the worker: out of the collector's sight, a full collection no longer walks it. One
        # walked ~110,000 objects and held the event loop for tens of milliseconds at a time (up
        # to 250 ms on a busy machine): a stall of every page in flight, seen in p99 latency.
        gc.collect()
        gc.freeze()


def changelog_config(topic: faust.types.TopicT) -> dict[str, str]:
    """The topic config Faust gives a changelog it creates (cleanup policy, retention)."""
    policy = ",".join(name for name, on in (("compact", topic.compacting), ("delete", topic.deleting)) if on)
    config = {str(key): str(value) for key, value in (topic.config or {}).items()}
    if policy:
        config["cleanup.policy"] = policy
    if topic.retention:
        config["retention.ms"] = str(int(want_seconds(topic.retention) * 1000))
    return config


app = App(
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
    # Linger 0 and Faust's 16 KB batches, kept by measurement: aiokafka keeps one produce request
    # in flight per broker and puts every ready batch in the next one, and a partition's lane
    # awaits a page's acks before its next page, so a 5 ms linger with 256 KB batches saved no
    # CPU that stood out of the noise (worker -2%, broker -4%, medians of paired drains) and added
    # 40-100 ms to p99 at half the maximum rate; 256 KB batches alone saved nothing (2026-11-30).
    # Faust's fetch settings (1 byte, 1.5 s wait) kept by measurement too: a 1x1 drain of 600 pages
    # with the stories stage made 1.25 fetches a page, each bringing records (the fetch loop does
    # not spin). Asking for 64 KB, waiting up to 25 ms, after a fetch that brought records cut that
    # to 1.08 a page, with no CPU gain out of the noise (load 10-13), and would hold back pages under
    # 64 KB (89% of the development pages, compressed) by up to 25 ms; 16 KB / 10 ms and 32 KB / 5 ms
    # made more fetches, empty ones (1.67 and 1.92 a page) (2026-11-30).
    # A crashed (kill -9) worker's partitions are reassigned after this; its uncommitted pages
    # are processed again (at-least-once, see docs/guarantees.md).
    broker_session_timeout=settings.session_timeout,
    # Faust reads up to this many messages ahead per agent's stream (default 4096): raw pages of ~190 KB
    # on average made a worker draining a backlog hold ~600 MB of them (benchmarks/pipeline.py
    # --memory). Lanes keep 4 pages per cleaning process in flight, so a few hundred is plenty.
    stream_buffer_maxsize=STREAM_BUFFER,
    web_bind=settings.web_host,
    web_host=settings.web_host,
    web_port=settings.web_port,
    web_tables_enabled=False,  # table contents are internal state, not for a browser
    autodiscover=COMPONENTS,
    origin=__name__,  # else Faust's CLI takes the program name (``depeche``) for a module to scan
    logging_config=logging_config(settings.log_format),
    Worker=Worker,  # keeps the root logger at the log level (also under ``faust -A agents.app worker``)
)


def load_components() -> faust.App:
    """Import the modules that register topics, agents and views on ``app`` (what Faust's
    autodiscovery does when the worker starts; the CLI and tests call it to have them now)."""
    app.discover()
    return app
