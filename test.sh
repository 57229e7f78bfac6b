#!/usr/bin/env bash
# Runs every test suite and prints the total as "N passed, N failed[, N skipped]".
# Exits non-zero when any test fails or a suite cannot run.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet build Patchworks.Lsp.sln -c Release || status=$?
if [ "$status" -eq 0 ]; then
  dotnet test Patchworks.Lsp.sln -c Release --no-build --logger "trx" --results-directory "$results" || status=$?
fi

# Sum the counters of every suite's TRX report.
passed=0 failed=0 skipped=0 suites=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
  suites=$((suites + 1))
done

if [ "$suites" -eq 0 ] && [ "$status" -ne 0 ]; then
  failed=$((failed + 1)) # the build failed before any suite ran
fi
echo "test suites run: $suites"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
