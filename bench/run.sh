#!/usr/bin/env bash
# Runs every benchmark of the project and prints a summary table (figure, budget, verdict).
#
#   ./bench/run.sh                 build (Maven profile "bench") and run everything, about 15 minutes on 2 cores
#   ./bench/run.sh --skip-build    reuse what the last build left in the target directories
#   ./bench/run.sh --quick         shorter JMH runs and fewer cold starts (a smoke test, not figures to publish)
#
# JMH runs: 1 fork, 3 warm-up iterations of 1 s, 5 measured iterations of 1 s (JMH_ARGS overrides them).
# Output: target/bench/ (results.tsv, jmh.json, summary.md, log.txt). Judge by the ratios: each is measured
# against its floor in the same run, since absolute times drift with the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

build=1
quick=0
for arg in "$@"; do
  case "$arg" in
    --skip-build) build=0 ;;
    --quick) quick=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

OUT="$ROOT/target/bench"
RESULTS="$OUT/results.tsv"
# The clean build below removes target/, so the build logs to a temporary file first.
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

if [ "$quick" = 1 ]; then
  JMH_ARGS=${JMH_ARGS:-"-f 1 -wi 1 -w 1s -i 2 -r 1s"}
  COLD_RUNS=${COLD_RUNS:-2}
else
  JMH_ARGS=${JMH_ARGS:-"-f 1 -wi 3 -w 1s -i 5 -r 1s"}
  COLD_RUNS=${COLD_RUNS:-5}
fi

say() { echo "== $*" | tee -a "$LOG"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

if [ "$build" = 1 ]; then
  say "building the benchmarks (-Pbench; they use core's test fixtures)"
  # clean: compiler settings (such as -XDstringConcat=inline) only reach classes that are recompiled
  ./mvnw -B -ntp -q -Pbench clean package -DskipTests -pl functions/benchmarks -am 2>&1 | tee -a "$LOG"
  say "building the function zips, the bare handler and the alerts command"
  # -DskipTests, not -Dmaven.test.skip: market-data's tests need core's test jar, which a fresh clone has nowhere else
  ./mvnw -B -ntp -q -Pbench clean package -DskipTests \
    -pl functions/price-alerts,functions/earnings-alerts,functions/cli,functions/benchmarks/bare-handler,functions/benchmarks/alerts-function -am \
    2>&1 | tee -a "$LOG"
fi

mkdir -p "$OUT"
: > "$RESULTS"
mv "$LOG" "$OUT/log.txt"
LOG="$OUT/log.txt"

JAR="$ROOT/functions/benchmarks/target/benchmarks.jar"
ALERTS="$ROOT/functions/cli/target/alerts.jar"
for f in "$JAR" "$ALERTS"; do
  [ -f "$f" ] || { echo "bench/run.sh: $f is missing; run without --skip-build" >&2; exit 2; }
done
run_java() { java -Dbench.results="$RESULTS" -cp "$JAR" "$@" 2>&1 | tee -a "$LOG"; }

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr)"
  echo "java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "jmh: $JMH_ARGS"
  echo "load at start (1/5/15 min): $(load)"
} | tee "$OUT/environment.txt" | tee -a "$LOG"

say "1 rule evaluation (JMH: $JMH_ARGS)"
# shellcheck disable=SC2086
java -jar "$JAR" $JMH_ARGS -rf json -rff "$OUT/jmh.json" 'RuleBenchmark|NextTickBenchmark|FullPassBenchmark|ConfigParseBenchmark' 2>&1 \
  | tee -a "$LOG" | grep -E '^(Benchmark|RuleBenchmark|NextTick|FullPass|ConfigParse)' || true
run_java dev.marketalerts.bench.JmhReport "$OUT/jmh.json"
echo "load after JMH: $(load)" | tee -a "$OUT/environment.txt"

say "6 backtest at research scale (10 years x 50 symbols x 4 rules, report included) against the demo backtest"
run_java dev.marketalerts.bench.BacktestScaleBench "$ROOT" "$COLD_RUNS"
say "4 provider fan-out (500 symbols, 50 ms stub)"
run_java dev.marketalerts.bench.FanOutBench
say "5 warm tick (50 symbols, 200 rules, 50 ms stub)"
run_java dev.marketalerts.bench.WarmTickBench
say "6 earnings run (the shipped earnings rule, a 50 ms Nasdaq stub paced at 1 request/s as in production)"
run_java dev.marketalerts.bench.EarningsRunBench
say "3 zip sizes"
run_java dev.marketalerts.bench.ZipSizes "$ROOT"
say "2 cold start ($COLD_RUNS cold invocations per zip, interleaved)"
run_java dev.marketalerts.bench.ColdStartBench "$ALERTS" "$ROOT" "$COLD_RUNS"
echo "load at end (1/5/15 min): $(load)" | tee -a "$OUT/environment.txt"

# The summary: every figure in part order, budgeted ones with their verdict.
{
  echo "| part | figure | value | unit | budget | verdict | note |"
  echo "|---|---|---|---|---|---|---|"
  sort -s -t $'\t' -k1,1 "$RESULTS" | awk -F '\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}'
} > "$OUT/summary.md"
echo
cat "$OUT/environment.txt"
echo
cat "$OUT/summary.md"
failed=$(awk -F '\t' '$6 == "FAIL" || $6 == "MISSING"' "$RESULTS" | wc -l)
echo
echo "$(awk -F '\t' '$6 == "PASS"' "$RESULTS" | wc -l) budgets met, $failed missed (details: $OUT)"
