# syntax=docker/dockerfile:1
# The depeche worker image: `docker build -t depeche-worker:0.1.0 .`
# Runs `depeche worker` by default; any other CLI command works as arguments, e.g.
# `docker run --rm depeche-worker:0.1.0 tail articles.clean`. Settings are DEPECHE_* variables
# (README, "Settings"); the web view (dashboard, /healthz, /readyz, /metrics) listens on 6066.

ARG PYTHON_IMAGE=python:3.11-slim

# Build stage: the package and its dependencies go into a virtual env that is copied alone into
# the runtime stage, so no build tool or pip cache is left in the image.
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY pipeline ./pipeline
COPY schemas ./schemas
COPY agents ./agents
RUN python -m venv /opt/depeche \
    && /opt/depeche/bin/pip install --no-cache-dir .

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="depeche" \
      org.opencontainers.image.description="Streaming cleaner for news pages: raw pages on Kafka in, clean articles, ticker items and source tags out."
# A fixed numeric uid: Kubernetes can check runAsNonRoot against it without a passwd lookup.
RUN groupadd --system --gid 10001 depeche \
    && useradd --system --uid 10001 --gid depeche --home-dir /var/lib/depeche --no-create-home \
       --shell /usr/sbin/nologin depeche \
    && mkdir -p /var/lib/depeche \
    && chown depeche:depeche /var/lib/depeche
COPY --from=build /opt/depeche /opt/depeche
# The web view binds every interface of the container (its own network namespace); publish it
# on 127.0.0.1 of the host (compose.yaml does). Worker state lives in the data dir.
ENV PATH=/opt/depeche/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DEPECHE_WEB_HOST=0.0.0.0 \
    DEPECHE_WEB_PORT=6066 \
    DEPECHE_DATA_DIR=/var/lib/depeche
USER 10001:10001
WORKDIR /var/lib/depeche
EXPOSE 6066
# /healthz answers while the worker's event loop runs; stdlib only (the slim image has no curl).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = os.environ.get('DEPECHE_WEB_HOST', '127.0.0.1'); host = '127.0.0.1' if host in ('', '0.0.0.0') else host; urllib.request.urlopen(f\"http://{host}:{os.environ.get('DEPECHE_WEB_PORT', '6066')}/healthz\", timeout=4)"]
ENTRYPOINT ["depeche"]
CMD ["worker"]
