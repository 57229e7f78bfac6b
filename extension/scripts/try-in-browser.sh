#!/usr/bin/env bash
# Runs the whole toolkit in a browser-hosted VS Code with the samples open, against the local test APIs:
#   1. installs code-server (Node 24) once into the e2e cache, builds the extension and its VSIX, and the server;
#   2. starts the test APIs (tests/Patchworks.TestApi) on 127.0.0.1:$API_PORT, which stand in for every
#      sample's real API, and gives the sample instances the test credentials they accept (environment only);
#   3. starts code-server on http://127.0.0.1:$PORT/ with a copy of samples/ and the runner pointed at the APIs.
# Open the address it prints in a browser, open a connector, pick an instance in the status bar and click
# "Send request" above an endpoint. Ctrl+C stops everything.
# Usage: extension/scripts/try-in-browser.sh [PORT (default 8080)] [API_PORT (default 8443)]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:-8080}
API_PORT=${2:-8443}
extension=$(pwd)
repo=$(cd .. && pwd)
try="$repo/artifacts/try"

bash test/e2e/install.sh
node test/e2e/prepare.mjs
eval "$(node --input-type=module -e "
  import * as p from './test/e2e/paths.mjs';
  console.log('node24=' + JSON.stringify(p.node24) + ' codeServer=' + JSON.stringify(p.codeServerBin) +
    ' extensions=' + JSON.stringify(p.extensionsDir) + ' server=' + JSON.stringify(p.serverPath));")"

rm -rf "$try" && mkdir -p "$try/ws" "$try/user-data/User" "$try/xdg-config" "$try/xdg-data" "$try/tmp"
cp -r "$repo/samples" "$try/ws/samples"
cp -r "$repo/schemas" "$try/ws/schemas"

dotnet build "$repo/tests/Patchworks.TestApi" -c Release >/dev/null
dotnet run --project "$repo/tests/Patchworks.TestApi" -c Release --no-build -- \
  --port "$API_PORT" --ca-out "$try/test-api-ca.pem" --env-out "$try/test-api-env.sh" > "$try/test-api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null; [ -n "${cs:-}" ] && kill -- -$cs 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 120); do [ -s "$try/test-api-env.sh" ] && break; sleep 0.5; done
[ -s "$try/test-api-env.sh" ] || { echo "the test APIs did not start; see $try/test-api.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$try/test-api-env.sh"

cat > "$try/user-data/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "patchworks.server.path": "$server",
  "patchworks.runner.connectTo": ["*:443:127.0.0.1:$API_PORT"],
  "patchworks.runner.trustedCertificates": "$try/test-api-ca.pem",
  "patchworks.publish.apiUrl": "https://core-documented.patchworks.test/api/v1"
}
JSON
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$try/config.yaml"

echo
echo "Patchworks in a browser-hosted VS Code: http://127.0.0.1:$PORT/?folder=$try/ws"
echo "(test APIs on 127.0.0.1:$API_PORT; Ctrl+C stops everything)"
PATH="$(dirname "$node24"):$PATH" EXTENSIONS_GALLERY='{}' XDG_CONFIG_HOME="$try/xdg-config" XDG_DATA_HOME="$try/xdg-data" TMPDIR="$try/tmp" \
  setsid "$node24" "$codeServer" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --ignore-last-opened \
  --user-data-dir "$try/user-data" --extensions-dir "$extensions" --config "$try/config.yaml" "$try/ws" > "$try/code-server.log" 2>&1 &
cs=$!
wait $cs
