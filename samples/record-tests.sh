#!/usr/bin/env bash
# Re-records the samples' connector tests (samples/*/*.tests.json) against the project's test APIs
# (tests/Patchworks.TestApi: stand-ins of each sample's API on 127.0.0.1, certificates for the real host names),
# writing samples/<sample>/recordings/<endpoint>/<case>.json with every secret replaced by a stand-in. The README's
# test command replays them (patchworks test samples --replay). Run it after changing a sample's requests or its
# tests; review the recordings' diff before committing. Needs the .NET SDK (./setup.sh).
#
#   samples/record-tests.sh                 # every sample
#   samples/record-tests.sh samples/shopify # one sample (any paths patchworks test takes)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Patchworks.TestApi -c Release -v quiet -nologo >/dev/null
dotnet build server/Patchworks.Cli -c Release -v quiet -nologo >/dev/null

work=$(mktemp -d)
trap 'kill "$api" 2>/dev/null || true; wait "$api" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
# The test APIs write their root certificate and the credentials they accept (public test constants).
dotnet tests/Patchworks.TestApi/bin/Release/net10.0/Patchworks.TestApi.dll --port "$port" --ca-out "$work/ca.pem" --env-out "$work/env.sh" >"$work/api.log" 2>&1 &
api=$!
for _ in $(seq 1 100); do
  [ -s "$work/env.sh" ] && grep -q "test APIs on" "$work/api.log" && break
  kill -0 "$api" 2>/dev/null || { cat "$work/api.log"; exit 1; }
  sleep 0.2
done
# shellcheck disable=SC1091
. "$work/env.sh"
dotnet server/Patchworks.Cli/bin/Release/net10.0/patchworks.dll test "${@:-samples}" --record \
  --connect-to "*:443:127.0.0.1:$port" --ca-cert "$work/ca.pem"
