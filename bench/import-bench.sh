#!/usr/bin/env bash
# Import speed benchmark (issue 16, item 7): an OpenAPI document of about 1 MB and a few hundred operations,
# imported end to end through the CLI (process start, read, detect, parse, build, write), 3 runs.
# Prints size, operations, endpoints, wall time, CPU time (user + system: steadier than wall time on a busy machine)
# and peak memory (max RSS) of each run. Not a test: target < 2 s.
#
#   bench/import-bench.sh                 # a generated 1 MB OpenAPI 3.0 JSON document (bench/out/openapi-1mb.json)
#   bench/import-bench.sh FILE [FILE...]  # real documents instead (JSON or YAML)
#   RUNS=5 NO_BUILD=1 bench/import-bench.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
runs="${RUNS:-3}"
mkdir -p "$here/out"

if [[ -z "${NO_BUILD:-}" ]]; then
  dotnet build "$repo/server/Patchworks.Cli" -c Release -v q -nologo 2>&1 | grep -E " error |rror\(s\)" || true
fi
cli="$(ls "$repo"/server/Patchworks.Cli/bin/Release/*/patchworks.dll | head -1)"

inputs=("$@")
if [[ ${#inputs[@]} -eq 0 ]]; then
  generated="$here/out/openapi-1mb.json"
  if [[ ! -f "$generated" ]]; then
    python3 "$here/gen-openapi.py" --bytes 1000000 > "$generated"
  fi
  inputs=("$generated")
fi

printf '%-40s %10s %6s %9s %3s %9s %8s %10s\n' document bytes ops endpoints run wall_s cpu_s peak_MB
for input in "${inputs[@]}"; do
  size=$(wc -c < "$input")
  for run in $(seq 1 "$runs"); do
    out="$(mktemp -d)"
    report="$out/report.json"
    timing="$out/time.txt"
    /usr/bin/time -f "%e %M %U %S" -o "$timing" dotnet "$cli" import "$input" --into "$out/connector" --report-format json > "$report" 2> "$out/stderr.txt" || {
      echo "import failed: $(tail -3 "$out/stderr.txt")" >&2; rm -rf "$out"; exit 1; }
    read -r wall rss user sys < <(tail -1 "$timing")
    ops=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["requests"], r["endpoints"])' "$report")
    printf '%-40s %10s %6s %9s %3s %9s %8.2f %10.1f\n' "$(basename "$input")" "$size" ${ops% *} ${ops#* } "$run" "$wall" "$(echo "$user + $sys" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
    rm -rf "$out"
  done
done
