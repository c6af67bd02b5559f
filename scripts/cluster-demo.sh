#!/usr/bin/env bash
# A three-silo ShardML cluster on this machine: a local redis-server as the membership store, three silos on free
# loopback ports with mutual TLS that read data only under samples/, a K-means and a linear-regression job run against
# them, a masked linear regression, `cluster status` and `cluster audit`. Everything it starts is stopped when it
# exits, even on Ctrl-C. Needs redis-server (apt-get install redis-server).
set -euo pipefail
cd "$(dirname "$0")/.."

# A port nothing listens on and this script has not picked yet (a silo refuses a port in use, so none is assumed free).
picked=()
free_port() {
  local port
  while true; do
    port=$(( 20000 + RANDOM % 30000 ))
    [[ " ${picked[*]} " == *" $port "* ]] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # something answers there
    picked+=("$port")
    echo "$port"
    return
  done
}

REDIS_PORT=${REDIS_PORT:-$(free_port)}
work=$(mktemp -d -t shardml-demo-XXXXXX)
silos=()
redis=""
cleanup() {
  # The silos first, while the membership store is there for them to leave through; then redis-server.
  echo "== stopping the silos and redis-server"
  for pid in "${silos[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${silos[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$redis" ]]; then kill -TERM "$redis" 2>/dev/null || true; wait "$redis" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v redis-server >/dev/null || { echo "redis-server is not installed: apt-get install redis-server" >&2; exit 1; }
echo "== building shardml"
dotnet build src/ShardML.Cli -c Release -v quiet -nologo >/dev/null
dll=src/ShardML.Cli/bin/Release/net10.0/shardml.dll
shardml() { dotnet "$dll" "$@"; }

echo "== redis-server on 127.0.0.1:$REDIS_PORT (membership store)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
redis=$!
membership="redis://127.0.0.1:$REDIS_PORT"

echo "== certificates: a cluster CA, one certificate per silo and one for the client, in $work/certs"
shardml cert create-ca --out "$work/certs" 2>/dev/null
for name in silo1 silo2 silo3; do shardml cert issue --ca "$work/certs" --name "$name" --role silo --host 127.0.0.1 2>/dev/null; done
shardml cert issue --ca "$work/certs" --name client --role client 2>/dev/null
# Who may do what, by certificate name: the demo's client is an admin (it reads the audit trail at the end).
echo '{"grants": {"client": "admin"}}' >"$work/access.json"

for i in 1 2 3; do
  silo_port=$(free_port); gateway_port=$(free_port)
  echo "== silo$i: silo port $silo_port, gateway port $gateway_port, data only under samples/ (log: $work/silo$i.log)"
  # dotnet itself in the background, not the shardml function (a subshell): $! must be the silo's own pid.
  dotnet "$dll" silo --membership "$membership" --name "silo$i" --advertise 127.0.0.1 \
    --silo-port "$silo_port" --gateway-port "$gateway_port" --certs "$work/certs" --cert-name "silo$i" \
    --data-root "$PWD/samples" --access "$work/access.json" --json \
    >"$work/silo$i.ready" 2>"$work/silo$i.log" &
  silos+=($!)
done
for i in 1 2 3; do
  for _ in $(seq 1 600); do grep -q '"ready"' "$work/silo$i.ready" 2>/dev/null && break; sleep 0.1; done
  grep -q '"ready"' "$work/silo$i.ready" || { echo "silo$i did not start:" >&2; cat "$work/silo$i.log" >&2; exit 1; }
done

client=(--cluster "$membership" --certs "$work/certs")
echo "== K-means on the cluster"
shardml train kmeans --data samples/blobs.csv --k 4 --label species --out "$work/kmeans.json" "${client[@]}"
echo "== linear regression (gradient descent) on the cluster"
shardml train linreg --data samples/housing.csv --solver gd --standardize --learning-rate 0.5 --out "$work/linreg.json" "${client[@]}"
echo "== evaluate the regression on the cluster"
shardml evaluate --model "$work/linreg.json" --data samples/housing.csv "${client[@]}"
echo "== linear regression under secure aggregation: each silo sends one masked vector, the driver learns the totals"
shardml train linreg --data samples/housing.csv --solver gd --standardize --learning-rate 0.5 --secure-aggregation masking "${client[@]}"
echo "== a file outside the silos' data roots is refused (exit 6)"
shardml train linreg --data /etc/hostname "${client[@]}" || echo "(refused with exit code $?)"
echo "== cluster status"
shardml cluster status "${client[@]}"
echo "== cluster audit"
shardml cluster audit "${client[@]}"
