#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the main job: restore, build, then validate the samples.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://dotnet.microsoft.com/download); 'dotnet' is not on PATH." >&2
  exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet restore Patchworks.Lsp.sln
dotnet build Patchworks.Lsp.sln -c Release --no-restore
dotnet run --project server/Patchworks.Cli -c Release --no-build -- validate samples
