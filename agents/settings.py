"""Worker settings, read once from the environment into one frozen object."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.options import DEFAULT_OPTIONS, CleanOptions
from pipeline.sources import SourceCatalog, default_catalog

__all__ = ["ENVIRONMENT", "Settings", "SettingsError", "cores_available"]

#: Every variable the worker and CLI read, with its default and meaning (the README's table).
ENVIRONMENT: dict[str, tuple[str, str]] = {
    "DEPECHE_APP_ID": ("depeche", "Faust app id: consumer group and internal topic prefix"),
    "DEPECHE_BROKER_URL": ("kafka://127.0.0.1:9092", "Kafka bootstrap servers, comma separated"),
    "DEPECHE_TOPIC_RAW": ("pages.raw", "input topic of raw pages"),
    "DEPECHE_TOPIC_ARTICLES": ("articles.clean", "clean articles"),
    "DEPECHE_TOPIC_TICKER": ("ticker.items", "deduplicated ticker headlines"),
    "DEPECHE_TOPIC_REJECTED": ("pages.rejected", "inputs that could not be cleaned, with a reason"),
    "DEPECHE_TOPIC_STORIES": ("stories", "copies of one dispatch grouped as a story, an event when members join (once per batch)"),
    "DEPECHE_TOPIC_PARTITIONS": ("12", "partitions of the topics the worker creates (up to that many workers share the work)"),
    "DEPECHE_REPLICATION_FACTOR": ("1", "replication factor of the topics the worker creates"),
    "DEPECHE_WEB_HOST": ("127.0.0.1", "address the web view binds to"),
    "DEPECHE_WEB_PORT": ("6066", "port of the web view"),
    "DEPECHE_DATA_DIR": (".run/worker", "worker state (table stores)"),
    "DEPECHE_STORE": ("memory://", "table store; tables recover from their changelog topic on start"),
    "DEPECHE_SOURCES_FILE": ("", "extra news sources (JSON, shape of pipeline/data/sources.json)"),
    "DEPECHE_KAFKA_SECURITY_PROTOCOL": ("PLAINTEXT", "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"),
    "DEPECHE_KAFKA_SASL_MECHANISM": ("PLAIN", "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"),
    "DEPECHE_KAFKA_SASL_USERNAME": ("", "SASL user"),
    "DEPECHE_KAFKA_SASL_PASSWORD": ("", "SASL password (never logged)"),
    "DEPECHE_KAFKA_SSL_CAFILE": ("", "CA bundle for SSL"),
    "DEPECHE_LOG_LEVEL": ("info", "worker log level"),
    "DEPECHE_SESSION_TIMEOUT": ("60", "seconds before a crashed worker's partitions go to a live one"),
    "DEPECHE_MAX_PAGE_BYTES": (str(DEFAULT_OPTIONS.max_page_bytes), "pages larger than this are rejected (page_too_large)"),
    "DEPECHE_TICKER_HORIZON": ("604800", "seconds a published ticker item is remembered (not published again)"),
    "DEPECHE_STORY_HORIZON": ("259200", "seconds an article is remembered for finding its copies (stories)"),
    "DEPECHE_STORY_THRESHOLD": ("0.8", "estimated Jaccard similarity of two texts at or over which one is a copy"),
    "DEPECHE_STORY_STAGE": ("on", "on: find wire copies of the worker's articles and publish stories; articles: of "
                            "every article on the articles topic, whoever produced it; off: articles only (no stories stage)"),
    "DEPECHE_PUBLISH_GIVE_UP": ("300", "seconds a page's events may go unsent before the worker exits (code 75)"),
    "DEPECHE_LOG_FORMAT": ("plain", "worker log lines: plain text, or json (one object per line)"),
    "DEPECHE_DASHBOARD_TOP_SITES": ("100", "sites counted and shown per worker on the dashboard (the busiest ones)"),
    "DEPECHE_METRICS_SITE_LABELS": ("0", "sites with a series of their own in /metrics, the rest as _other (0: no site label)"),
    "DEPECHE_CLEAN_PROCESSES": ("0", "processes that clean pages beside the worker's event loop (0: one per core it may use, capped by a cgroup CPU limit)"),
    "DEPECHE_CLEAN_TIMEOUT": ("10", "seconds of CPU a page may use to clean; past it its process is replaced and the page rejected (timeout)"),
}


class SettingsError(ValueError):
    """A setting the worker or the CLI cannot use (unreadable sources file, ...): one clear line."""


def _clean_processes(value: str) -> int:
    """DEPECHE_CLEAN_PROCESSES, with 0 meaning one per core this process may use."""
    count = int(value)
    if count < 0:
        raise SettingsError(f"DEPECHE_CLEAN_PROCESSES must be 0 (one per core) or more, not {count}")
    return count or cores_available()


#: cgroup v2's CPU limit of this process's group ("max 100000", or quota and period in µs).
CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")
#: DEPECHE_STORY_STAGE's values (see ENVIRONMENT).
STORY_STAGES = ("on", "articles", "off")


def cores_available(cpu_max: Path = CGROUP_CPU_MAX) -> int:
    """The cores this process may run on, lowered to its container's CPU limit if it has one: a
    pod limited to 2 CPUs on a 64-core node should not start 64 cleaning processes."""
    cores = len(os.sched_getaffinity(0))
    try:
        quota, period = cpu_max.read_text().split()[:2]
        limit = -(-int(quota) // int(period))  # ceiling: 1.5 CPUs → 2 processes
    except (OSError, ValueError):  # no cgroup v2 file, or "max" (no limit)
        return cores
    return max(1, min(cores, limit))


def _positive(name: str, value: float) -> float:
    if not value > 0:
        raise SettingsError(f"{name} must be above 0, not {value}")
    return value


def _secret_repr(value: str) -> str:
    return "'***'" if value else "''"


def _one_of(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """What the worker and CLI need to know; build with :meth:`from_env`."""

    app_id: str
    broker_url: str
    topic_raw: str
    topic_articles: str
    topic_ticker: str
    topic_rejected: str
    topic_partitions: int
    replication_factor: int
    web_host: str
    web_port: int
    data_dir: Path
    store: str
    sources_file: str
    security_protocol: str
    sasl_mechanism: str
    sasl_username: str
    sasl_password: str = field(repr=False)
    ssl_cafile: str
    log_level: str
    session_timeout: float = 60.0
    max_page_bytes: int = DEFAULT_OPTIONS.max_page_bytes
    ticker_horizon: float = 7 * 24 * 3600.0
    story_horizon: float = 3 * 24 * 3600.0
    story_threshold: float = 0.8
    story_stage: bool = True
    #: DEPECHE_STORY_STAGE=articles: the stage reads the articles topic (articles other producers
    #: put there too) instead of taking its probes from the cleaner.
    story_reads_articles: bool = False
    topic_stories: str = "stories"
    publish_give_up: float = 300.0
    log_format: str = "plain"
    dashboard_top_sites: int = 100
    metrics_site_labels: int = 0
    clean_processes: int = 1
    clean_timeout: float = 10.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        source = os.environ if env is None else env

        def get(name: str) -> str:
            return source.get(name) or ENVIRONMENT[name][0]

        return cls(
            app_id=get("DEPECHE_APP_ID"),
            broker_url=get("DEPECHE_BROKER_URL"),
            topic_raw=get("DEPECHE_TOPIC_RAW"),
            topic_articles=get("DEPECHE_TOPIC_ARTICLES"),
            topic_ticker=get("DEPECHE_TOPIC_TICKER"),
            topic_rejected=get("DEPECHE_TOPIC_REJECTED"),
            topic_stories=get("DEPECHE_TOPIC_STORIES"),
            topic_partitions=int(get("DEPECHE_TOPIC_PARTITIONS")),
            replication_factor=int(get("DEPECHE_REPLICATION_FACTOR")),
            web_host=get("DEPECHE_WEB_HOST"),
            web_port=int(get("DEPECHE_WEB_PORT")),
            data_dir=Path(get("DEPECHE_DATA_DIR")).absolute(),
            store=get("DEPECHE_STORE"),
            sources_file=get("DEPECHE_SOURCES_FILE"),
            security_protocol=get("DEPECHE_KAFKA_SECURITY_PROTOCOL").upper(),
            sasl_mechanism=get("DEPECHE_KAFKA_SASL_MECHANISM"),
            sasl_username=get("DEPECHE_KAFKA_SASL_USERNAME"),
            sasl_password=get("DEPECHE_KAFKA_SASL_PASSWORD"),
            ssl_cafile=get("DEPECHE_KAFKA_SSL_CAFILE"),
            log_level=get("DEPECHE_LOG_LEVEL"),
            session_timeout=float(get("DEPECHE_SESSION_TIMEOUT")),
            max_page_bytes=int(get("DEPECHE_MAX_PAGE_BYTES")),
            ticker_horizon=float(get("DEPECHE_TICKER_HORIZON")),
            story_horizon=_positive("DEPECHE_STORY_HORIZON", float(get("DEPECHE_STORY_HORIZON"))),
            story_threshold=_positive("DEPECHE_STORY_THRESHOLD", float(get("DEPECHE_STORY_THRESHOLD"))),
            story_stage=_one_of("DEPECHE_STORY_STAGE", get("DEPECHE_STORY_STAGE").lower(), STORY_STAGES) != "off",
            story_reads_articles=get("DEPECHE_STORY_STAGE").lower() == "articles",
            publish_give_up=float(get("DEPECHE_PUBLISH_GIVE_UP")),
            log_format=_one_of("DEPECHE_LOG_FORMAT", get("DEPECHE_LOG_FORMAT").lower(), ("plain", "json")),
            dashboard_top_sites=int(_positive("DEPECHE_DASHBOARD_TOP_SITES", int(get("DEPECHE_DASHBOARD_TOP_SITES")))),
            metrics_site_labels=max(0, int(get("DEPECHE_METRICS_SITE_LABELS"))),
            clean_processes=_clean_processes(get("DEPECHE_CLEAN_PROCESSES")),
            clean_timeout=_positive("DEPECHE_CLEAN_TIMEOUT", float(get("DEPECHE_CLEAN_TIMEOUT"))),
        )

    def clean_options(self) -> CleanOptions:
        """The cleaner's options: the worker and ``depeche clean`` both take them from here."""
        return CleanOptions(max_page_bytes=self.max_page_bytes)

    def source_catalog(self) -> SourceCatalog:
        """The built-in news sources with DEPECHE_SOURCES_FILE's merged over them (worker and CLI)."""
        if not self.sources_file:
            return default_catalog()
        try:
            return SourceCatalog.from_json(Path(self.sources_file).read_bytes(), base=default_catalog())
        except OSError as error:
            raise SettingsError(f"DEPECHE_SOURCES_FILE {self.sources_file}: {error.strerror or error}") from None
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise SettingsError(f"DEPECHE_SOURCES_FILE {self.sources_file}: not a sources file "
                                f"(shape of pipeline/data/sources.json): {error!r}") from None

    @property
    def bootstrap_servers(self) -> str:
        """``host:port,...`` for plain aiokafka clients (no ``kafka://`` scheme)."""
        parts = self.broker_url.replace(";", ",").split(",")  # Faust accepts both separators
        return ",".join(part.strip().removeprefix("kafka://") for part in parts if part.strip())

    def aiokafka_security(self) -> dict[str, object]:
        """Keyword arguments for aiokafka clients; secrets pass through, never printed."""
        options: dict[str, object] = {"security_protocol": self.security_protocol}
        if self.security_protocol.startswith("SASL"):
            options.update(sasl_mechanism=self.sasl_mechanism, sasl_plain_username=self.sasl_username,
                           sasl_plain_password=self.sasl_password)
        if self.security_protocol.endswith("SSL"):
            from aiokafka.helpers import create_ssl_context

            options["ssl_context"] = create_ssl_context(cafile=self.ssl_cafile or None)
        return options

    def faust_credentials(self) -> object | None:
        """Faust's credentials object for the same settings, or None for PLAINTEXT."""
        import faust

        if self.security_protocol == "PLAINTEXT":
            return None
        ssl_context = None
        if self.security_protocol.endswith("SSL"):
            from aiokafka.helpers import create_ssl_context

            ssl_context = create_ssl_context(cafile=self.ssl_cafile or None)
        if self.security_protocol.startswith("SASL"):
            return faust.SASLCredentials(username=self.sasl_username, password=self.sasl_password,
                                         mechanism=self.sasl_mechanism, ssl_context=ssl_context)
        return faust.SSLCredentials(ssl_context)
