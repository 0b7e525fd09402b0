"""Security settings: loopback web view, SASL/SSL passed to every Kafka client, no secret in logs."""
from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Iterator
from pathlib import Path

import faust
import pytest
from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

from agents.settings import ENVIRONMENT, Settings, SettingsError
from tests.support.kafka import REPO, deploy_kafka
from tests.support.worker import WorkerProcess, run

PASSWORD = "s3cr3t-Pw-4711"
SASL = {
    "DEPECHE_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
    "DEPECHE_KAFKA_SASL_MECHANISM": "PLAIN",
    "DEPECHE_KAFKA_SASL_USERNAME": "depeche",
    "DEPECHE_KAFKA_SASL_PASSWORD": PASSWORD,
}


def test_every_setting_is_in_the_environment_table() -> None:
    fields = {f.name for f in dataclasses.fields(Settings)}
    named = {name.removeprefix("DEPECHE_").lower().removeprefix("kafka_").removeprefix("topic_")
             for name in ENVIRONMENT}
    aliases = {"raw": "topic_raw", "articles": "topic_articles", "ticker": "topic_ticker",
               "rejected": "topic_rejected", "partitions": "topic_partitions", "stories": "topic_stories"}
    derived = {"story_reads_articles"}  # DEPECHE_STORY_STAGE=articles
    assert {aliases.get(n, n) for n in named} | derived == fields


def test_story_stage_articles_reads_the_articles_topic() -> None:
    on, articles, off = (Settings.from_env({"DEPECHE_STORY_STAGE": value}) for value in ("on", "articles", "OFF"))
    assert (on.story_stage, on.story_reads_articles) == (True, False)
    assert (articles.story_stage, articles.story_reads_articles) == (True, True)
    assert (off.story_stage, off.story_reads_articles) == (False, False)
    with pytest.raises(SettingsError, match="DEPECHE_STORY_STAGE"):
        Settings.from_env({"DEPECHE_STORY_STAGE": "sometimes"})


def test_web_view_binds_loopback_by_default() -> None:
    assert Settings.from_env({}).web_host == "127.0.0.1"
    from agents.app import app, settings

    assert app.conf.web_bind == settings.web_host  # the app binds where the settings say


def test_plaintext_by_default() -> None:
    settings = Settings.from_env({})
    assert settings.aiokafka_security() == {"security_protocol": "PLAINTEXT"}
    assert settings.faust_credentials() is None


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_reaches_cli_and_faust_clients(mechanism: str) -> None:
    settings = Settings.from_env({**SASL, "DEPECHE_KAFKA_SASL_MECHANISM": mechanism})
    plain = settings.aiokafka_security()
    assert plain == {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": mechanism,
                     "sasl_plain_username": "depeche", "sasl_plain_password": PASSWORD}
    # What Faust's aiokafka driver hands its consumer and producer (aiokafka.py: both call this).
    app = faust.App("settings-test", broker="kafka://127.0.0.1:1", broker_credentials=settings.faust_credentials())
    auth = credentials_to_aiokafka_auth(app.conf.broker_credentials)
    assert {k: auth[k] for k in plain} == plain
    assert auth["ssl_context"] is None


def test_sasl_ssl_and_ssl_carry_a_context(tmp_path: Path) -> None:
    sasl_ssl = Settings.from_env({**SASL, "DEPECHE_KAFKA_SECURITY_PROTOCOL": "sasl_ssl"})
    options = sasl_ssl.aiokafka_security()
    assert options["security_protocol"] == "SASL_SSL" and isinstance(options["ssl_context"], ssl.SSLContext)
    assert options["sasl_plain_password"] == PASSWORD
    auth = credentials_to_aiokafka_auth(sasl_ssl.faust_credentials())
    assert auth["security_protocol"] == "SASL_SSL" and isinstance(auth["ssl_context"], ssl.SSLContext)
    assert auth["sasl_plain_password"] == PASSWORD

    only_ssl = Settings.from_env({"DEPECHE_KAFKA_SECURITY_PROTOCOL": "SSL"})
    options = only_ssl.aiokafka_security()
    assert options["security_protocol"] == "SSL" and "sasl_plain_password" not in options
    auth = credentials_to_aiokafka_auth(only_ssl.faust_credentials())
    assert auth["security_protocol"] == "SSL" and isinstance(auth["ssl_context"], ssl.SSLContext)


