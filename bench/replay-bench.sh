#!/usr/bin/env bash
# Replay speed benchmark (issue 17, item 8): 100 recorded cases of 10 pages each replayed through the core
# (prepare, run, complete; no network), after one cold round. Target through the CLI once `patchworks test`
# exists: under 5 s for all 100. Not a test.
#
#   bench/replay-bench.sh                       # 100 cases, 10 pages, 3 timed rounds
#   bench/replay-bench.sh --cases 200 --pages 20 --rounds 5
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dotnet run -c Release --project "$here/Patchworks.ReplayBench" -- "$@"
