#!/usr/bin/env bash
# The loss bench's link (bench/loss): a client in its own network namespace, reaching the relay
# in the root namespace through a veth pair, a userspace bridge that delays each frame, and a
# second veth pair. Random loss is an nftables rule on the namespace's veth, both directions.
# netem would do both, but this kernel is built without it (CONFIG_NET_SCH_NETEM is not set).
#
#   net.sh up DELAY_MS   builds it (idempotent: tears down what a killed run left first)
#   net.sh loss PERCENT  drops PERCENT % of packets at random each way (0: none)
#   net.sh counts        packets seen and dropped each way since `loss`
#   net.sh down          removes the namespace, veths, nft table and bridge
set -euo pipefail

NS=parley-loss
CLIENT_IF=plc0   # in the namespace, CLIENT_ADDR
CLIENT_PORT=plc1 # root namespace, a bridge port, no address
RELAY_PORT=plr1  # root namespace, a bridge port, no address
RELAY_IF=plr0    # root namespace, RELAY_ADDR
CLIENT_ADDR=10.231.7.2
RELAY_ADDR=10.231.7.1
PIDFILE=/run/parley-loss-bridge.pid
HERE=$(cd "$(dirname "$0")" && pwd)

quiet_offloads() {
  # Frames must cross the bridge as they are on a wire: whole checksums, no segments > MTU.
  ethtool -K "$1" tx off tso off gso off gro off >/dev/null 2>&1 || true
}

down() {
  if [[ -f $PIDFILE ]]; then
    kill "$(cat "$PIDFILE")" 2>/dev/null || true
    rm -f "$PIDFILE"
  fi
  ip netns del "$NS" 2>/dev/null || true
  ip link del "$CLIENT_PORT" 2>/dev/null || true
  ip link del "$RELAY_IF" 2>/dev/null || true
}

up() {
  local delay_ms=$1
  down
  ip netns add "$NS"
  ip link add "$CLIENT_IF" type veth peer name "$CLIENT_PORT"
  ip link set "$CLIENT_IF" netns "$NS"
  ip link add "$RELAY_IF" type veth peer name "$RELAY_PORT"
  for port in "$CLIENT_PORT" "$RELAY_PORT"; do
    sysctl -qw "net.ipv6.conf.$port.disable_ipv6=1"
    quiet_offloads "$port"
    ip link set "$port" up
  done
  quiet_offloads "$RELAY_IF"
  ip addr add "$RELAY_ADDR/24" dev "$RELAY_IF"
  ip link set "$RELAY_IF" up
  ip netns exec "$NS" ethtool -K "$CLIENT_IF" tx off tso off gso off gro off >/dev/null 2>&1 || true
  ip -n "$NS" addr add "$CLIENT_ADDR/24" dev "$CLIENT_IF"
  ip -n "$NS" link set "$CLIENT_IF" up
  ip -n "$NS" link set lo up
  ip netns exec "$NS" nft -f - <<NFT
table inet parley_loss {
  chain inbound { type filter hook input priority 0; policy accept; }
  chain outbound { type filter hook output priority 0; policy accept; }
}
NFT
  python3 -u "$HERE/delay-bridge.py" "$CLIENT_PORT" "$RELAY_PORT" "$delay_ms" >/run/parley-loss-bridge.log 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 50); do
    grep -q ready /run/parley-loss-bridge.log 2>/dev/null && return 0
    sleep 0.1
  done
  echo "the delay bridge did not start: $(cat /run/parley-loss-bridge.log)" >&2
  return 1
}

loss() {
  local percent=$1
  ip netns exec "$NS" nft flush chain inet parley_loss inbound
  ip netns exec "$NS" nft flush chain inet parley_loss outbound
  # The first rule of each chain counts what comes by, the second drops PERCENT % of it.
  ip netns exec "$NS" nft add rule inet parley_loss inbound iifname "$CLIENT_IF" counter
  ip netns exec "$NS" nft add rule inet parley_loss outbound oifname "$CLIENT_IF" counter
  if ((percent > 0)); then
    ip netns exec "$NS" nft add rule inet parley_loss inbound iifname "$CLIENT_IF" numgen random mod 100 '<' "$percent" counter drop
    ip netns exec "$NS" nft add rule inet parley_loss outbound oifname "$CLIENT_IF" numgen random mod 100 '<' "$percent" counter drop
  fi
}

# Packets since `loss`, "seen dropped" into the client, then the same out of it.
counts() {
  local chain
  for chain in inbound outbound; do
    ip netns exec "$NS" nft list chain inet parley_loss "$chain" |
      grep -o 'packets [0-9]*' | awk '{ printf "%s ", $2 } END { if (NR < 2) printf "0 " }'
  done
  echo
}

case ${1:-} in
  up) up "${2:?delay in ms}" ;;
  loss) loss "${2:?percent}" ;;
  counts) counts ;;
  down) down ;;
  addresses) echo "$NS $CLIENT_ADDR $RELAY_ADDR" ;;
  *) echo "usage: net.sh up DELAY_MS | loss PERCENT | counts | down | addresses" >&2; exit 2 ;;
esac
