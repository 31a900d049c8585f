#!/usr/bin/env bash
# Fuzzes every Jazzer target (coverage-guided, JAZZER_FUZZ=1) for the budget in its @FuzzTest
# annotation (maxExecutions, capped by maxDuration), one JVM per target, and fails on any finding
# (crash, uncaught exception, failed assertion, timeout) or when fewer than FUZZ_MIN_TOTAL inputs
# were fed in all. Findings are written next to the target's committed corpus
# (src/test/resources/.../<Class>Inputs/<method>/crash-*): commit them once fixed.
#
#   scripts/fuzz.sh                    # all targets (what .ci/run does)
#   scripts/fuzz.sh ProtocolFuzzTest   # targets whose name contains this
set -euo pipefail
cd "$(dirname "$0")/.."

min_total="${FUZZ_MIN_TOTAL:-1000000}"
per_input_timeout_s="${FUZZ_INPUT_TIMEOUT_S:-10}"
filter="${1:-}"
targets=(
    "shared io.tickforge.shared.protocol.ProtocolFuzzTest#message"
    "shared io.tickforge.shared.protocol.ProtocolFuzzTest#inputPacket"
    "shared io.tickforge.shared.snapshot.SnapshotDecoderFuzzTest#datagrams"
    "shared io.tickforge.shared.token.ConnectTokenFuzzTest#token"
    "server io.tickforge.server.net.GuardedSerializationFuzzTest#networkBytes"
)
logs=target/fuzz
mkdir -p "$logs"
total=0
start=$(date +%s)
for entry in "${targets[@]}"; do
    read -r module test <<<"$entry"
    [[ -n "$filter" && "$test" != *"$filter"* ]] && continue
    log="$logs/${test##*.}.log"
    t0=$(date +%s)
    # -am builds what the module needs from this checkout; the other modules find no such test.
    # jazzer.internal.arg.N are extra libFuzzer flags (arg.0 is argv[0]): -timeout makes one input
    # running longer than per_input_timeout_s a finding (a hang) instead of a stalled CI job.
    if ! JAZZER_FUZZ=1 mvn -B test -pl "$module" -am -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
            -Dtickforge.skipJazzerReplay=true \
            -DargLine=-Xmx1g -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout="$per_input_timeout_s" \
            >"$log" 2>&1; then
        echo "FUZZ FAILED: $test (log: $log)"
        grep -E "== Java Exception|FuzzTestFindingException|Caused by|libFuzzer: timeout|Test unit written" "$log" | head -20 || true
        exit 1
    fi
    runs=$(grep -oE "Done [0-9]+ runs in [0-9]+ second" "$log" | tail -1 | awk '{print $2}')
    secs=$(grep -oE "Done [0-9]+ runs in [0-9]+ second" "$log" | tail -1 | awk '{print $5}')
    if [[ -z "$runs" ]]; then
        echo "FUZZ FAILED: $test did not fuzz (no 'Done N runs' line; log: $log)"
        exit 1
    fi
    total=$((total + runs))
    echo "fuzzed $test: $runs inputs in ${secs}s of fuzzing ($(( $(date +%s) - t0 ))s with the build), no findings"
done
echo "fuzzed $total inputs in all in $(( $(date +%s) - start ))s"
if [[ -z "$filter" && "$total" -lt "$min_total" ]]; then
    echo "FUZZ FAILED: $total inputs < FUZZ_MIN_TOTAL $min_total (a target stopped at its maxDuration: slow machine?)"
    exit 1
fi
