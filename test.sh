#!/usr/bin/env bash
# Runs every test suite and prints the total as "N passed, N failed[, N skipped]":
#   the .NET suites (TRX reports), the samples' connector tests replayed (JUnit), then in extension/: the typecheck (one test), the lint (one test), the unit tests and the
#   end-to-end scenarios in a real VS Code (node's test runner summaries).
# Exits non-zero when any test fails or a suite cannot run (a build or typecheck failure counts as a failed test).
# Needs what ./setup.sh installs (the extension's npm packages, Node 24, code-server, Chromium).
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

# node_suite NAME LOG EXIT: adds a node --test run's summary ("# pass N" with tap, "ℹ pass N" with spec) to the
# totals. A run that failed without printing a summary (it could not build or start) counts as one failure.
node_suite() {
  local name="$1" log="$2" exit_code="$3" summary
  summary=$(grep -E '^(# |ℹ )(pass|fail|cancelled|skipped|todo) [0-9]+$' "$log" | sed -E 's/^(# |ℹ )//' || true)
  count() { echo "$summary" | awk -v key="$1" '$1 == key { n += $2 } END { print n + 0 }'; }
  if [ -z "$summary" ]; then
    [ "$exit_code" -ne 0 ] && { failed=$((failed + 1)); echo "$name: failed before its tests ran (exit $exit_code)"; }
  else
    passed=$((passed + $(count pass)))
    failed=$((failed + $(count fail) + $(count cancelled)))
    skipped=$((skipped + $(count skipped) + $(count todo)))
    [ "$exit_code" -ne 0 ] && [ "$(count fail)" -eq 0 ] && [ "$(count cancelled)" -eq 0 ] && failed=$((failed + 1))
  fi
  [ "$exit_code" -eq 0 ] || status=1
  suites=$((suites + 1))
}

# The samples' connector tests, replayed from their recordings (no network, no credentials): the CI use of
# `patchworks test` that docs/testing.md describes. JUnit's counters join the totals; a run that wrote no report
# (it could not start) counts as one failure.
echo "--- samples: patchworks test samples --replay"
rc=0
junit="$results/samples-tests.junit.xml"
dotnet server/Patchworks.Cli/bin/Release/net10.0/patchworks.dll test samples --replay --quiet --reporter junit --out "$junit" || rc=$?
if [ -s "$junit" ]; then
  totals=$(grep -o '<testsuites [^>]*>' "$junit" | head -n 1)
  attribute() { echo "$totals" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  sample_failed=$(( $(attribute failures) + $(attribute errors) ))
  passed=$((passed + $(attribute tests) - sample_failed))
  failed=$((failed + sample_failed))
  [ "$rc" -ne 0 ] && [ "$sample_failed" -eq 0 ] && failed=$((failed + 1))
else
  failed=$((failed + 1)); echo "samples: patchworks test wrote no report (exit $rc)"
fi
[ "$rc" -eq 0 ] || status=1
suites=$((suites + 1))

# The VS Code extension.
echo "--- extension: typecheck"
if (cd extension && npm run --silent typecheck); then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi

echo "--- extension: lint (the folder rule of docs/architecture.md)"
if (cd extension && npm run --silent lint); then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); status=1
fi

echo "--- extension: unit tests"
if ls extension/test/unit/*.test.ts >/dev/null 2>&1; then
  rc=0
  (cd extension && npm run --silent test:unit) 2>&1 | tee "$results/extension-unit.log" || rc=$?
  node_suite "extension unit tests" "$results/extension-unit.log" "$rc"
else
  echo "extension unit tests: none in extension/test/unit yet (counted as 1 skipped)"
  skipped=$((skipped + 1))
fi

echo "--- extension: end-to-end scenarios in a real VS Code (code-server + Chromium)"
rc=0
E2E_NODE_TEST_ARGS="--test-reporter=spec" extension/scripts/e2e-test.sh 2>&1 | tee "$results/extension-e2e.log" || rc=$?
node_suite "extension end-to-end scenarios" "$results/extension-e2e.log" "$rc"

echo "test suites run: $suites"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
