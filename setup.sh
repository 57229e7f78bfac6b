#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the main job: restore, build, then validate the samples.
# Debian's rabbitmq-server for the event connector tests (apt-get when missing; its system service is not started:
# the tests start throw-away nodes of their own).
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

# RabbitMQ for tests/Patchworks.Events.Tests (throw-away nodes on free ports). Debian's postinst starts the system
# service; a temporary policy-rc.d that answers 101 ("action forbidden") keeps it stopped, and is removed again
# unless the machine had one before.
if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || { echo "setup: needs root (or sudo) to apt-get install rabbitmq-server" >&2; exit 2; }
      sudo=sudo
    fi
    echo "setup: apt-get install rabbitmq-server (without starting its service)" >&2
    policy_added=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
      $sudo chmod 755 /usr/sbin/policy-rc.d
      policy_added=1
      trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    # Another helper's apt-get may hold the dpkg lock: wait for it rather than fail.
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q rabbitmq-server >/dev/null
    if [ -n "$policy_added" ]; then
      $sudo rm -f /usr/sbin/policy-rc.d
      trap - EXIT
    fi
  else
    echo "setup: rabbitmq-server is missing and apt-get is not available; the event connector tests need it (/usr/lib/rabbitmq/bin/rabbitmq-server)" >&2
  fi
fi

dotnet restore Patchworks.Lsp.sln
dotnet build Patchworks.Lsp.sln -c Release --no-restore
dotnet run --project server/Patchworks.Cli -c Release --no-build -- validate samples

(cd extension && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
bash extension/test/e2e/install.sh
