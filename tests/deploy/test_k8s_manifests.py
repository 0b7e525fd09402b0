"""deploy/k8s without a cluster: core kinds against the Kubernetes schemas (kubernetes-validate,
offline), custom resources against what their controllers require, and the manifests against
each other (names, ports, selectors, credentials)."""
from __future__ import annotations

import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.deploy.deployed import K8S, Manifest, kafka_version, kustomization, manifests, of_kind, one, pyproject, \
    worker_configmap, worker_container

#: Oldest Kubernetes the manifests claim (PodDisruptionBudget.unhealthyPodEvictionPolicy is GA
#: since 1.31) and the newest whose schemas the package ships.
KUBERNETES_VERSIONS = ["1.31", kubernetes_validate.utils.latest_version()]
CORE_KINDS = {"Namespace", "ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget"}
#: Custom resources: the API each controller serves (Strimzi 0.49+ serves v1, 1.0 only v1).
CUSTOM_KINDS = {
    "Kafka": "kafka.strimzi.io/v1",
    "KafkaNodePool": "kafka.strimzi.io/v1",
    "KafkaTopic": "kafka.strimzi.io/v1",
    "KafkaUser": "kafka.strimzi.io/v1",
    "ScaledObject": "keda.sh/v1alpha1",
    "TriggerAuthentication": "keda.sh/v1alpha1",
    "ServiceMonitor": "monitoring.coreos.com/v1",
}
WORKER_LABELS = {"app.kubernetes.io/name": "depeche", "app.kubernetes.io/component": "worker"}


