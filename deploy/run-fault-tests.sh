#!/usr/bin/env bash
# Fault tests on real brokers (slow): worker kill -9 x5, broker crash/restart, 3-node cluster, scale-out.
# Each test starts its own broker(s) on free ports picked at start, with data under .run/kafka-{fault,cluster}-test
# and stops them at the end. Figures are printed (FAULT-FIGURES lines) and kept in .run/fault-figures.json.
#   deploy/run-fault-tests.sh                     # all four
#   deploy/run-fault-tests.sh -k cluster          # extra pytest arguments pass through
#   DEPECHE_FAULT_SEED=123 deploy/run-fault-tests.sh   # replay the random kill moments
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
python3 deploy/kafka.py fetch >/dev/null
exec "$PY" -m pytest -m faults tests/faults -s -p no:cacheprovider "$@"
