#!/usr/bin/env bash
# Times `go tool pprof -top` against `dotnet-pprof -top` on one profile, in the same run, and prints both
# wall times, their ratio and both peak resident set sizes.
#   bench/compare.sh [PROFILE]      default: ../shared/bench/huge.heap.pb.gz (1,000,000 samples)
# Needs Go for the comparison (apt-get install golang-go); without it only dotnet-pprof is measured.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
profile=${1:-$root/../shared/bench/huge.heap.pb.gz}
[ -f "$profile" ] || { echo "compare.sh: $profile: no such profile" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "Publishing dotnet-pprof (Release)..." >&2
dotnet publish "$root/src/dotnet-pprof" -c Release -o "$out/bin" >/dev/null

# GNU time's %e is wall seconds, %M peak RSS in KB; the report itself goes to a file.
measure() {
  local name=$1; shift
  TZ=UTC /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" > "$out/$name.txt" 2> "$out/$name.err" \
    || { echo "$name failed:" >&2; cat "$out/$name.err" >&2; exit 1; }
  read -r seconds kb < "$out/$name.time"
  printf '%-14s %8.2f s %8d MB\n' "$name" "$seconds" $((kb / 1024))
  eval "${name//-/_}_s=$seconds"
}

[ -x /usr/bin/time ] || { echo "compare.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
echo "Profile: $profile ($(du -h "$profile" | cut -f1))"
printf '%-14s %10s %11s\n' tool wall "peak RSS"
# One warm-up run so that both tools read the file from the page cache.
"$out/bin/dotnet-pprof" -top "$profile" > /dev/null
measure dotnet-pprof "$out/bin/dotnet-pprof" -top "$profile"
if command -v go > /dev/null; then
  measure go-pprof go tool pprof -top "$profile"
  if diff -q "$out/dotnet-pprof.txt" "$out/go-pprof.txt" > /dev/null; then
    echo "Reports: identical"
  else
    echo "Reports: DIFFER"; diff "$out/go-pprof.txt" "$out/dotnet-pprof.txt" | head -20
  fi
  awk -v g="$go_pprof_s" -v d="$dotnet_pprof_s" 'BEGIN { printf "Speed-up: %.1fx\n", g / d }'
else
  echo "go not found: install golang-go to compare"
fi
