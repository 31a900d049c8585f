#!/usr/bin/env bash
# End-to-end tick timing under load, on loopback: starts the server for a docs/SCENARIOS.md load
# profile, runs the bots' load runner against it, stops the server, and writes into
# reports/load-PROFILE-YYYYmmdd-HHMMSS/:
#   bots.json         the load runner's JSON report (bots' figures + the server's last published stats)
#   bots.txt          the load runner's console output (table, limits)
#   server.log        the server's log (one status line per STATUS_INTERVAL)
#   server-ticks.json the server's tick figures over the measured window, from its status lines
#                     (and "replicationWholeRun": its shutdown line on replication, arena growths included)
#   server-gc.log     the server's GC log: GC pauses (gc, gc+phases for ZGC) and every safepoint
#   server-threads.json the server's CPU by thread kind over the measured window (user and system
#                     time from /proc: tick thread, UDP receive, replication workers, GC, compilers)
#   server-gc.json    that log summarised (GcLogSummary): the collector, GC pauses and safepoints in
#                     the measured window (count, longest, what) and over the whole run, and whether
#                     the goal "no GC pause over 5 ms in the measured window" was met
#   machine.log       about every 2 s: load average and the 5 busiest processes over the last
#                     second (pid, name, %CPU), to see what else ran on this shared machine; ends
#                     with the GC summary line (collector, longest pause in the window)
#   meta.txt          command lines, JVMs, commit, machine, load average before/after, pids, exit code
#
# The server's JVM sees only its pinned core, so its ergonomics would pick the Serial GC and fewer
# compiler threads. The server runs with ZGC by default, as deploy/Dockerfile and the systemd unit
# run it (since 2026-12-03; earlier reports in docs/BENCHMARKS.md ran the JVM's choice, Serial);
# choose another collector with --server-gc / SERVER_GC (jvm = the JVM's own choice), the rest with
# --server-jvm-opts / SERVER_JAVA_OPTS.
#
#   scripts/load.sh smoke|standard|stress|lossy [--game NAME] [--game-option KEY=VALUE ...]
#                   [--server-gc zgc|jvm|serial|parallel|g1|shenandoah] [--server-jvm-opts "OPTS"] [--sessions N]
#                   [--tick-threads N] [--record] [--server-arg FLAG ...] [extra tickforge-bots flags...]
#
# --server-arg FLAG (repeatable, one word each): passed to the server after the script's own flags,
# e.g. --server-arg --replication-threads --server-arg 0.
#
# --record (or RECORD=1): the server records each session's replay log (--record, docs/REPLAY.md)
# into the report's replay/ folder, and the script replays it afterwards with
# replay/target/tickforge-replay.jar (replay.txt: verified or not, replay speed, log size).
#
# Many sessions in one process (issue 12): --sessions N runs the server with --max-sessions N and
# --max-players ceil(bots / N), and the bots with --session any, so they fill session after session;
# server-ticks.json then also has "perSession" (tick p99, lateness p99, overruns per session, from
# the per-session status lines). Every session has the profile's NPCs (the arena's; NPCS=N
# overrides the profile's count). The 16 sessions x 8 bots measurement:
#   scripts/load.sh smoke --sessions 16 --bots 128 --duration 60s --warmup 10s
#   NPCS=0 scripts/load.sh smoke --sessions 16 --bots 128 --duration 60s --warmup 10s   # players only
# The sessions share the server's --tick-threads (default 1 with --sessions); --tick-threads 0 gives
# every session its own tick thread (the comparison in docs/BENCHMARKS.md):
#   scripts/load.sh smoke --sessions 16 --bots 128 --duration 60s --warmup 10s --tick-threads 0
#
# The game (default arena; GAME=NAME or --game NAME) goes to the server and the bots as --game;
# --game-option KEY=VALUE goes to the server only. The profile's NPC count is the arena's option
# (--npcs) and is passed only for the arena:
#   GAME=zone scripts/load.sh smoke
#   scripts/load.sh smoke --game zone --game-option zones=8
#
# Comparing collectors under stress (generational ZGC needs JDK 21+; JDK 25 is in /usr/lib/jvm):
#   scripts/load.sh stress --server-gc serial
#   scripts/load.sh stress --server-gc g1
#   SERVER_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 scripts/load.sh stress --server-gc zgc
#
# Environment (all optional):
#   GAME                  the game to host and play, default arena; --game wins
#   NPCS                  the arena's NPC count instead of the profile's (per session with --sessions)
#   SESSIONS              as --sessions N
#   TICK_THREADS          as --tick-threads N (the server's shared tick threads; with --sessions only)
#   SKIP_BUILD=1          do not run mvn package first
#   PIN=0                 do not pin; default pins server and bots apart with taskset when there
#                         are >= 2 cores (SERVER_CPUS default 0, BOTS_CPUS default 1; this script and
#                         its machine.log sampler run on BOTS_CPUS too, off the server's core)
#   TCP_PORT / UDP_PORT   default 27777 / 27778 (loopback only)
#   SERVER_JAVA_OPTS      default "-Xms2g -Xmx2g" (a large young generation: fewer young GCs; the
#                         live set is small since replication v2, 34-48 MB at 256 bots). Not
#                         pre-touched: with -XX:+AlwaysPreTouch the tick's lateness p99 rose from
#                         2.7 ms to 12-14 ms on this VM (cause not verified; a kernel kdamond
#                         thread reclaiming the cold pre-touched heap is suspected);
#                         --server-jvm-opts "..." on the command line wins over it
#   SERVER_GC             zgc (default, as deployed), jvm (the JVM's own choice: Serial on one core),
#                         serial, parallel, g1 or shenandoah; --server-gc wins.
#                         zgc is generational on JDK 21+ (-XX:+ZGenerational is added on 21..23)
#   JAVA_HOME             JDK for both JVMs (default: java on the PATH)
#   SERVER_JAVA_HOME      JDK for the server only (default: JAVA_HOME), e.g. a JDK 25 for ZGC
#   BOTS_JAVA_OPTS        default "-Xms512m -Xmx512m"
#   JFR=1                 record a JFR profile of the server (server.jfr)
#   STATUS_INTERVAL       seconds per server status line, default 10 (smoke: 2): each line's
#                         percentiles cover that interval's ticks only (600 at 60 Hz: p99 is the
#                         6th-worst tick)
#   SERVER_JAR / BOTS_JAR override the jars (defaults: the module build outputs)
#
# Extra flags go to the bots as they are; --duration and --warmup (seconds, "90s" or "2m") also
# set the server's lifetime and the measured window here.
#
# Limits passed to the load runner (it exits 1 when one is missed): every profile checks the
# decode failures; standard also tick p99 <= 2 ms, lateness p99 <= 0.1 ms, zero overruns; stress
# tick p99 <= 6 ms and zero overruns (BENCHMARKS.md goals). Bounded: the server stops itself
# after warm-up + duration + 60 s even if the bots hang, and the bots are killed after that.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-}"
shift || true
case "$profile" in
    smoke)    bots=8;   npcs=100;  rate=60; warmup=2;  duration=10; limits=(--max-decode-failures 0) ;;
    standard) bots=64;  npcs=1000; rate=60; warmup=10; duration=60
              limits=(--max-tick-p99-ms 2 --max-tick-lateness-p99-ms 0.1 --max-overruns 0 --max-decode-failures 0) ;;
    stress)   bots=256; npcs=1000; rate=60; warmup=10; duration=60
              limits=(--max-tick-p99-ms 6 --max-overruns 0 --max-decode-failures 0) ;;
    lossy)    bots=64;  npcs=1000; rate=60; warmup=10; duration=60; limits=(--max-decode-failures 0) ;;
    *) echo "usage: scripts/load.sh smoke|standard|stress|lossy [--game NAME] [--game-option K=V] [extra tickforge-bots flags...]" >&2; exit 2 ;;
