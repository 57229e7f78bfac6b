#!/usr/bin/env bash
# Runs the end-to-end scenarios (extension/test/e2e/*.e2e.mjs) in a real VS Code: installs the tools into the
# cache if missing (test/e2e/install.sh), builds the extension, its VSIX and the language server once
# (test/e2e/prepare.mjs), then runs the scenarios one file at a time with node's test runner.
#   extension/scripts/e2e-test.sh                          every scenario
#   extension/scripts/e2e-test.sh test/e2e/hover.e2e.mjs   some (paths relative to extension/)
# Extra node --test options go in E2E_NODE_TEST_ARGS (for example "--test-reporter=tap").
# PATCHWORKS_E2E_PORT sets code-server's port (default 18200) when several runs share a machine.
# Screenshots: artifacts/e2e/<scenario>/NN-step.png at the repo root.
set -euo pipefail
cd "$(dirname "$0")/.."

bash test/e2e/install.sh
node test/e2e/prepare.mjs

if [ "$#" -eq 0 ]; then
  set -- test/e2e/*.e2e.mjs
fi
# shellcheck disable=SC2086 # E2E_NODE_TEST_ARGS is a list of options
exec node --test --test-concurrency=1 ${E2E_NODE_TEST_ARGS:-} "$@"
