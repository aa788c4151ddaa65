#!/usr/bin/env bash
# Times `dotnet-pprof leaks` on twelve copies of one profile (the leak finder's target: twelve copies of the
# 1,000,000-sample huge.heap.pb.gz in under 6 s and 1 GB on the 2-core development machine). Prints wall time,
# CPU time and peak resident set size of three runs.
#   bench/leaks.sh [PROFILE] [COPIES]      default: ../shared/bench/huge.heap.pb.gz, 12
# The copies share one time, so the series is taken in the order given (-by_order).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
profile=${1:-$root/../shared/bench/huge.heap.pb.gz}
copies=${2:-12}
[ -f "$profile" ] || { echo "leaks.sh: $profile: no such profile" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "leaks.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "Publishing dotnet-pprof (Release)..." >&2
dotnet publish "$root/src/dotnet-pprof" -c Release -o "$out/bin" >/dev/null
mkdir "$out/series"
for i in $(seq -w 1 "$copies"); do cp "$profile" "$out/series/copy.$i.pb.gz"; done

echo "Profile: $profile ($(du -h "$profile" | cut -f1)) x $copies; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %10s %10s %11s\n' run wall cpu "peak RSS"
"$out/bin/dotnet-pprof" leaks -by_order "$out/series/"*.pb.gz > /dev/null   # warm the page cache
for run in 1 2 3; do
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$out/bin/dotnet-pprof" leaks -by_order "$out/series/"*.pb.gz > "$out/report.txt"
  read -r wall user sys kb < "$out/time"
  printf '%-6s %8.2f s %8.2f s %8d MB\n' "$run" "$wall" "$(echo "$user + $sys" | bc)" $((kb / 1024))
done