esac

npcs="${NPCS:-$npcs}"

to_seconds() {
    case "$1" in
        *m) echo $(( ${1%m} * 60 )) ;;
        *s) echo "${1%s}" ;;
        *)  echo "$1" ;;
    esac
}
# The server's JVM flags are ours; everything else goes to the bots.
server_jvm_opts="${SERVER_JAVA_OPTS:--Xms2g -Xmx2g}"
server_gc="${SERVER_GC:-zgc}"
game="${GAME:-arena}"
game_opts=()
sessions="${SESSIONS:-}"
tick_threads="${TICK_THREADS:-}"
record="${RECORD:-}"
server_extra=()
args=()
while (($#)); do
    case "$1" in
        --game) game="${2:?--game needs a value}"; shift 2 ;;
        --game=*) game="${1#--game=}"; shift ;;
        --game-option) game_opts+=(--game-option "${2:?--game-option needs KEY=VALUE}"); shift 2 ;;
        --game-option=*) game_opts+=(--game-option "${1#--game-option=}"); shift ;;
        --server-jvm-opts) server_jvm_opts="${2:?--server-jvm-opts needs a value}"; shift 2 ;;
        --server-jvm-opts=*) server_jvm_opts="${1#--server-jvm-opts=}"; shift ;;
        --server-gc) server_gc="${2:?--server-gc needs a value}"; shift 2 ;;
        --server-gc=*) server_gc="${1#--server-gc=}"; shift ;;
        --sessions) sessions="${2:?--sessions needs a value}"; shift 2 ;;
        --sessions=*) sessions="${1#--sessions=}"; shift ;;
        --tick-threads) tick_threads="${2:?--tick-threads needs a value}"; shift 2 ;;
        --tick-threads=*) tick_threads="${1#--tick-threads=}"; shift ;;
        --record) record=1; shift ;;
        --server-arg) server_extra+=("${2?--server-arg needs a value}"); shift 2 ;;
        --server-arg=*) server_extra+=("${1#--server-arg=}"); shift ;;
        *) args+=("$1"); shift ;;
    esac
