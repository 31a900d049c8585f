#!/usr/bin/env bash
# SVG chart of JMH JSON results (-rf json): score against a @Param (default players), one line per
# combination of the other params, JMH's error as error bars. Runs BenchChart from the benchmarks jar.
#
#   java -jar benchmarks/target/benchmarks.jar TickBenchmark -prof gc -rf json -rff tick.json
#   scripts/bench-chart.sh tick.json -o tick.svg --log-x
#   scripts/bench-chart.sh tick.json -o tick-per-player.svg --log-x --per-x
#   scripts/bench-chart.sh --help
set -euo pipefail
# No cd: file arguments stay relative to the caller's directory.
jar="${BENCH_JAR:-$(dirname "$0")/../benchmarks/target/benchmarks.jar}"
if [[ ! -f "$jar" ]]; then
    echo "missing $jar: build it with mvn -B -q package -DskipTests -pl benchmarks -am" >&2
    exit 2
fi
exec java -cp "$jar" io.tickforge.benchmarks.chart.BenchChart "$@"
