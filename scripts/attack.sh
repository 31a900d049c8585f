#!/usr/bin/env bash
# The attack table of docs/SECURITY.md, measured on loopback. For each attack: a fresh server
# (pinned like scripts/load.sh, admin endpoint on, log to a file), legitimate bots playing from
# 127.0.0.1, a settle time, a baseline window, then one attacker process (tickforge-bots.jar's
# io.tickforge.client.attack.Attacker, from 127.0.0.2) for the attack window, a short recovery
# tail, and everything stopped. Writes into reports/attack-YYYYmmdd-HHMMSS/:
#   ATTACK.json           the row's figures: tick p99 before/during, bots' snapshot rate (min and
#                         mean per bot) before/during, server RSS and heap before/after/max, log
#                         lines per second, server counters the attack moved, kernel UDP drops,
#                         what the attacker sent and received, the join probe
#   summary.md            one markdown row per attack (the table of docs/SECURITY.md)
#   ATTACK.attacker.json  the attacker's own report (sent, received, replies, probe joins)
#   ATTACK.bots.json      the bots' report with a per-bot snapshot timeline; ATTACK.bots.txt their output
#   ATTACK.server.log     the server's log; ATTACK.samples.jsonl one sample per second (RSS, heap,
#                         /api/status); meta.txt command lines, commit, machine
#
#   scripts/attack.sh ATTACK[,ATTACK...]|all [--duration 20s] [--baseline 10s] [--settle 10s] [--tail 5s]
#                     [--bots 16] [--npcs 1000] [--rate N] [--sockets N] [--max-count N] [--joins N]
#
# Attacks: tcp-garbage tcp-oversized-lengths conn-flood slowloris hello-fuzz slot-filling
#          udp-garbage udp-wrong-key forged-registration replayed-inputs chat-flood
# One attack takes settle + baseline + duration + tail + about 10 s (about 55 s with the
# defaults); "all" runs the eleven one after the other (about 10 minutes).
#
# The server keeps its default per-address limits (the attacker meets them from 127.0.0.2); the
# bots all come from 127.0.0.1, so at most 48 bots fit inside those limits. The server runs with a
# static join token (LAN mode) that bots, attacker and probe all know: slot filling and the
# joined attacks (wrong key, replay, chat) use it like a real client would.
#
# Environment (all optional):
#   SKIP_BUILD=1          do not run mvn package first
#   PIN=0                 do not pin; default: server on SERVER_CPUS (0), bots on BOTS_CPUS (1),
#                         attacker on ATTACKER_CPUS (2 when there are >= 3 cores, else the bots' core)
#   TCP_PORT              first TCP port (default 27800); attack i uses TCP_PORT + 10 i, UDP +1, admin +2
#   SERVER_JAVA_OPTS      default "-Xmx1g" (no -Xms: RSS shows what the server really touched)
#   BOTS_JAVA_OPTS        default "-Xms512m -Xmx512m"
#   ATTACKER_JAVA_OPTS    default "-Xmx512m"
#   STATUS_INTERVAL       seconds per server status line (default 5): tick p99 "during" is taken
#                         from the status intervals lying inside the attack window
#   JAVA_HOME             JDK for every JVM (default: java on the PATH)
#   SERVER_JAR / BOTS_JAR override the jars
# Bounded: every process has a timeout; the attacker refuses non-loopback targets and caps its rates.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL=(tcp-garbage tcp-oversized-lengths conn-flood slowloris hello-fuzz slot-filling
     udp-garbage udp-wrong-key forged-registration replayed-inputs chat-flood)
usage() {
    echo "usage: scripts/attack.sh ATTACK[,ATTACK...]|all [--duration 20s] [--baseline 10s] [--settle 10s] [--tail 5s]" >&2
    echo "       [--bots 16] [--npcs 1000] [--rate N] [--sockets N] [--max-count N] [--joins N]" >&2
    echo "attacks: ${ALL[*]}" >&2
    exit 2
}
to_seconds() {
    case "$1" in
        *m) echo $(( ${1%m} * 60 )) ;;
        *s) echo "${1%s}" ;;
        *)  echo "$1" ;;
    esac
}