done
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --duration) duration=$(to_seconds "${args[i + 1]:-}") ;;
        --duration=*) duration=$(to_seconds "${args[i]#--duration=}") ;;
        --warmup) warmup=$(to_seconds "${args[i + 1]:-}") ;;
        --warmup=*) warmup=$(to_seconds "${args[i]#--warmup=}") ;;
        --bots) bots="${args[i + 1]:-}" ;;
        --bots=*) bots="${args[i]#--bots=}" ;;
    esac
done
if [[ -n "$sessions" ]] && ! [[ "$sessions" =~ ^[1-9][0-9]*$ && "$bots" =~ ^[1-9][0-9]*$ ]]; then
    echo "--sessions N and --bots N: whole numbers >= 1 (got sessions '$sessions', bots '$bots')" >&2
    exit 2
fi
if ! [[ "$duration" =~ ^[0-9]+$ && "$warmup" =~ ^[0-9]+$ ]]; then
    echo "--duration/--warmup: whole seconds, Ns or Nm (got duration '$duration', warm-up '$warmup')" >&2
    exit 2
fi

server_jar="${SERVER_JAR:-server/target/tickforge-server.jar}"
bots_jar="${BOTS_JAR:-headless-client/target/tickforge-bots.jar}"
tcp_port="${TCP_PORT:-27777}"
udp_port="${UDP_PORT:-27778}"
# smoke measures only 10 s: shorter status intervals so that some lie inside the measured time.
status_interval="${STATUS_INTERVAL:-$([[ "$profile" == smoke ]] && echo 2 || echo 10)}"
bots_opts=(${BOTS_JAVA_OPTS:--Xms512m -Xmx512m})

java_of() {
    if [[ -n "$1" ]]; then echo "$1/bin/java"; else command -v java || echo java; fi
}
server_java="$(java_of "${SERVER_JAVA_HOME:-${JAVA_HOME:-}}")"
bots_java="$(java_of "${JAVA_HOME:-}")"
for j in "$server_java" "$bots_java"; do
    [[ -x "$j" ]] || { echo "no java at $j (check JAVA_HOME / SERVER_JAVA_HOME)" >&2; exit 2; }
done
server_java_major=$("$server_java" -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -1)
gc_opts=()
case "$server_gc" in
    jvm) ;;
    serial) gc_opts=(-XX:+UseSerialGC) ;;
    parallel) gc_opts=(-XX:+UseParallelGC) ;;
    g1) gc_opts=(-XX:+UseG1GC) ;;
    shenandoah) gc_opts=(-XX:+UseShenandoahGC) ;;  # in OpenJDK builds from 17 on (not every vendor's)
    zgc)
        gc_opts=(-XX:+UseZGC)
        # JDK 21..23 need the flag for generational ZGC; 24+ have only that mode; 17 has no such mode.
        if [[ "$server_java_major" -ge 21 && "$server_java_major" -le 23 ]]; then gc_opts+=(-XX:+ZGenerational); fi ;;
    *) echo "--server-gc: zgc, jvm, serial, parallel, g1 or shenandoah (got '$server_gc')" >&2; exit 2 ;;
esac
server_opts=($server_jvm_opts "${gc_opts[@]}")

# shellcheck source=lib/build.sh
source scripts/lib/build.sh   # the working directory is the repository root (cd above)
build_jars "$server_jar" "$bots_jar"
if (exec 3<>"/dev/tcp/127.0.0.1/$tcp_port") 2>/dev/null; then
    echo "port $tcp_port is already in use; set TCP_PORT/UDP_PORT" >&2
    exit 2
fi

