#!/usr/bin/env bash
# Serving benchmark with wrk: the German credit champion, one row per request, at 8 and 64
# connections, with and without payload logging, against a constant "hello" route on the same HTTP
# stack (the ceiling). Prints requests/s and p50/p99 latency, the ratios the targets use, and checks
# that every 2xx answer of the logged endpoint has its payload record.
#   bash bench/serving.sh [seconds per run, default 5] [rounds, default 15]
# Extra Maven flags (e.g. -o for offline) can be given in MVN_FLAGS.
# A round drives each route once, back to back, the unlogged champion always in the middle and
# the rounds in turn forwards and backwards (hello, unlogged, logged; then logged, unlogged,
# hello), so that both ratios compare routes measured one after the other and each route is as
# often first as last. (Rounds that started one route later each time put the logged and the
# unlogged champion apart in every third round; over 60 rounds the logging cost of those rounds
# varied twice as much: standard deviation 9.3 points against 3.7-4.4 at 64 connections.) The table shows each route's median over the
# rounds. The ratios the targets use are taken within each round, from routes measured seconds
# apart, and their median over the rounds is the verdict: this machine's speed drifts by a third
# over minutes (other tenants, CPU steal), and a ratio of two medians drawn from different
# minutes moved with that drift. Fifteen rounds, not nine: over five runs of nine, single-run
# verdicts swung by two points of logging cost and 0.1 of the p99 ratio around the median of
# all 45 rounds. Before the rounds, all three routes are driven in turn until the
# server's JIT is quiet (under 60 ms of compiling in a 6 s cycle, as bench/tracking.sh's 20 ms in
# 2 s; 90 s at most): C2 was still compiling the logged route's path after a fixed 5 s warm-up,
# and charged it to logging.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
DURATION="${1:-5}"
ROUNDS="${2:-15}"
command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; apt-get install -y -q wrk >/dev/null; }

./mvnw -B -q ${MVN_FLAGS:-} install -DskipTests
CP="mlops4j-benchmarks/target/classes:$(./mvnw -B -q ${MVN_FLAGS:-} -pl mlops4j-benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
LOG="$(mktemp)"
# The JVM options the mlops4j launcher starts every command with (conf/jvm.options of the distribution).
mapfile -t JVM_OPTIONS < <(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' mlops4j-cli/src/dist/conf/jvm.options)
java ${JVM_OPTIONS[@]+"${JVM_OPTIONS[@]}"} --enable-native-access=ALL-UNNAMED -cp "$CP" org.mlops4j.bench.serving.ServingBenchServer data/german-credit > "$LOG" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null && wait $SERVER 2>/dev/null; rm -f "$LOG" "$LUA"' EXIT
for _ in $(seq 1 300); do grep -q '^READY' "$LOG" && break; sleep 1; done
read -r _ PORT HELLO < <(grep '^READY' "$LOG")

LUA="$(mktemp --suffix=.lua)"
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"dataframe_split":{"columns":["CheckingStatus","LoanDuration","CreditHistory","LoanPurpose","LoanAmount","ExistingSavings","EmploymentDuration","InstallmentPercent","Sex","OthersOnLoan","CurrentResidenceDuration","OwnsProperty","Age","InstallmentPlans","Housing","ExistingCreditsCount","Job","Dependents","Telephone","ForeignWorker"],"data":[["0_to_200",31,"credits_paid_to_date","other",1889,"100_to_500","less_1",3,"female","none",3,"savings_insurance",32,"none","own",1,"skilled",1,"none","yes"]]}}'
LUA

payloads() { curl -s "http://127.0.0.1:$PORT/api/2.0/mlops4j/payloads/count?endpoint=credit-risk" | sed 's/.*"count":\([0-9]*\).*/\1/'; }

run() { # name url connections -> "rps p50 p99 requests non2xx"
  local out; out="$(wrk -t2 -c"$3" -d"${DURATION}s" --latency -s "$LUA" "$2")"
  local rps p50 p99 total bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $5}' <<<"$out"); bad=${bad:-0}
  echo "$rps $p50 $p99 $total $bad"
}

TARGETS=("hello|http://127.0.0.1:$HELLO/hello" "champion, no payload log|http://127.0.0.1:$PORT/endpoints/credit-risk-nolog/invocations" "champion, payload log|http://127.0.0.1:$PORT/endpoints/credit-risk/invocations")

# The server JVM's total JIT compile time so far, in ms.
compile_ms() {
  jcmd "$SERVER" PerfCounter.print 2>/dev/null | awk -F= '$1=="java.ci.totalTime" || $1=="sun.ci.totalTime" {t=$2} $1=="sun.os.hrt.frequency" {f=$2} END {if (f > 0) printf "%d\n", t * 1000 / f; else print -1}'
}

