#!/usr/bin/env bash
# Training benchmark: builds the benchmarks module and what it depends on, then runs
# org.mlops4j.bench.train.TrainBenchmark, which prints
#   - Trainer.train against XGBoost4J called directly on 100,000 x 20 rows (100 trees, depth 6):
#     the platform's overhead in percent, as the median of paired wall-time ratios (target <= 5%),
#     with calling-thread and process CPU time beside it;
#   - Predictor.predictRow one-row latency on that model (target <= 5 us), beside XGBoost4J's
#     one-row DMatrix and inplace_predict paths.
# Arguments pass through, e.g.
#   bench/train.sh --quick
#   bench/train.sh --rows 100000 --repeat 5 --nthread 2
# Extra Maven flags (e.g. -o for offline) can be given in MVN_FLAGS.
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

java -Xmx2g --enable-native-access=ALL-UNNAMED \
  -cp "mlops4j-benchmarks/target/classes:$(cat "$work/classpath")" \
  org.mlops4j.bench.train.TrainBenchmark "$@"
