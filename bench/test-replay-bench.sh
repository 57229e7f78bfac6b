#!/usr/bin/env bash
# CLI replay benchmark (issue 17, item 8): replaying 100 recorded cases of 10 pages each takes under 5 s through
# the CLI. Generates a connector with two paginated endpoints, a tests file of --cases cases and a recording of
# --pages pages for each (recorded by bench/Patchworks.ReplayBench --write-suite against a local stand-in API that
# is stopped before the replay), then times `patchworks test DIR --replay` end to end: the real CLI process (process
# start, reading and checking the files, every case through the runner and its expectations, the report), --runs
# times. Prints each run's wall time, CPU time (user + system) and peak memory (max RSS), then min/median wall time
# and cases a second. Fails when a replay does not pass every case; never fails on the figures.
#
#   bench/test-replay-bench.sh                          # 100 cases, 10 pages, 3 runs
#   bench/test-replay-bench.sh --cases 200 --pages 20 --runs 5
#   NO_BUILD=1 bench/test-replay-bench.sh               # use the CLI as already built (Release)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cases=100
pages=10
runs="${RUNS:-3}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cases) cases="$2"; shift 2 ;;
    --pages) pages="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--cases N] [--pages N] [--runs N]" >&2; exit 2 ;;
  esac
done
suite="$here/out/test-replay"
mkdir -p "$here/out"

if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build "$repo/server/Patchworks.Cli" -c Release -v q -nologo 2>&1 | grep -E " error |rror\(s\)" || true
fi
cli="$(ls "$repo"/server/Patchworks.Cli/bin/Release/*/patchworks.dll | head -1)"

rm -rf "$suite"
dotnet run -c Release --project "$here/Patchworks.ReplayBench" -- --write-suite "$suite" --cases "$cases" --pages "$pages"

printf '%3s %6s %6s %8s %8s %8s %9s\n' run cases pages wall_s cpu_s peak_MB cases/s
walls=()
for run in $(seq 1 "$runs"); do
  report="$suite/report-$run.json"
  timing="$suite/time-$run.txt"
  status=0
  # No network is needed: every request is answered from the recordings (nothing listens on bench.test).
  (cd "$suite" && /usr/bin/time -f "%e %M %U %S" -o "$timing" dotnet "$cli" test . --replay --quiet --reporter json --out "$report" > "$suite/stdout-$run.txt" 2> "$suite/stderr-$run.txt") || status=$?
  if [[ $status -ne 0 ]]; then
    echo "run $run: patchworks test exited $status" >&2
    tail -20 "$suite/stdout-$run.txt" "$suite/stderr-$run.txt" >&2
    exit 1
  fi
  read -r passed failed replayed < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["passed"], r["failed"], sum(c["pages"] for c in r["cases"]))' "$report")
  if [[ "$passed" -ne "$cases" || "$failed" -ne 0 ]]; then
    echo "run $run: $passed passed, $failed failed of $cases cases" >&2
    exit 1
  fi
  read -r wall rss user sys < <(tail -1 "$timing")
  walls+=("$wall")
  printf '%3s %6s %6s %8s %8.2f %8.1f %9.1f\n' "$run" "$passed" "$replayed" "$wall" "$(echo "$user + $sys" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$(echo "$cases / $wall" | bc -l)"
done
read -r min median < <(printf '%s\n' "${walls[@]}" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print v[1], m }')
printf 'wall time: min %s s, median %s s (%s cases of %s pages; target under 5 s); %.1f cases/s at the median\n' "$min" "$median" "$cases" "$pages" "$(echo "$cases / $median" | bc -l)"
