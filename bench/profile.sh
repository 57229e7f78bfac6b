#!/usr/bin/env bash
# bench/profile.sh [FILE] [SECONDS]
# CPU profile of create + analyze back to back (the benchmark's --loop mode) with perf (Debian: linux-perf).
# FILE defaults to the generated 1 MB connector (run the benchmark once first to make it); SECONDS to 10.
# Writes bench/out/perf/perf.data and report.txt, and prints the time by component and the top methods.
# The runtime's own code (libcoreclr: the GC and allocation helpers) has no symbols here: it shows as one line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
file=${1:-$root/bench/out/shopify/gen-1000000.connector.json}
seconds=${2:-10}
command -v perf >/dev/null || { echo "profile.sh: perf is not installed (apt-get install linux-perf)" >&2; exit 2; }
[ -f "$file" ] || { echo "profile.sh: no such file: $file (run the benchmark once to generate it)" >&2; exit 2; }
dotnet build -c Release "$root/bench/Patchworks.Bench" -v q -nologo >/dev/null
exe=$root/bench/Patchworks.Bench/bin/Release/net10.0/Patchworks.Bench
out=$root/bench/out/perf
mkdir -p "$out"
# Perf maps name the JIT-compiled methods; W^X off so that their addresses are the ones executed.
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  perf record -F 999 -g -o "$out/perf.data" -- "$exe" --loop "$seconds" --input "$file"
perf report -i "$out/perf.data" --no-children -g none --sort dso,sym --stdio 2>/dev/null | grep '%' > "$out/report.txt"
echo
echo "== time by component (whole process, warm-up and start-up included) =="
awk '{
  pct = $1; sub(/%/, "", pct)
  line = $0
  if (line ~ /\[JIT\]/) {
    # the owner of the method, after "[Patchworks.Core] " (what comes before it is the return type)
    if (match(line, /\[Patchworks\.Core\] Patchworks\.Core\.[A-Za-z]+\.[A-Za-z]+/)) key = substr(line, RSTART + 18, RLENGTH - 18)
    else if (line ~ /System\./) key = "BCL (managed)"
    else key = "other JIT code, stubs"
  } else if (line ~ /kernel/) key = "kernel (file system calls, page faults)"
  else { key = $2 }
  sum[key] += pct
} END { for (k in sum) printf "%6.2f%%  %s\n", sum[k], k }' "$out/report.txt" | sort -rn | head -25
echo
echo "== top symbols =="
head -30 "$out/report.txt" | cut -c1-200
