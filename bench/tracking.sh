#!/usr/bin/env bash
# Tracking-server benchmark: builds the benchmarks module and what it depends on, then runs
# org.mlops4j.bench.TrackingBenchmark. Arguments pass through, e.g.
#   bench/tracking.sh --quick
#   bench/tracking.sh --backend sqlite --runs 1000,100000
# Extra Maven flags (e.g. -o for offline) can be given in MVN_FLAGS, JVM flags in BENCH_JAVA_OPTS
# (e.g. -DwarmupSeconds=20, -DwarmupMaxSeconds=90, -DtimedSeconds=5).
# Each figure is warmed up until the JIT is quiet (the table says how long that took), then timed
# for at least 5 s. A full run takes about 7 minutes per backend on two cores, most of it loading
# the 100,000 runs.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=../scripts/java-env.sh
source scripts/java-env.sh

work="$(mktemp -d -t mlops4j-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2086
./mvnw -B -q ${MVN_FLAGS:-} install -DskipTests -pl mlops4j-benchmarks -am
# shellcheck disable=SC2086
./mvnw -B -q ${MVN_FLAGS:-} -pl mlops4j-benchmarks dependency:build-classpath -Dmdep.outputFile="$work/classpath"

# Run from a copy of the classes, so that rebuilding the module while the benchmark runs
# cannot pull classes from under it.
cp -r mlops4j-benchmarks/target/classes "$work/classes"

# The databases go under $work: if TMPDIR is a tmpfs, point TMPDIR at a real disk, or durable
# commits cost nothing and the write figures flatter the server.
java -Xmx4g ${BENCH_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED \
  -cp "$work/classes:$(cat "$work/classpath")" \
  org.mlops4j.bench.TrackingBenchmark --work-dir "$work/data" "$@"
