#!/usr/bin/env bash
# Builds Tickforge and runs the main job: a server hosting a game (default the arena) on its
# embedded defaults with a few headless bots of that game connected, printing live status, for a
# set time (default 30 s).
#
#   scripts/demo.sh [SECONDS] [BOTS] [GAME]
#   GAME=zone scripts/demo.sh          # the 3D zone-control game and its capture bots
#
# GAME (argument or environment; default arena) goes to both as --game: `--list-games` on the
# server jar lists the games, and the bots must have behaviours for it (`--list-games` on the bots jar).
# Ctrl-C stops both early (the server tells its clients Bye and exits cleanly).
# JAVA=/path/to/bin/java runs both on another JDK (CI does this with the newest one installed).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
bots="${2:-4}"
game="${3:-${GAME:-arena}}"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
    echo "== building (mvn -q -B package -DskipTests)"
    mvn -q -B package -DskipTests
fi

# Ephemeral-free defaults; override with TICKFORGE_TCP_PORT / TICKFORGE_UDP_PORT if taken.
tcp_port="${TICKFORGE_TCP_PORT:-7777}"
udp_port="${TICKFORGE_UDP_PORT:-7778}"
java="${JAVA:-java}"

echo "== server: $java -jar server/target/tickforge-server.jar --game $game --tcp-port $tcp_port --udp-port $udp_port --duration $((seconds + 5))"
"$java" -jar server/target/tickforge-server.jar --game "$game" --tcp-port "$tcp_port" --udp-port "$udp_port" \
    --duration "$((seconds + 5))" --status-interval 5 &
server_pid=$!
trap 'kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT INT TERM

# Wait until the server listens (at most 60 s: it warms up before it binds, --warmup).
for _ in $(seq 1 240); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$tcp_port") 2>/dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "server exited early" >&2; exit 1; fi
    sleep 0.25
done

echo "== bots: $java -jar headless-client/target/tickforge-bots.jar --game $game --bots $bots --duration ${seconds}s"
"$java" -jar headless-client/target/tickforge-bots.jar --game "$game" --tcp-port "$tcp_port" --udp-port "$udp_port" \
    --bots "$bots" --duration "${seconds}s" --warmup 2s --ramp 1s
bots_rc=$?

kill -TERM "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
trap - EXIT INT TERM
exit "$bots_rc"