def test_kustomization_applies_every_manifest_once() -> None:
    listed = kustomization()["resources"]
    on_disk = sorted(p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")
    assert sorted(listed) == on_disk, "every manifest in deploy/k8s is listed in kustomization.yaml, once"
    assert len(set(listed)) == len(listed)


def test_every_document_parses_and_names_itself() -> None:
    for path in sorted(K8S.glob("*.yaml")):
        docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
        assert docs, f"{path.name} holds no document"
    seen = set()
    for manifest in manifests():
        doc = manifest.doc
        assert isinstance(doc.get("apiVersion"), str) and isinstance(doc.get("kind"), str), str(manifest)
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", manifest.name), f"{manifest}: not a valid name"
        assert (manifest.kind, manifest.name) not in seen, f"{manifest} is defined twice"
        seen.add((manifest.kind, manifest.name))
        assert "namespace" not in doc["metadata"], f"{manifest}: the kustomization sets the namespace"
    assert {m.kind for m in manifests()} <= CORE_KINDS | set(CUSTOM_KINDS), "a kind this test does not check"


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_core_kinds_match_the_kubernetes_schemas(version: str) -> None:
    core = [m for m in manifests() if m.kind in CORE_KINDS]
    assert {m.kind for m in core} >= {"Namespace", "ConfigMap", "Deployment", "Service", "PodDisruptionBudget"}
    for manifest in core:
        try:
            kubernetes_validate.validate(manifest.doc, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{manifest} against Kubernetes {version}: {error.message} at "
                        f"{'/'.join(str(p) for p in error.path)}")


def test_schema_validation_catches_a_mistake() -> None:
    """The validator really reads the schemas: a port given as text and an unknown field fail."""
    deployment = yaml.safe_load(yaml.safe_dump(one("Deployment")))
    deployment["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "6066"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSIONS[-1], strict=True)
    service = yaml.safe_load(yaml.safe_dump(one("Service")))
    service["spec"]["selectr"] = service["spec"].pop("selector")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(service, KUBERNETES_VERSIONS[-1], strict=True)


def test_custom_resources_use_the_api_their_controller_serves() -> None:
    for manifest in manifests():
        if manifest.kind in CUSTOM_KINDS:
            assert manifest.doc["apiVersion"] == CUSTOM_KINDS[manifest.kind], str(manifest)


# --------------------------------------------------------------------------- Strimzi


def kafka_cluster() -> dict:
    return one("Kafka")


def scram_listener() -> dict:
    listeners = kafka_cluster()["spec"]["kafka"]["listeners"]
    for listener in listeners:
        assert {"name", "port", "type", "tls"} <= set(listener), f"listener {listener} lacks a required field"
    authenticated = [listener for listener in listeners if listener.get("authentication")]
    assert len(authenticated) == 1, "the worker's listener is the one with authentication"
    return authenticated[0]


def test_strimzi_kafka_is_kraft_with_node_pools() -> None:
    spec = kafka_cluster()["spec"]
    assert spec["kafka"]["version"] == kafka_version(), "the version deploy/kafka/pom.xml pins and the tests run"
    assert "zookeeper" not in spec, "Strimzi 0.46+ runs KRaft only"
    assert not {"replicas", "storage"} & set(spec["kafka"]), "v1: replicas and storage belong to KafkaNodePools"
    assert {"topicOperator", "userOperator"} <= set(spec["entityOperator"]), \
        "KafkaTopic and KafkaUser resources need the topic and user operators"
    pools = of_kind("KafkaNodePool")
    assert pools
    roles: set[str] = set()
    for pool in pools:
        assert pool.doc["metadata"]["labels"]["strimzi.io/cluster"] == one("Kafka")["metadata"]["name"], str(pool)
        assert isinstance(pool.doc["spec"]["replicas"], int) and pool.doc["spec"]["replicas"] > 0
        assert set(pool.doc["spec"]["roles"]) <= {"controller", "broker"}
        assert pool.doc["spec"]["storage"]["type"] in {"ephemeral", "persistent-claim", "jbod"}
        roles |= set(pool.doc["spec"]["roles"])
    assert roles == {"controller", "broker"}, "a KRaft cluster needs controllers and brokers"


def brokers() -> int:
    return sum(p.doc["spec"]["replicas"] for p in of_kind("KafkaNodePool") if "broker" in p.doc["spec"]["roles"])


def test_topics_survive_one_broker_down() -> None:
    config = kafka_cluster()["spec"]["kafka"]["config"]
    min_isr = int(config["min.insync.replicas"])
    for topic in of_kind("KafkaTopic"):
        spec = topic.doc["spec"]
        assert topic.doc["metadata"]["labels"]["strimzi.io/cluster"] == kafka_cluster()["metadata"]["name"]
        assert isinstance(spec["partitions"], int) and isinstance(spec["replicas"], int), str(topic)
        assert min_isr < spec["replicas"] <= brokers(), f"{topic}: acks=all sends need a replica to spare"
    assert int(worker_configmap()["DEPECHE_REPLICATION_FACTOR"]) == int(config["default.replication.factor"])


def test_kafka_user_matches_the_listener_and_the_worker() -> None:
    user = one("KafkaUser")
    listener = scram_listener()
    assert user["metadata"]["labels"]["strimzi.io/cluster"] == kafka_cluster()["metadata"]["name"]
    assert user["spec"]["authentication"]["type"] == listener["authentication"]["type"] == "scram-sha-512"
    settings = worker_configmap()
    assert settings["DEPECHE_KAFKA_SASL_USERNAME"] == user["metadata"]["name"]
    assert settings["DEPECHE_KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
    assert settings["DEPECHE_KAFKA_SECURITY_PROTOCOL"] == ("SASL_SSL" if listener["tls"] else "SASL_PLAINTEXT")
    bootstrap = f"{kafka_cluster()['metadata']['name']}-kafka-bootstrap:{listener['port']}"
    assert settings["DEPECHE_BROKER_URL"] == f"kafka://{bootstrap}", "Strimzi's bootstrap Service and port"


def test_worker_reads_the_secrets_strimzi_writes() -> None:
    container = worker_container()
    password = next(e for e in container["env"] if e["name"] == "DEPECHE_KAFKA_SASL_PASSWORD")
    # The User Operator stores a SCRAM user's password in a Secret named after the user.
    assert password["valueFrom"]["secretKeyRef"] == {"name": one("KafkaUser")["metadata"]["name"], "key": "password"}
    assert not any("value" in e for e in container["env"] if "PASSWORD" in e["name"]), "no password in a manifest"
    # The listener's TLS certificate is signed by the cluster CA, whose Secret Strimzi names so.
    volumes = {v["name"]: v for v in one("Deployment")["spec"]["template"]["spec"]["volumes"]}
    ca_file = Path(worker_configmap()["DEPECHE_KAFKA_SSL_CAFILE"])
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == str(ca_file.parent))
    secret = volumes[mount["name"]]["secret"]
    assert secret["secretName"] == f"{kafka_cluster()['metadata']['name']}-cluster-ca-cert"
    assert {"key": "ca.crt", "path": ca_file.name} in secret["items"]


# --------------------------------------------------------------------------- the worker's pods


def test_worker_pod_meets_the_restricted_pod_security_standard() -> None:
    pod = one("Deployment")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"]["type"] in {"RuntimeDefault", "Localhost"}
    assert pod.get("hostNetwork") is not True and pod.get("hostPID") is not True
    assert pod["automountServiceAccountToken"] is False
    container = worker_container()
    context = container["securityContext"]
    assert context["allowPrivilegeEscalation"] is False
    assert context["capabilities"]["drop"] == ["ALL"] and not context["capabilities"].get("add")
    assert context.get("privileged") is not True
    assert context["readOnlyRootFilesystem"] is True
    mounted = {m["mountPath"] for m in container["volumeMounts"]}
    assert {worker_configmap()["DEPECHE_DATA_DIR"], "/tmp"} <= mounted, "a read-only root needs writable state dirs"


def test_worker_has_resources_and_probes() -> None:
    container = worker_container()
    resources = container["resources"]
    assert {"cpu", "memory"} <= set(resources["requests"]) and "memory" in resources["limits"]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"]["port"] in {"web", int(worker_configmap()["DEPECHE_WEB_PORT"])}, probe
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"


def test_selectors_pick_the_worker_pods() -> None:
    deployment = one("Deployment")
    template_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"] == WORKER_LABELS
    assert WORKER_LABELS.items() <= template_labels.items()
    assert one("Service")["spec"]["selector"] == WORKER_LABELS
    assert one("PodDisruptionBudget")["spec"]["selector"]["matchLabels"] == WORKER_LABELS
    monitor = one("ServiceMonitor")["spec"]
    assert monitor["selector"]["matchLabels"].items() <= one("Service")["metadata"]["labels"].items()


def test_ports_line_up() -> None:
    web_port = int(worker_configmap()["DEPECHE_WEB_PORT"])
    ports = {p["name"]: p for p in worker_container()["ports"]}
    assert ports["web"]["containerPort"] == web_port
    service_ports = {p["name"]: p for p in one("Service")["spec"]["ports"]}
    assert service_ports["web"]["targetPort"] in {"web", web_port}
    endpoints = one("ServiceMonitor")["spec"]["endpoints"]
    assert endpoints and all(e["port"] in service_ports and e["path"] == "/metrics" for e in endpoints)


def test_deployment_leaves_replicas_to_the_autoscaler() -> None:
    assert "replicas" not in one("Deployment")["spec"], "an apply would reset the count KEDA chose"


def test_image_matches_the_kustomization_and_the_package_version() -> None:
    image = worker_container()["image"]
    name, _, tag = image.partition(":")
    version = pyproject()["project"]["version"]
    assert tag == version, f"deployment image {image} is not the package version {version}"
    entries = [i for i in kustomization().get("images", []) if i["name"] == name]
    assert entries and entries[0].get("newTag", tag) == version


# --------------------------------------------------------------------------- KEDA


def test_scaled_object_targets_the_worker_and_stays_within_partitions() -> None:
    scaled = one("ScaledObject")["spec"]
    assert scaled["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                        "name": one("Deployment")["metadata"]["name"]}
    raw_topic = [t.doc for t in of_kind("KafkaTopic") if t.doc["spec"]["topicName"] == scaled["triggers"][0]["metadata"]["topic"]]
    assert raw_topic, "the trigger watches a topic declared in topics.yaml"
    assert 1 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"] <= raw_topic[0]["spec"]["partitions"], \
        "a worker beyond the partition count would sit idle"


def test_kafka_trigger_is_complete_and_speaks_the_listener() -> None:
    (trigger,) = one("ScaledObject")["spec"]["triggers"]
    assert trigger["type"] == "kafka"
    metadata = trigger["metadata"]
    assert all(isinstance(v, str) for v in metadata.values()), "KEDA trigger metadata is a map of strings"
    assert {"bootstrapServers", "consumerGroup", "topic", "lagThreshold"} <= set(metadata)
    assert int(metadata["lagThreshold"]) > 0
    assert metadata["offsetResetPolicy"] == "earliest", "as the worker's consumer (agents/app.py)"
    listener = scram_listener()
    assert metadata["bootstrapServers"] == worker_configmap()["DEPECHE_BROKER_URL"].removeprefix("kafka://")
    assert metadata["sasl"] == listener["authentication"]["type"].replace("-", "_").replace("sha_", "sha")
    assert metadata["tls"] == ("enable" if listener["tls"] else "disable")
    auth = {m.name: m.doc for m in of_kind("TriggerAuthentication")}[trigger["authenticationRef"]["name"]]["spec"]
    secrets = {ref["parameter"]: (ref["name"], ref["key"]) for ref in auth["secretTargetRef"]}
    password = next(e for e in worker_container()["env"] if e["name"] == "DEPECHE_KAFKA_SASL_PASSWORD")
    assert secrets["password"] == (password["valueFrom"]["secretKeyRef"]["name"], "password")
    assert secrets["ca"] == (f"{kafka_cluster()['metadata']['name']}-cluster-ca-cert", "ca.crt")
    maps = {ref["parameter"]: (ref["name"], ref["key"]) for ref in auth.get("configMapTargetRef", [])}
    name, key = maps["username"]
    assert key in worker_configmap() and name == one("ConfigMap")["metadata"]["name"]


def test_every_reference_points_at_a_declared_resource() -> None:
    """Names one manifest uses for another: a typo here only shows up on the cluster."""
    declared = {(m.kind, m.name) for m in manifests()}
    strimzi_secrets = {one("KafkaUser")["metadata"]["name"], f"{kafka_cluster()['metadata']['name']}-cluster-ca-cert"}
    pod = one("Deployment")["spec"]["template"]["spec"]
    for volume in pod["volumes"]:
        if "secret" in volume:
            assert volume["secret"]["secretName"] in strimzi_secrets | {n for k, n in declared if k == "Secret"}
    for ref in worker_container().get("envFrom", []):
        assert ("ConfigMap", ref["configMapRef"]["name"]) in declared
    manifest: Manifest
    for manifest in of_kind("KafkaTopic") + of_kind("KafkaUser") + of_kind("KafkaNodePool"):
        assert ("Kafka", manifest.doc["metadata"]["labels"]["strimzi.io/cluster"]) in declared, str(manifest)
    for trigger in one("ScaledObject")["spec"]["triggers"]:
        assert ("TriggerAuthentication", trigger["authenticationRef"]["name"]) in declared