which_attack="${1:-}"
shift || true
[[ -n "$which_attack" ]] || usage
if [[ "$which_attack" == all ]]; then
    attacks=("${ALL[@]}")
else
    IFS=, read -r -a attacks <<< "$which_attack"
    for a in "${attacks[@]}"; do
        [[ " ${ALL[*]} " == *" $a "* ]] || { echo "unknown attack '$a'" >&2; usage; }
    done
fi

duration=20; baseline=10; settle=10; tail_s=5; bots=16; npcs=1000
attacker_extra=()
while (($#)); do
    case "$1" in
        --duration) duration=$(to_seconds "${2:?}"); shift 2 ;;
        --baseline) baseline=$(to_seconds "${2:?}"); shift 2 ;;
        --settle) settle=$(to_seconds "${2:?}"); shift 2 ;;
        --tail) tail_s=$(to_seconds "${2:?}"); shift 2 ;;
        --bots) bots="${2:?}"; shift 2 ;;
        --npcs) npcs="${2:?}"; shift 2 ;;
        --rate|--sockets|--max-count|--joins|--trickle-interval) attacker_extra+=("$1" "${2:?}"); shift 2 ;;
        *) echo "unknown option $1" >&2; usage ;;
    esac
done
for v in "$duration" "$baseline" "$settle" "$tail_s" "$bots" "$npcs"; do
    [[ "$v" =~ ^[0-9]+$ ]] || { echo "whole numbers (seconds: N, Ns or Nm) expected, got '$v'" >&2; exit 2; }
done
if ((bots < 1 || bots > 48)); then
    echo "--bots must be 1..48: every bot connects from 127.0.0.1 and the server keeps its default per-address limits" >&2
    exit 2
fi
if ((duration < 1 || settle < 2)); then
    echo "--duration must be >= 1 s and --settle >= 2 s" >&2
    exit 2
fi

server_jar="${SERVER_JAR:-server/target/tickforge-server.jar}"
bots_jar="${BOTS_JAR:-headless-client/target/tickforge-bots.jar}"
java_bin="$(if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else command -v java || echo java; fi)"
[[ -x "$java_bin" ]] || { echo "no java at $java_bin" >&2; exit 2; }
server_opts=(${SERVER_JAVA_OPTS:--Xmx1g})
bots_opts=(${BOTS_JAVA_OPTS:--Xms512m -Xmx512m})
attacker_opts=(${ATTACKER_JAVA_OPTS:--Xmx512m})
status_interval="${STATUS_INTERVAL:-5}"
base_port="${TCP_PORT:-27800}"
token="attack-table"

server_pin=(); bots_pin=(); attacker_pin=()
if [[ "${PIN:-1}" == "1" ]] && command -v taskset >/dev/null && [[ "$(nproc)" -ge 2 ]]; then
    server_pin=(taskset -c "${SERVER_CPUS:-0}")
    bots_pin=(taskset -c "${BOTS_CPUS:-1}")
    if [[ "$(nproc)" -ge 3 ]]; then
        attacker_pin=(taskset -c "${ATTACKER_CPUS:-2}")
    else
        attacker_pin=(taskset -c "${ATTACKER_CPUS:-${BOTS_CPUS:-1}}")
    fi
fi

# shellcheck source=lib/build.sh
source scripts/lib/build.sh   # the working directory is the repository root (cd above)
build_jars "$server_jar" "$bots_jar"