server_pin=()
bots_pin=()
if [[ "${PIN:-1}" == "1" ]] && command -v taskset >/dev/null && [[ "$(nproc)" -ge 2 ]]; then
    server_pin=(taskset -c "${SERVER_CPUS:-0}")
    bots_pin=(taskset -c "${BOTS_CPUS:-1}")
    # This script and everything it starts besides the server (the machine.log sampler's top, awk
    # and paste every 2 s, tee, sleep) run on the bots' core(s): on the server's core they preempted
    # the tick thread (perf sched: 13 of 1 222 tick-thread wake-ups delayed over 0.3 ms in 10 s of
    # `standard`, mostly by awk and bash), which showed as start lateness p99 of 2-3 ms.
    taskset -pc "${BOTS_CPUS:-1}" $$ >/dev/null
fi

out="reports/load-$profile-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
jfr=()
if [[ "${JFR:-0}" == "1" ]]; then
    jfr=("-XX:StartFlightRecording=filename=$out/server.jfr,settings=profile")
fi

# The profile's NPCs are the arena's option; another game gets its own options only.
game_args=(--game "$game" "${game_opts[@]}")
if [[ "$game" == arena ]]; then
    game_args+=(--npcs "$npcs")
fi

server_seconds=$((warmup + duration + 60))
# One session of up to 256 (or all bots), or --sessions N of ceil(bots / N) players each.
players=$(( bots > 256 ? bots : 256 ))
session_args=()
bots_session=()
if [[ -n "$sessions" ]]; then
    players=$(( (bots + sessions - 1) / sessions ))
    session_args=(--max-sessions "$sessions")
    bots_session=(--session any)
    if [[ -n "$tick_threads" ]]; then
        session_args+=(--tick-threads "$tick_threads")
    fi
elif [[ -n "$tick_threads" ]]; then
    echo "--tick-threads needs --sessions N (one session always has its own tick thread)" >&2
    exit 2
fi
record_args=()
if [[ -n "$record" && "$record" != 0 ]]; then
    record_args=(--record "$out/replay")
fi
# gc: Serial/Parallel/G1 pauses; gc+phases: ZGC's pauses; safepoint: every stop-the-world with its
# time to safepoint. Wall-time decoration so GcLogSummary can place each line in the measured window.
server_cmd=("${server_pin[@]}" "$server_java" "${server_opts[@]}"
    "-Xlog:gc,gc+phases,safepoint:file=$out/server-gc.log:time,uptime,level,tags" "${jfr[@]}"
    -jar "$server_jar" --bind 127.0.0.1
    --tcp-port "$tcp_port" --udp-port "$udp_port" "${game_args[@]}" --tick-rate "$rate"
    --max-players "$players" "${session_args[@]}" "${record_args[@]}" --status-interval "$status_interval" --duration "$server_seconds"
    # Every bot connects from 127.0.0.1: lift the per-address limits that protect a public server.
    --max-connections-per-ip "$(( bots + 64 ))" --max-pre-auth-per-ip "$(( bots + 64 ))"
    --max-pre-auth "$(( bots + 256 ))" --handshakes-per-ip 100000 "${server_extra[@]}")
bots_cmd=("${bots_pin[@]}" "$bots_java" "${bots_opts[@]}" -jar "$bots_jar" --profile "$profile" --game "$game" --host 127.0.0.1
    --tcp-port "$tcp_port" --udp-port "$udp_port" --report-json "$out/bots.json" "${bots_session[@]}" "${limits[@]}" "${args[@]}")

{
    echo "profile: $profile (game $game, bots $bots, $([[ "$game" == arena ]] && echo "npcs $npcs, ")$rate Hz, warm-up ${warmup}s, measured ${duration}s)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
    echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(uname -sr)"
    echo "server java: $server_java ($("$server_java" -version 2>&1 | head -1)), gc: ${server_gc:-JVM default}"
    echo "bots java: $bots_java ($("$bots_java" -version 2>&1 | head -1))"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "server: ${server_cmd[*]}"
    echo "bots: ${bots_cmd[*]}"
} > "$out/meta.txt"
cat "$out/meta.txt"

