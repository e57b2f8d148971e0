#!/usr/bin/env bash
# Runs one benchmark: bench/run.sh NAME [options]   (NAME: startup, enum, getjob, create, …)
# Builds the jar and the bench code, then runs the bench as its own process; the node it measures
# runs as another process on loopback. Figures are printed and appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: bench/run.sh NAME [options]   (see bench/README.md)" >&2
  exit 2
fi
mvn -B -q -DskipTests package test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.copyjobs.bench.Bench "$@"