out="reports/attack-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
{
    echo "attacks: ${attacks[*]}"
    echo "per attack: settle ${settle}s, baseline ${baseline}s, attack ${duration}s, tail ${tail_s}s; $bots bots, $npcs NPCs"
    echo "attacker extra flags: ${attacker_extra[*]:-(none)}"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
    echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(uname -sr)"
    echo "java: $java_bin ($("$java_bin" -version 2>&1 | head -1))"
    echo "pinning: server ${server_pin[*]:-none}, bots ${bots_pin[*]:-none}, attacker ${attacker_pin[*]:-none}"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/meta.txt"
cat "$out/meta.txt"
{
    echo "| attack | tick p99 ms before / during (worst interval) | overruns during | bots snapshots/s during: min / mean (before: mean) | RSS MiB before / after (max) | heap MiB before / after (max) | log lines/s during: max (mean); entries/s max | attacker sent / received | legit joins during | server counters moved |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$out/summary.md"

server_pid=""; sampler_pid=""; bots_pid=""
cleanup() {
    local pid
    for pid in "$bots_pid" "$sampler_pid"; do
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    server_pid=""; sampler_pid=""; bots_pid=""
}
trap cleanup EXIT INT TERM

run_one() {
    local attack="$1" index="$2"
    local tcp=$((base_port + 10 * index)) udp=$((base_port + 10 * index + 1)) admin=$((base_port + 10 * index + 2))
    local p="$out/$attack"
    for port in "$tcp" "$admin"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "port $port is in use; set TCP_PORT to a free range" >&2
            return 1
        fi
    done
    local bots_measure=$((baseline + duration + tail_s + 5))
    local server_seconds=$((settle + bots_measure + 60))
    local server_cmd=("${server_pin[@]}" "$java_bin" "${server_opts[@]}" -jar "$server_jar" --bind 127.0.0.1
        --tcp-port "$tcp" --udp-port "$udp" --admin-port "$admin" --npcs "$npcs" --max-players 256
        --status-interval "$status_interval" --join-token "$token" --duration "$server_seconds")
    local bots_cmd=("${bots_pin[@]}" "$java_bin" "${bots_opts[@]}" -jar "$bots_jar" --host 127.0.0.1
        --tcp-port "$tcp" --udp-port "$udp" --join-token "$token" --bots "$bots" --ramp 2
        --warmup "$settle" --duration "$bots_measure" --progress-interval 1s --report-timeline
        --report-json "$p.bots.json")
    local attacker_cmd=("${attacker_pin[@]}" "$java_bin" "${attacker_opts[@]}" -cp "$bots_jar"
        io.tickforge.client.attack.Attacker --attack "$attack" --host 127.0.0.1 --tcp-port "$tcp" --udp-port "$udp"
        --source 127.0.0.2 --probe-from 127.0.0.3 --join-token "$token" --duration "${duration}s"
        --report-json "$p.attacker.json" "${attacker_extra[@]}")
    {
        echo "== $attack"
        echo "server: ${server_cmd[*]}"
        echo "bots: ${bots_cmd[*]}"
        echo "attacker: ${attacker_cmd[*]}"
    } >> "$out/meta.txt"
    echo "== $attack: server tcp $tcp udp $udp admin $admin"

    "${server_cmd[@]}" > "$p.server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 240); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$tcp") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$admin") 2>/dev/null; then break; fi
        if ! kill -0 "$server_pid" 2>/dev/null; then echo "server exited early:" >&2; tail -20 "$p.server.log" >&2; return 1; fi
        sleep 0.25
    done
    # One sample per second: RSS and peak RSS of the server process, heap used, /api/status.
    python3 - "$server_pid" "$admin" "$p.samples.jsonl" <<'PY' &
import json, sys, time, urllib.request
pid, admin, path = sys.argv[1], sys.argv[2], sys.argv[3]
def status_kb(field):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
def get(route):
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{admin}{route}", timeout=0.8).read().decode()
    except Exception:
        return None
def udp_drops():
    try:
        rows = [l.split() for l in open("/proc/net/snmp") if l.startswith("Udp:")]
        return dict(zip(rows[0][1:], (int(x) for x in rows[1][1:])))
    except Exception:
        return None
with open(path, "w") as out:
    while True:
        t = time.time()
        rss = status_kb("VmRSS")
        if rss is None:
            break
        heap = None
        metrics = get("/metrics")
        if metrics:
            heap = sum(float(l.rsplit(" ", 1)[1]) for l in metrics.splitlines()
                       if l.startswith("jvm_memory_used_bytes{") and 'area="heap"' in l)
        status = get("/api/status")
        out.write(json.dumps({"t": t, "rssKb": rss, "hwmKb": status_kb("VmHWM"), "heapBytes": heap,
                              "udp": udp_drops(), "status": json.loads(status) if status else None}) + "\n")
        out.flush()
        time.sleep(max(0.0, 1.0 - (time.time() - t)))
PY
    sampler_pid=$!

    local bots_start
    bots_start=$(date +%s.%N)
    timeout --signal=TERM --kill-after=10 "$((settle + bots_measure + 60))" "${bots_cmd[@]}" > "$p.bots.txt" 2>&1 &
    bots_pid=$!
    # Settle, then the baseline window, then the attack (the attacker reports its own start and end).
    local attack_at
    attack_at=$(python3 -c "import sys; print(float(sys.argv[1]) + float(sys.argv[2]) + float(sys.argv[3]))" \
        "$bots_start" "$settle" "$baseline")
    sleep "$(python3 -c "import sys,time; print(max(0.0, float(sys.argv[1]) - time.time()))" "$attack_at")"
    echo "   attacking for ${duration}s"
    set +e
    timeout --signal=TERM --kill-after=10 "$((duration + 60))" "${attacker_cmd[@]}" > "$p.attacker.txt" 2>&1
    local attacker_rc=$?
    set -e
    echo "   attacker exit $attacker_rc; recovery tail and bots' end"
    set +e
    wait "$bots_pid"
    local bots_rc=$?
    set -e
    bots_pid=""
    cleanup
    echo "$attack: attacker exit $attacker_rc, bots exit $bots_rc" >> "$out/meta.txt"

    python3 - "$p" "$attack" "$bots_start" "$settle" "$baseline" "$status_interval" "$out/summary.md" <<'PY'
import json, re, sys, datetime, statistics
p, attack, bots_start, settle, baseline, interval, summary = (sys.argv[1], sys.argv[2], float(sys.argv[3]),
    float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.argv[7])
def load(path):
    try:
        return json.load(open(path))
    except Exception:
        return None
atk = load(p + ".attacker.json") or {}
bots = load(p + ".bots.json") or {}
samples = [json.loads(l) for l in open(p + ".samples.jsonl") if l.strip()]
b0 = bots_start + settle
a0 = atk.get("startEpochMs", (b0 + baseline) * 1000) / 1000.0
a1 = atk.get("endEpochMs", a0 * 1000) / 1000.0
b1 = a0
res = {"attack": attack, "windows": {"baseline": [b0, b1], "attack": [a0, a1]},
       "attackerCompleted": atk.get("completed")}

# Tick p99: the server's status lines (each covers one interval of `interval` seconds).
day = datetime.datetime.fromtimestamp(bots_start)
def ts_of(h, m, s, ms):
    ts = day.replace(hour=h, minute=m, second=s, microsecond=0).timestamp() + ms / 1000.0
    return ts + 86400 if ts < bots_start - 43200 else ts
status_pat = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d+).*players (\d+) \| tick ([\d.]+)/(\d+) Hz \| duration p50 ([\d.]+)ms "
                        r"p99 ([\d.]+)ms max ([\d.]+)ms \| lateness p99 ([\d.]+)ms \| overruns (\d+) skipped (\d+)")
