#!/usr/bin/env bash
# Workspace scale (issue 20, item 3): the language server on a workspace of 500 connectors and 2,000 instances (the
# samples copied round-robin by bench/gen-workspace.mjs), and `patchworks validate` of the same folder, in one run.
# Usage: bench/workspace-bench.sh [runs]   (RUNS=5 also works; default 3). Regenerate with REGENERATE=1.
# BASELINE=/path/to/other/Patchworks.LanguageServer interleaves each run with that build (publish it from a `git archive`
# of the commit to compare, as bench/README.md shows).
# Writes bench/out/workspace/results.json and prints a Markdown table of min/median/max over the runs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-${RUNS:-3}}
workspace="$repo/bench/out/workspace"
out="$repo/bench/out/lsp"

# The server as users get it: ReadyToRun. The CLI as built by Release.
dotnet publish "$repo/server/Patchworks.LanguageServer" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$out/server" >/dev/null
dotnet build "$repo/server/Patchworks.Cli" -c Release >/dev/null
cli=$(ls "$repo"/server/Patchworks.Cli/bin/Release/net*/patchworks | head -1)

if [ "${REGENERATE:-0}" = 1 ] || [ ! -f "$workspace/c500/$(ls "$workspace/c500" 2>/dev/null | grep -m1 '\.connector\.json$' || echo missing)" ]; then
  node "$repo/bench/gen-workspace.mjs" --connectors 500 --instances-per-connector 4 --out "$workspace"
fi

node "$repo/bench/workspace-bench.mjs" --server "$out/server/Patchworks.LanguageServer" --cli "$cli" \
  --workspace "$workspace" --runs "$runs" --json "$workspace/results.json" ${LABEL:+--label "$LABEL"} ${BASELINE:+--baseline "$BASELINE"}