"${server_cmd[@]}" > "$out/server.log" 2>&1 &
server_pid=$!
echo "server pid: $server_pid (machine.log names processes by pid)" >> "$out/meta.txt"
(
    while kill -0 "$server_pid" 2>/dev/null; do
        # top's second frame: CPU over the last second (ps would give lifetime averages).
        echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) | $(top -b -n 2 -d 1 -o %CPU 2>/dev/null \
            | awk '/^top -/{n++} n==2 && $1 ~ /^[0-9]+$/ {print $1 " " $12 " " $9 "%"}' | head -5 | paste -sd, -)"
        sleep 1
    done
) > "$out/machine.log" 2>/dev/null &
monitor_pid=$!
stop_server() {
    if kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
    kill "$monitor_pid" 2>/dev/null || true
}
trap stop_server EXIT INT TERM

for _ in $(seq 1 240); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$tcp_port") 2>/dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "server exited early:" >&2; tail -20 "$out/server.log" >&2; exit 1; fi
    sleep 0.25
done

bots_start_epoch=$(date +%s.%N)
# Per-thread CPU of the server (user and system time from /proc) at the start and the end of the
# measured window: server-threads.json says which threads the process's CPU went to, and how much
# of it was in the kernel (system calls, the loopback network). Runs on this script's CPU.
snap_threads() {
    python3 -c '
import os, sys, time, json
pid = sys.argv[1]; r = {"epoch": time.time(), "hz": os.sysconf("SC_CLK_TCK"), "threads": {}}
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        st = open(f"/proc/{pid}/task/{tid}/stat").read(); name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
    except OSError:
        continue
    f = st[st.rindex(")") + 2:].split()
    r["threads"][tid] = [name, int(f[11]), int(f[12])]
print(json.dumps(r))' "$server_pid" 2>/dev/null
}
(
    # The end snapshot 2 s before the window's end: at its end the bots stop and the server with them.
    sleep "$warmup"; snap_threads > "$out/threads-start.json"
    sleep "$(( duration > 4 ? duration - 2 : duration ))"; snap_threads > "$out/threads-end.json"
) &
threads_pid=$!
set +e
timeout --signal=TERM --kill-after=10 "$((warmup + duration + 90))" "${bots_cmd[@]}" 2>&1 | tee "$out/bots.txt"
bots_rc=${PIPESTATUS[0]}
set -e
bots_end_epoch=$(date +%s.%N)
stop_server
trap - EXIT INT TERM

# The server's figures over the measured window: each status line covers one interval
# (histograms reset at each publication); the overrun/skip counters are cumulative.
python3 - "$out" "$bots_start_epoch" "$bots_end_epoch" "$warmup" "$duration" "$status_interval" <<'PY'
import json, re, sys, datetime, statistics
out, start, end, warmup, duration, interval = (sys.argv[1], float(sys.argv[2]), float(sys.argv[3]),
                                                float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]))
day = datetime.datetime.fromtimestamp(start)
# An interval counts when it lies inside [start + warm-up, end of the measured time] (0.5 s slack).
t0, t1 = start + warmup + interval - 0.5, min(end, start + warmup + duration) + 0.5
pat = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d+).*players (\d+) \| tick ([\d.]+)/(\d+) Hz \| duration p50 ([\d.]+)ms "
                 r"p99 ([\d.]+)ms max ([\d.]+)ms \| lateness p99 ([\d.]+)ms \| overruns (\d+) skipped (\d+) "
                 r"\| in (\S+)/s out (\S+)/s .*phases p99 in ([\d.]+)ms sim ([\d.]+)ms repl ([\d.]+)ms"
                 r"(?: \| cpu (?:([\d.]+) cores(?: \(tick thread ([\d.]+)\))?(?: ([\d.]+)us/client-tick)?|n/a))?")
# Per tick, how long the tick thread was off the CPU during the tick (servers from 2026-12-03 on).
offpat = re.compile(r"\| off-cpu p99 ([\d.]+)ms max ([\d.]+)ms")
# Per tick, how long the tick thread waited runnable for a CPU between ticks ("wake") and in the tick.
rqpat = re.compile(r"\| runqueue p99 wake ([\d.]+)ms tick ([\d.]+)ms")
# Replication over the interval: shared-encoding hits, codings per packet, packets that deferred
# (servers from 2026-12-03 on; "n/a" when unknown), and the clients' packets the tick's replication
# deadline left out (--replication-deadline; servers from 2026-12-03 evening on).
replpat = re.compile(r"\| repl shared ([\d.]+%|n/a) codings ([\d.]+|n/a)/packet deferred ([\d.]+%|n/a)"
                     r"(?: shed ([\d.]+%|n/a))?")