def test_password_not_in_repr() -> None:
    settings = Settings.from_env(SASL)
    for text in (repr(settings), str(settings), repr(settings.faust_credentials()), f"{settings!r}"):
        assert PASSWORD not in text
    assert "depeche" in repr(settings)  # the user is fine to show


# --------------------------------------------------------------------------- live, over SASL

SASL_PORT = 39392  # PLAINTEXT for readiness checks; SASL_PLAINTEXT on SASL_PORT + 2
SASL_DATA_DIR = REPO / ".run" / "kafka-sasl-test"


@pytest.fixture(scope="module")
def sasl_broker() -> Iterator[str]:
    """A broker with a SASL/PLAIN listener that knows the user depeche (PASSWORD)."""
    kafka = deploy_kafka()
    port, controller, sasl = SASL_PORT, SASL_PORT + 1, SASL_PORT + 2
    jaas = ('org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" '
            f'password="admin-pw" user_admin="admin-pw" user_depeche="{PASSWORD}";')
    listeners = (f"PLAINTEXT://127.0.0.1:{port},SASL_PLAINTEXT://127.0.0.1:{sasl},"
                 f"CONTROLLER://127.0.0.1:{controller}")
    overrides = {
        "listeners": listeners,
        "advertised.listeners": listeners,
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
        "sasl.enabled.mechanisms": "PLAIN",
        "listener.name.sasl_plaintext.plain.sasl.jaas.config": jaas,
    }
    try:
        kafka.start(port=port, controller_port=controller, data_dir=SASL_DATA_DIR, fresh=True,
                    fast_start=True, overrides=overrides, timeout=120)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"the SASL test broker did not start: {exc}")
    yield f"127.0.0.1:{sasl}"
    kafka.stop(data_dir=SASL_DATA_DIR)


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a LISTEN socket on ``port`` (from /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                if len(address) == 8:
                    found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.add("ipv6:" + address)
    return found


@dataclasses.dataclass
class SaslWorker(WorkerProcess):
    @property
    def env(self) -> dict[str, str]:
        return {**super().env, **SASL}


@pytest.mark.integration
def test_worker_over_sasl_cleans_and_never_logs_the_password(sasl_broker: str, tmp_path: Path) -> None:
    worker = SaslWorker(bootstrap=sasl_broker, workdir=tmp_path / "sasl")
    worker.start()
    try:
        assert listening_addresses(worker.web_port) == {"127.0.0.1"}
        page = {"url": "https://sasl.example/a", "content_type": "text/plain",
                "body": "A page over SASL\n\nThe worker authenticated with its user and cleaned this page."}
        settings = Settings.from_env({**SASL, "DEPECHE_BROKER_URL": f"kafka://{sasl_broker}",
                                      "DEPECHE_TOPIC_RAW": worker.topics["raw"]})
        from agents.clients import produce_pages
        from schemas import RawPage

        report = run(produce_pages(settings, [RawPage(url=page["url"], body=page["body"],
                                                      fetched_at="2026-11-23T10:00:00Z",
                                                      content_type="text/plain")]))
        assert report.sent == 1, report.refused
        # Read back over SASL too (the PLAINTEXT listener would also do, but proves the CLI path).
        from agents.clients import tail_topic

        events: list[dict] = []
        run(tail_topic(Settings.from_env({**SASL, "DEPECHE_BROKER_URL": f"kafka://{sasl_broker}"}),
                       worker.topics["articles"], from_beginning=True, limit=1, idle_timeout=60,
                       emit=events.append))
        assert [e["url"] for e in events] == ["https://sasl.example/a"]
    finally:
        worker.stop()
    log = worker.log_text()
    assert "Ready" in log and PASSWORD not in log
