#!/usr/bin/env bash
# Starts, stops or reports a throw-away RabbitMQ node for trying event connectors by hand: its own folder, free ports,
# a user "patchworks" (password "patchworks") on vhost "/", no system service. The C# tests start their own nodes
# the same way (tests/Patchworks.Events.Tests/RabbitMqNode.cs).
#   scripts/rabbitmq-node.sh start [DIR]   start a node in DIR (default: a new temp folder); prints DIR and the AMQP port
#   scripts/rabbitmq-node.sh status DIR    "running on 127.0.0.1:PORT" or "stopped" (exit 3)
#   scripts/rabbitmq-node.sh stop DIR      kill the node (beam.smp and its shell) and remove DIR
set -euo pipefail

server=${RABBITMQ_SERVER:-/usr/lib/rabbitmq/bin/rabbitmq-server}
log() { echo "rabbitmq-node: $*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cmd=${1:-}
case "$cmd" in
  start)
    [ -x "$server" ] || { log "$server is missing: run ./setup.sh (it installs Debian's rabbitmq-server)"; exit 2; }
    dir=${2:-$(mktemp -d -t patchworks-rabbitmq.XXXXXX)}
    mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
    amqp=$(free_port); dist=$(free_port)
    cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp
loopback_users = none
default_user = patchworks
default_pass = patchworks
CONF
    echo "[]." > "$dir/enabled_plugins"
    echo "$amqp" > "$dir/amqp-port"
    # The whole background group is redirected (not just the server), so nothing holds this script's stdout and
    # `$(scripts/rabbitmq-node.sh start)` returns; exec makes the recorded pid the server's shell, its own session.
    (cd "$dir" && exec env HOME="$dir/home" RABBITMQ_NODENAME="patchworks-$(basename "$dir" | tr -c 'A-Za-z0-9\n' -)@localhost" \
      RABBITMQ_DIST_PORT="$dist" RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
      RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
      RABBITMQ_PID_FILE="$dir/pid" RABBITMQ_CONF_ENV_FILE=/dev/null \
      setsid "$server") > "$dir/log/console.log" 2>&1 < /dev/null &
    echo $! > "$dir/shell-pid"
    for _ in $(seq 1 240); do
      if port_open "$amqp"; then echo "$dir"; echo "amqp://patchworks:patchworks@127.0.0.1:$amqp/"; exit 0; fi
      kill -0 "$(cat "$dir/shell-pid")" 2>/dev/null || { log "the node exited; see $dir/log"; tail -20 "$dir/log/console.log" >&2; exit 1; }
      sleep 0.5
    done
    log "the node did not open 127.0.0.1:$amqp within 120 s; see $dir/log"; exit 1
    ;;
  status)
    dir=${2:?usage: $0 status DIR}
    if [ -f "$dir/amqp-port" ] && port_open "$(cat "$dir/amqp-port")"; then echo "running on 127.0.0.1:$(cat "$dir/amqp-port")"
    else echo "stopped"; exit 3; fi
    ;;
  stop)
    dir=${2:?usage: $0 stop DIR}
    [ -f "$dir/amqp-port" ] || { log "$dir is not a node folder made by this script"; exit 2; }
    # beam.smp by its pid file, then the shell's whole session (setsid made the shell its leader)
    [ -f "$dir/pid" ] && kill -KILL "$(cat "$dir/pid")" 2>/dev/null || true
    [ -f "$dir/shell-pid" ] && kill -KILL -- "-$(cat "$dir/shell-pid")" 2>/dev/null || true
    [ -f "$dir/shell-pid" ] && kill -KILL "$(cat "$dir/shell-pid")" 2>/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start [DIR] | status DIR | stop DIR" >&2; exit 2 ;;
esac