rows, before = [], None
for line in open(f"{out}/server.log", errors="replace"):
    m = pat.search(line)
    if not m:
        continue
    h, mi, s, frac = (int(x) for x in m.groups()[:4])
    ts = day.replace(hour=h, minute=mi, second=s, microsecond=0).timestamp() + frac / 1000.0
    if ts < start - 43200:
        ts += 86400
    row = dict(ts=ts, players=int(m[5]), rate=float(m[6]), p50=float(m[8]), p99=float(m[9]), max=float(m[10]),
               late_p99=float(m[11]), overruns=int(m[12]), skipped=int(m[13]), bytes_in=m[14], bytes_out=m[15],
               phase_in_p99=float(m[16]), phase_sim_p99=float(m[17]), phase_repl_p99=float(m[18]),
               cpu_cores=float(m[19]) if m[19] else None, tick_cores=float(m[20]) if m[20] else None,
               cpu_us=float(m[21]) if m[21] else None)
    off = offpat.search(line)
    row["off_p99"], row["off_max"] = (float(off[1]), float(off[2])) if off else (None, None)
    rq = rqpat.search(line)
    row["rq_wake_p99"], row["rq_tick_p99"] = (float(rq[1]), float(rq[2])) if rq else (None, None)
    rp = replpat.search(line)
    num = lambda v: None if v == "n/a" else float(v.rstrip("%"))
    row["shared_pct"], row["codings"], row["deferred_pct"] = (num(rp[1]), num(rp[2]), num(rp[3])) if rp else (None, None, None)
    row["shed_pct"] = num(rp[4]) if rp and rp[4] else None
    if ts < t0:
        before = row
    elif ts <= t1:
        rows.append(row)
res = {"window": "server status intervals lying inside the measured time (after warm-up)",
       "intervalSeconds": interval, "intervals": len(rows)}
if rows:
    base_over = before["overruns"] if before else 0
    base_skip = before["skipped"] if before else 0
    p99s = [r["p99"] for r in rows]
    res.update({
        "players": max(r["players"] for r in rows),
        "achievedTickRateMin": min(r["rate"] for r in rows),
        "tickDurationP99MsMedianOfIntervals": statistics.median(p99s),
        "tickDurationP99MsWorstInterval": max(p99s),
        "tickDurationMaxMs": max(r["max"] for r in rows),
        "tickDurationP50MsMedianOfIntervals": statistics.median(r["p50"] for r in rows),
        "latenessP99MsWorstInterval": max(r["late_p99"] for r in rows),
        "latenessP99MsMedianOfIntervals": statistics.median(r["late_p99"] for r in rows),
        "overrunsInWindow": rows[-1]["overruns"] - base_over,
        "skippedInWindow": rows[-1]["skipped"] - base_skip,
        "phaseP99MsWorstInterval": {"inputs": max(r["phase_in_p99"] for r in rows),
                                    "simulation": max(r["phase_sim_p99"] for r in rows),
                                    "replication": max(r["phase_repl_p99"] for r in rows)},
        "bytesOutPerSecondLastInterval": rows[-1]["bytes_out"],
    })
    # The whole server process (tick, network, GC, JIT threads), per status interval.
    cores = [r["cpu_cores"] for r in rows if r["cpu_cores"] is not None]
    tick_cores = [r["tick_cores"] for r in rows if r["tick_cores"] is not None]
    per_client_tick = [r["cpu_us"] for r in rows if r["cpu_us"] is not None]
    res["cpuCoresMedianOfIntervals"] = statistics.median(cores) if cores else None
    res["cpuCoresMaxInterval"] = max(cores) if cores else None
    res["tickThreadCpuCoresMedianOfIntervals"] = statistics.median(tick_cores) if tick_cores else None
    res["cpuMicrosPerClientTickMedianOfIntervals"] = statistics.median(per_client_tick) if per_client_tick else None
    # Off-CPU time inside ticks: a long tick that was mostly off the CPU is the machine, not the work.
    off = [r for r in rows if r["off_p99"] is not None]
    res["tickOffCpuP99MsMedianOfIntervals"] = statistics.median(r["off_p99"] for r in off) if off else None
    res["tickOffCpuP99MsWorstInterval"] = max(r["off_p99"] for r in off) if off else None
    res["tickOffCpuMaxMs"] = max(r["off_max"] for r in off) if off else None
    rq = [r for r in rows if r["rq_wake_p99"] is not None]
    res["runQueueWaitBetweenTicksP99MsMedianOfIntervals"] = statistics.median(r["rq_wake_p99"] for r in rq) if rq else None
    res["runQueueWaitInTickP99MsMedianOfIntervals"] = statistics.median(r["rq_tick_p99"] for r in rq) if rq else None
    for key, name in (("shared_pct", "replicationSharedCodingsPercent"), ("codings", "replicationCodingsPerPacket"),
                      ("deferred_pct", "replicationDeferredPacketsPercent"),
                      ("shed_pct", "replicationShedPacketsPercent")):
        vals = [r[key] for r in rows if r[key] is not None]
        res[name + "MedianOfIntervals"] = statistics.median(vals) if vals else None
    shed = [r["shed_pct"] for r in rows if r["shed_pct"] is not None]
    res["replicationShedPacketsPercentWorstInterval"] = max(shed) if shed else None