line_pat = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d+) ")
intervals, per_second, entries, last_ts = [], {}, {}, None
for line in open(p + ".server.log", errors="replace"):
    m = line_pat.match(line)
    if m:
        last_ts = ts_of(*(int(x) for x in m.groups()))
        entries[int(last_ts)] = entries.get(int(last_ts), 0) + 1
    if last_ts is not None:
        per_second[int(last_ts)] = per_second.get(int(last_ts), 0) + 1   # continuation lines count too
    s = status_pat.search(line)
    if s:
        intervals.append({"end": last_ts, "p99": float(s[9]), "max": float(s[10]), "overruns": int(s[12]),
                          "rate": float(s[6])})
def tick(w0, w1):
    inside = [i for i in intervals if i["end"] - interval >= w0 - 0.5 and i["end"] <= w1 + 0.5]
    partial = False
    if not inside:   # a window shorter than an interval: the intervals overlapping it
        inside = [i for i in intervals if i["end"] > w0 and i["end"] - interval < w1]
        partial = True
    if not inside:
        return None
    return {"intervals": len(inside), "overlappingOnly": partial,
            "p99MsWorst": max(i["p99"] for i in inside), "p99MsMedian": statistics.median(i["p99"] for i in inside),
            "maxMs": max(i["max"] for i in inside), "achievedRateMin": min(i["rate"] for i in inside)}