warm_up() {
  local start=$SECONDS before after target
  while :; do
    before=$(compile_ms)
    for target in "${TARGETS[@]}"; do wrk -t2 -c8 -d2s -s "$LUA" "${target#*|}" >/dev/null; done
    after=$(compile_ms)
    if [ "$before" -ge 0 ] && [ $(( after - before )) -lt 60 ]; then
      echo "warm-up: $(( SECONDS - start )) s, until the JIT was quiet"; return
    fi
    if [ $(( SECONDS - start )) -ge 90 ]; then
      echo "warm-up: $(( SECONDS - start )) s, JIT NOT quiet ($(( after - before )) ms of compiling in the last cycle)"; return
    fi
  done
}

echo "warming up..." >&2
WARM_UP="$(warm_up)"

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms/,"",v); print v } else if (v ~ /s$/) { sub(/s/,"",v); print v*1000 } else print v }'; }

declare -A RPS P50 P99 BAD ROUND
LOGGED_OK=0; LOGGED_RECORDS=0
for c in 8 64; do
  for round in $(seq 1 "$ROUNDS"); do
    echo "  $c connections, round $round of $ROUNDS" >&2
    for i in 0 1 2; do
      target="${TARGETS[$(( round % 2 ? i : 2 - i ))]}"
      name="${target%%|*}"; url="${target#*|}"
      before=$(payloads)
      read -r rps p50 p99 total bad < <(run "$name" "$url" "$c")
      after=$(payloads)
      p99=$(to_ms "$p99")
      RPS["$name/$c"]+="$rps "; P50["$name/$c"]+="$(to_ms "$p50") "; P99["$name/$c"]+="$p99 "
      ROUND["$name/$c/$round"]="$rps $p99"
      BAD["$name/$c"]=$(( ${BAD["$name/$c"]:-0} + bad ))
      if [ "$name" = "champion, payload log" ]; then
        LOGGED_OK=$(( LOGGED_OK + total - bad )); LOGGED_RECORDS=$(( LOGGED_RECORDS + after - before ))
      fi
    done
  done
done

printf "\n%s\nmedian of %s rounds of %s s each\n" "$WARM_UP" "$ROUNDS" "$DURATION"
printf "%-28s %5s %12s %10s %10s %10s\n" "route" "conns" "requests/s" "p50 ms" "p99 ms" "non-2xx"
for c in 8 64; do
  for name in "hello" "champion, payload log" "champion, no payload log"; do
    printf "%-28s %5s %12.0f %10.3f %10.2f %10s\n" "$name" "$c" "$(median <<<"${RPS[$name/$c]}")" \
      "$(median <<<"${P50[$name/$c]}")" "$(median <<<"${P99[$name/$c]}")" "${BAD[$name/$c]}"
  done
done
echo "payload records written: $LOGGED_RECORDS for $LOGGED_OK answered requests of the logged endpoint"

# Per round: the champion's share of the ceiling's throughput, what logging costs, and the p99 ratio.
declare -A SHARE COST P99X P99XLOG
echo
printf "%-6s %6s %24s %24s %24s %9s %9s %9s %9s\n" "conns" "round" "hello rps / p99" "logged rps / p99" "unlogged rps / p99" "share %" "log cost%" "p99 x" "logged x"
for c in 8 64; do
  for round in $(seq 1 "$ROUNDS"); do
    read -r h hp <<<"${ROUND[hello/$c/$round]}"
    read -r l lp <<<"${ROUND[champion, payload log/$c/$round]}"
    read -r u up <<<"${ROUND[champion, no payload log/$c/$round]}"
    read -r share cost p99x p99xlog < <(awk -v h="$h" -v l="$l" -v u="$u" -v hp="$hp" -v up="$up" -v lp="$lp" \
      'BEGIN { printf "%.1f %.1f %.2f %.2f\n", 100*u/h, 100*(u-l)/u, up/hp, lp/hp }')
    SHARE[$c]+="$share "; COST[$c]+="$cost "; P99X[$c]+="$p99x "; P99XLOG[$c]+="$p99xlog "
    printf "%-6s %6s %14.0f / %5.2f ms %14.0f / %5.2f ms %14.0f / %5.2f ms %9s %9s %9s %9s\n" "$c" "$round" "$h" "$hp" "$l" "$lp" "$u" "$up" "$share" "$cost" "$p99x" "$p99xlog"
  done
done

echo
echo "verdicts: the median over the rounds of each round's ratio"
for c in 8 64; do
  printf "%2s conns: champion (no log) = %s%% of ceiling throughput (target >= 60%%); payload logging costs %s%% (target <= 10%%)\n" \
    "$c" "$(median <<<"${SHARE[$c]}")" "$(median <<<"${COST[$c]}")"
done
printf " 8 conns: champion p99 = %sx the ceiling p99 (target <= 1.5x)\n" "$(median <<<"${P99X[8]}")"
# Not a target of its own: logging's target is its share of throughput. Shown because logging
# widens the tail more than it lowers throughput (background threads on two cores shared with wrk).
printf " 8 conns: champion with payload log p99 = %sx the ceiling p99 (for information)\n" "$(median <<<"${P99XLOG[8]}")"
