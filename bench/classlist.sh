#!/usr/bin/env bash
# Writes src/main/cds/copyjobs.classlist anew: the classes a node loads from its start to "copyjobs
# ready" and its stop, which `mvn package` lays out in target/copyjobs.jsa (the class-data archive,
# see pom.xml). Run it when the start-up path changes much: classes missing from the list still
# load, only without the archive's help, and names it lists that no longer exist are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -Dcds.skip=true package >/dev/null
data=$(mktemp -d)
: >"$data/out.log"
trap 'rm -rf "$data"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
COPYJOBS_DATA_DIR="$data" COPYJOBS_HTTP_PORT=$(free_port) COPYJOBS_EMBEDDED_KAFKA_PORT=$(free_port) \
COPYJOBS_EMBEDDED_CONTROLLER_PORT=$(free_port) \
    java -XX:DumpLoadedClassList=src/main/cds/copyjobs.classlist -jar target/copyjobs.jar >"$data/out.log" 2>&1 &
node=$!
for _ in $(seq 1 600); do
  if grep -q "copyjobs ready" "$data/out.log"; then break; fi
  if ! kill -0 "$node" 2>/dev/null; then cat "$data/out.log" >&2; exit 1; fi
  sleep 0.1
done
kill "$node"
wait "$node" || true
echo "src/main/cds/copyjobs.classlist: $(grep -vc '^#' src/main/cds/copyjobs.classlist) entries; mvn package makes the archive"
