#!/usr/bin/env bash
# Data benchmark: statistics of a generated reference table (20 columns: 10 numeric, 10
# categorical) plus a drift comparison of a shifted current table against it, at 250k, 500k and
# 1M rows. Prints milliseconds per size and per million rows (flat when time grows linearly).
# Target: <= 2 s at 1M rows. Builds the benchmarks module and what it depends on, then runs
# org.mlops4j.bench.data.DataBenchmark. Extra Maven flags (e.g. -o for offline) go in MVN_FLAGS.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=../scripts/java-env.sh
source scripts/java-env.sh

work="$(mktemp -d -t mlops4j-bench-data.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2086
./mvnw -B -q ${MVN_FLAGS:-} install -DskipTests -pl mlops4j-benchmarks -am
# shellcheck disable=SC2086
./mvnw -B -q ${MVN_FLAGS:-} -pl mlops4j-benchmarks dependency:build-classpath -Dmdep.outputFile="$work/classpath"

java -Xmx6g --enable-native-access=ALL-UNNAMED \
  -cp "mlops4j-benchmarks/target/classes:$(cat "$work/classpath")" \
  org.mlops4j.bench.data.DataBenchmark "$@"
