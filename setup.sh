#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the main job: restore, build, then validate the samples.
# Then the VS Code extension: its npm packages and build, and what its end-to-end tests need (Debian's chromium
# and libkrb5-dev via apt-get when missing, Node 24, code-server, playwright-core and vsce from npm), installed
# once into ~/.cache/patchworks-e2e (or $PATCHWORKS_E2E_CACHE) by extension/test/e2e/install.sh.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://dotnet.microsoft.com/download); 'dotnet' is not on PATH." >&2
  exit 2
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: Node.js 20 or later with npm is required for the VS Code extension; 'npm' is not on PATH." >&2
  exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet restore Patchworks.Lsp.sln
dotnet build Patchworks.Lsp.sln -c Release --no-restore
dotnet run --project server/Patchworks.Cli -c Release --no-build -- validate samples

(cd extension && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
bash extension/test/e2e/install.sh