res["tick"] = {"baseline": tick(b0, b1), "attack": tick(a0, a1)}

# Samples: memory, counters, overruns, kernel UDP drops at the window edges.
def at(t, after=False):
    c = [s for s in samples if (s["t"] >= t if after else s["t"] <= t)]
    return (c[0] if after else c[-1]) if c else None
def during(w0, w1):
    return [s for s in samples if w0 <= s["t"] <= w1]
mib = lambda kb: None if kb is None else round(kb / 1024.0, 1)
hmib = lambda b: None if b is None else round(b / 1048576.0, 1)
s_before, s_after = at(a0), at(a1 + 1.0, after=True) or (samples[-1] if samples else None)
inside = during(a0, a1 + 1.0)
res["memory"] = {
    "rssMiBBefore": mib(s_before and s_before["rssKb"]), "rssMiBAfter": mib(s_after and s_after["rssKb"]),
    "rssMiBMaxDuring": mib(max((s["rssKb"] for s in inside), default=None)),
    "rssPeakMiBAtEnd": mib(s_after and s_after["hwmKb"]),
    "heapMiBBefore": hmib(s_before and s_before["heapBytes"]), "heapMiBAfter": hmib(s_after and s_after["heapBytes"]),
    "heapMiBMaxDuring": hmib(max((s["heapBytes"] or 0 for s in inside), default=None)),
    "note": "heap used is sampled once per second and includes garbage not yet collected"}
def counters(s):
    return ((s or {}).get("status") or {}).get("counters") or {}
moved = {}
cb, ca = counters(s_before).get("network", {}), counters(s_after).get("network", {})
for k, v in ca.items():
    if v - cb.get(k, 0):
        moved[k] = v - cb.get(k, 0)
res["serverCountersMoved"] = moved
res["overrunsDuring"] = (counters(s_after).get("overruns", 0) - counters(s_before).get("overruns", 0)) if s_before and s_after else None
def udp(s, k):
    return ((s or {}).get("udp") or {}).get(k)
if udp(s_before, "RcvbufErrors") is not None and udp(s_after, "RcvbufErrors") is not None:
    res["kernelUdpReceiveBufferDrops"] = udp(s_after, "RcvbufErrors") - udp(s_before, "RcvbufErrors")

# Log lines per second in the attack window: every physical line (stack traces included), and
# entries (lines that start with a timestamp: one per logging call).
def log_rate(w0, w1):
    secs = range(int(w0), int(w1) + 1)
    counts = [per_second.get(s, 0) for s in secs]
    events = [entries.get(s, 0) for s in secs]
    return {"maxPerSecond": max(counts, default=0), "meanPerSecond": round(sum(counts) / max(1, len(counts)), 2),
            "lines": sum(counts), "entriesMaxPerSecond": max(events, default=0), "entries": sum(events)}
res["logLines"] = {"baseline": log_rate(b0, b1 - 1.0), "attack": log_rate(a0, a1)}