# The server's shutdown line on replication (servers from 2026-12-03 on): the whole run, not only the window.
shut = re.compile(r"replication as of the last stats publish: (\d+) packets \((\d+) deferred\), (\d+) codings shared of "
                  r"(\d+), record arenas grew (\d+) times \((\d+) with no spare left, allocated\)"
                  r"(?:, (\d+) packets shed by the replication deadline)?")
for line in open(f"{out}/server.log", errors="replace"):
    m = shut.search(line)
    if m:
        res["replicationWholeRun"] = {"packets": int(m[1]), "deferredPackets": int(m[2]), "sharedCodings": int(m[3]),
                                      "codedChanges": int(m[4]), "arenaGrowths": int(m[5]),
                                      "arenaGrowthsAllocating": int(m[6]),
                                      "shedPackets": int(m[7]) if m[7] else None}
# Sessions on demand (--sessions): one line per live session and interval.
# Older servers' lines have no "in ../s out ../s" (the session's own UDP bytes) and say "tick thread" where
# a thread shared by several sessions now says "shared tick thread"; both forms parse.
spat = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d+).*session (\d+)(?: \([a-z0-9-]+\))?: players (\d+) \| tick ([\d.]+)/(\d+) Hz \| duration "
                  r"p50 ([\d.]+)ms p99 ([\d.]+)ms max ([\d.]+)ms \| lateness p99 ([\d.]+)ms \| overruns (\d+) skipped (\d+)"
                  r"(?: \| in (\S+)/s out (\S+)/s)?(?: \| (?:shared )?tick thread (?:([\d.]+) cores|n/a))?")
per = {}
for line in open(f"{out}/server.log", errors="replace"):
    m = spat.search(line)
    if not m:
        continue
    h, mi, s, frac = (int(x) for x in m.groups()[:4])
    ts = day.replace(hour=h, minute=mi, second=s, microsecond=0).timestamp() + frac / 1000.0
    if ts < start - 43200:
        ts += 86400
    if t0 <= ts <= t1:
        per.setdefault(m[5], []).append(dict(players=int(m[6]), rate=float(m[7]), p99=float(m[10]),
                                             max=float(m[11]), late=float(m[12]), overruns=int(m[13]),
                                             bytes_in=m[15], bytes_out=m[16]))
if per:
    res["perSession"] = {sid: {"intervals": len(r), "players": max(x["players"] for x in r),
                               "achievedTickRateMin": min(x["rate"] for x in r),
                               "tickDurationP99MsMedianOfIntervals": statistics.median(x["p99"] for x in r),
                               "tickDurationP99MsWorstInterval": max(x["p99"] for x in r),
                               "tickDurationMaxMs": max(x["max"] for x in r),
                               "latenessP99MsMedianOfIntervals": statistics.median(x["late"] for x in r),
                               "latenessP99MsWorstInterval": max(x["late"] for x in r),
                               "overrunsInWindow": r[-1]["overruns"] - r[0]["overruns"],
                               "bytesInPerSecondLastInterval": r[-1]["bytes_in"],
                               "bytesOutPerSecondLastInterval": r[-1]["bytes_out"]}
                         for sid, r in sorted(per.items(), key=lambda kv: int(kv[0]))}
    res["sessionsWorst"] = {"tickDurationP99Ms": max(v["tickDurationP99MsWorstInterval"] for v in res["perSession"].values()),
                            "latenessP99Ms": max(v["latenessP99MsWorstInterval"] for v in res["perSession"].values())}
json.dump(res, open(f"{out}/server-ticks.json", "w"), indent=2)
print("server ticks over the measured window:", json.dumps(res, indent=2))
PY

# Per-thread CPU over the measured window (threads of one kind summed: replication workers, GC, compilers).
wait "$threads_pid" 2>/dev/null || true
python3 - "$out" <<'PY'
import json, re, sys
out = sys.argv[1]
try:
    a = json.load(open(f"{out}/threads-start.json")); b = json.load(open(f"{out}/threads-end.json"))
except (OSError, ValueError):
    print("no per-thread CPU snapshots (the server ended before the measured window did)"); sys.exit(0)
if len(b["threads"]) < len(a["threads"]) // 2:
    print("per-thread CPU: the end snapshot caught the server exiting (%d of %d threads); no server-threads.json"
          % (len(b["threads"]), len(a["threads"]))); sys.exit(0)
secs = b["epoch"] - a["epoch"]; hz = b["hz"]
try:
    t = json.load(open(f"{out}/server-ticks.json")); client_ticks = t.get("players", 0) * 60.0 * secs
except (OSError, ValueError):
    client_ticks = 0
kinds = {}
for tid, (name, u, y) in b["threads"].items():
    u0, y0 = (a["threads"][tid][1], a["threads"][tid][2]) if tid in a["threads"] else (0, 0)
    kind = re.sub(r"[-#]?\d+$", "", re.sub(r"-\d+-\d+$", "", name)).strip() or name
    k = kinds.setdefault(kind, {"threads": 0, "userCores": 0.0, "systemCores": 0.0})
    k["threads"] += 1; k["userCores"] += (u - u0) / hz / secs; k["systemCores"] += (y - y0) / hz / secs
for k in kinds.values():
    k["userCores"] = round(k["userCores"], 4); k["systemCores"] = round(k["systemCores"], 4)
res = {"window": "the measured window (after warm-up) but its last 2 s, /proc per-thread utime and stime (%d Hz ticks)" % hz,
       "seconds": round(secs, 1),
       "userCores": round(sum(k["userCores"] for k in kinds.values()), 4),
       "systemCores": round(sum(k["systemCores"] for k in kinds.values()), 4),
       "byThreadKind": dict(sorted(kinds.items(), key=lambda kv: -(kv[1]["userCores"] + kv[1]["systemCores"])))}
if client_ticks > 0:
    # Per client-tick at the nominal 60 Hz of the load profiles (server-ticks.json has the achieved rate).
    res["microsPerClientTickNominal60Hz"] = {kind: round((k["userCores"] + k["systemCores"]) * secs * 1e6 / client_ticks, 2)
                                              for kind, k in res["byThreadKind"].items()}
json.dump(res, open(f"{out}/server-threads.json", "w"), indent=2)
print("server CPU by thread over the measured window:",
      ", ".join(f"{kind} {k['userCores'] + k['systemCores']:.3f} cores ({k['systemCores']:.3f} system)"
                for kind, k in list(res["byThreadKind"].items())[:6]))
PY

# GC pauses and safepoints in the measured window (bots start + warm-up .. end of the measured time).
gc_from=$(python3 -c "import sys; print(float(sys.argv[1]) + float(sys.argv[2]))" "$bots_start_epoch" "$warmup")
gc_to=$(python3 -c "import sys; print(min(float(sys.argv[1]), float(sys.argv[2]) + float(sys.argv[3]) + float(sys.argv[4])))" \
    "$bots_end_epoch" "$bots_start_epoch" "$warmup" "$duration")
gc_summary=(-cp "$bots_jar" io.tickforge.client.load.GcLogSummary "$out/server-gc.log" --from "$gc_from" --to "$gc_to" --goal-ms 5)
if "$bots_java" "${gc_summary[@]}" > "$out/server-gc.json" && gc_line=$("$bots_java" "${gc_summary[@]}" --line); then
    echo "$(date -u +%H:%M:%S) $gc_line" >> "$out/machine.log"
    echo "$gc_line" | tee -a "$out/meta.txt"
else
    echo "could not summarise $out/server-gc.log" | tee -a "$out/meta.txt" >&2
fi

# --record: replay every session's log (after the run, so it does not weigh on the measured window).
if ((${#record_args[@]})); then
    for log in "$out"/replay/*.tfr; do
        [[ -e "$log" ]] || { echo "no replay log in $out/replay" | tee -a "$out/replay.txt"; break; }
        {
            echo "log: $log ($(stat -c %s "$log") bytes; the server ran ${server_seconds}s at most, bots $bots)"
            java -jar replay/target/tickforge-replay.jar "$log" 2>&1 | tail -5
            echo "replay exit code: ${PIPESTATUS[0]} (0 verified, 1 diverged, 3 corrupt)"
        } | tee -a "$out/replay.txt"
    done
fi

{
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "bots exit code: $bots_rc (0 = every limit met, 1 = a limit missed, 3 = no bot joined)"
} | tee -a "$out/meta.txt"
echo "== report in $out"
exit "$bots_rc"