# Bots: every bot's snapshot rate over each window, from the timeline.
def bot_rates(w0, w1):
    tl = bots.get("timeline") or []
    first = next((x for x in tl if x["epochMs"] / 1000.0 >= w0 - 0.01), None)
    last = next((x for x in reversed(tl) if x["epochMs"] / 1000.0 <= w1 + 0.01), None)
    if not first or not last or last["epochMs"] <= first["epochMs"]:
        return None
    secs = (last["epochMs"] - first["epochMs"]) / 1000.0
    rates = [(b - a) / secs for a, b in zip(first["snapshots"], last["snapshots"])]
    return {"seconds": round(secs, 2), "minPerBot": round(min(rates), 1), "meanPerBot": round(statistics.mean(rates), 1),
            "connectedAtEnd": sum(1 for c in last["connected"] if c), "bots": len(rates)}
res["bots"] = {"baseline": bot_rates(b0, b1), "attack": bot_rates(a0, a1),
               "decodeFailures": (bots.get("bots") or {}).get("decodeFailures"),
               "disconnected": (bots.get("bots") or {}).get("disconnected")}
res["attacker"] = {k: atk.get(k) for k in ("sent", "received", "connections", "messages", "errors",
                                            "bytesSent", "bytesReceived", "amplification", "seconds")}
res["joinProbe"] = {k: (atk.get("joinProbe") or {}).get(k) for k in ("attempts", "welcomed", "slowestWelcomeMs")}
json.dump(res, open(p + ".json", "w"), indent=2)

def f(v, fmt="{:.2f}"):
    return "n/a" if v is None else fmt.format(v)
tb, ta = res["tick"]["baseline"] or {}, res["tick"]["attack"] or {}
bb, ba = res["bots"]["baseline"] or {}, res["bots"]["attack"] or {}
mem, logs = res["memory"], res["logLines"]["attack"]
routine = {"bytes_in", "bytes_out", "udp_bytes_in", "udp_bytes_out", "inputs_accepted", "snapshots_sent"}
moved_txt = ", ".join(f"{k}={v}" for k, v in sorted(moved.items(), key=lambda kv: -kv[1]) if k not in routine) or "none"
if "kernelUdpReceiveBufferDrops" in res and res["kernelUdpReceiveBufferDrops"]:
    moved_txt += f"; kernel UDP receive-buffer drops {res['kernelUdpReceiveBufferDrops']}"
sent = atk.get("sent") or {}
sent_txt = (f"{sent['datagrams']} datagrams" if "datagrams" in sent else
            f"{sent['chatLines']} chat lines" if "chatLines" in sent else
            f"{(atk.get('connections') or {}).get('attempted', 0)} connections")
row = (f"| {attack} | {f(tb.get('p99MsWorst'))} / {f(ta.get('p99MsWorst'))}{' (partial)' if ta.get('overlappingOnly') else ''}"
       f" | {f(res['overrunsDuring'], '{}')}"
       f" | {f(ba.get('minPerBot'), '{:.1f}')} / {f(ba.get('meanPerBot'), '{:.1f}')} ({f(bb.get('meanPerBot'), '{:.1f}')})"
       f" | {f(mem['rssMiBBefore'], '{:.0f}')} / {f(mem['rssMiBAfter'], '{:.0f}')} ({f(mem['rssMiBMaxDuring'], '{:.0f}')})"
       f" | {f(mem['heapMiBBefore'], '{:.0f}')} / {f(mem['heapMiBAfter'], '{:.0f}')} ({f(mem['heapMiBMaxDuring'], '{:.0f}')})"
       f" | {logs['maxPerSecond']} ({logs['meanPerSecond']}); entries {logs['entriesMaxPerSecond']}"
       f" | {sent_txt}, {atk.get('bytesSent', 0)} B / {atk.get('bytesReceived', 0)} B"
       f" | {res['joinProbe'].get('welcomed')}/{res['joinProbe'].get('attempts')}"
       f" | {moved_txt} |")
open(summary, "a").write(row + "\n")
print(row)
PY
}

index=0
for a in "${attacks[@]}"; do
    run_one "$a" "$index" || echo "$a: could not run (see $out/meta.txt)" | tee -a "$out/meta.txt" >&2
    index=$((index + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/meta.txt"
echo "== table in $out/summary.md"
cat "$out/summary.md"
