#!/usr/bin/env bash
# Times dotnet-pprof against go tool pprof and zcat, side by side in the same run:
#   1. `-top` on a large profile (default ../shared/bench/huge.heap.pb.gz, 1,000,000 samples): wall time and peak
#      RSS of both tools and of `zcat` decompressing the same file, the ratio of dotnet-pprof to zcat (target: at
#      most 2x) and the speed-up over Go; the two reports must be identical.
#   2. `-top` on a small profile (testdata/go/gobmap.heap.4.pb.gz), where start-up is all: mean wall time of many
#      runs of each tool (target: no slower than Go).
#   bench/compare.sh [PROFILE] [SMALL_PROFILE]     RUNS=5 (large), SMALL_RUNS=40
# dotnet-pprof is published as users publish it for a machine: native AOT (dotnet publish -r RID; needs clang);
# DOTNET_PPROF=path/to/dotnet-pprof measures an executable published before instead.
# Needs GNU time (apt-get install time); Go for the comparison (apt-get install golang-go).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
profile=${1:-$root/../shared/bench/huge.heap.pb.gz}
small=${2:-$root/testdata/go/gobmap.heap.4.pb.gz}
runs=${RUNS:-5}
small_runs=${SMALL_RUNS:-40}
for f in "$profile" "$small"; do
  [ -f "$f" ] || { echo "compare.sh: $f: no such profile" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "compare.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
[ -n "${DOTNET_PPROF:-}" ] || command -v clang > /dev/null \
  || { echo "compare.sh: native AOT needs clang (apt-get install clang)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

pprof=${DOTNET_PPROF:-}
if [ -z "$pprof" ]; then
  rid=linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
  echo "Publishing dotnet-pprof (Release, native AOT, $rid)..." >&2
  dotnet publish "$root/src/dotnet-pprof" -c Release -r "$rid" -o "$out/bin" > "$out/publish.log" \
    || { cat "$out/publish.log" >&2; exit 1; }
  pprof=$out/bin/dotnet-pprof
fi
have_go=false
command -v go > /dev/null && have_go=true

# measure NAME RUNS COMMAND...: runs COMMAND (output to a file) RUNS times after one warm-up run; sets
# NAME_s (median wall seconds) and NAME_mb (peak RSS of the median run, MB).
measure() {
  local name=$1 n=$2; shift 2
  "$@" > "$out/$name.txt" 2> "$out/$name.err" || { echo "$name failed:" >&2; cat "$out/$name.err" >&2; exit 1; }
  : > "$out/$name.times"
  for ((i = 0; i < n; i++)); do
    TZ=UTC /usr/bin/time -f "%e %M" -a -o "$out/$name.times" "$@" > "$out/$name.txt" 2> /dev/null
  done
  read -r seconds kb < <(sort -n "$out/$name.times" | sed -n "$(((n + 1) / 2))p")
  printf -v "${name}_s" '%s' "$seconds"
  printf -v "${name}_mb" '%s' $((kb / 1024))
  printf '%-14s %8.2f s %8d MB   (median of %d)\n' "$name" "$seconds" $((kb / 1024)) "$n"
}

echo "Large profile: $profile ($(du -h "$profile" | cut -f1))"
printf '%-14s %10s %11s\n' tool wall "peak RSS"
measure zcat "$runs" zcat "$profile"
measure dotnet_pprof "$runs" "$pprof" -top "$profile"
awk -v d="$dotnet_pprof_s" -v z="$zcat_s" 'BEGIN { printf "dotnet-pprof / zcat: %.2fx (target: at most 2x)\n", d / z }'
if $have_go; then
  measure go_pprof 1 go tool pprof -top "$profile"
  if diff -q "$out/dotnet_pprof.txt" "$out/go_pprof.txt" > /dev/null; then
    echo "Reports: identical"
  else
    echo "Reports: DIFFER"; diff "$out/go_pprof.txt" "$out/dotnet_pprof.txt" | head -20
  fi
  awk -v g="$go_pprof_s" -v d="$dotnet_pprof_s" 'BEGIN { printf "Speed-up over go tool pprof: %.1fx\n", g / d }'
else
  echo "go not found: install golang-go to compare"
fi

# Small profile: mean wall milliseconds over many runs, the tools interleaved so that a busy moment hits both.
echo
echo "Small profile: $small ($(du -h "$small" | cut -f1)), mean of $small_runs runs each"
# EPOCHREALTIME (bash 5) has microseconds, where GNU time has hundredths of a second.
wall() {
  local start=$EPOCHREALTIME
  "$@" > /dev/null 2>&1
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'
}
mean_ms() {
  awk '{ s += $1; n++ } END { printf "%.1f", 1000 * s / n }' "$1"
}
"$pprof" -top "$small" > /dev/null
: > "$out/small_dotnet.times"
: > "$out/small_go.times"
for ((i = 0; i < small_runs; i++)); do
  wall "$pprof" -top "$small" >> "$out/small_dotnet.times"
  if $have_go; then
    wall go tool pprof -top "$small" >> "$out/small_go.times"
  fi
done
printf '%-14s %8s ms\n' dotnet-pprof "$(mean_ms "$out/small_dotnet.times")"
if $have_go; then
  printf '%-14s %8s ms\n' go-pprof "$(mean_ms "$out/small_go.times")"
  awk -v d="$(mean_ms "$out/small_dotnet.times")" -v g="$(mean_ms "$out/small_go.times")" \
    'BEGIN { printf "dotnet-pprof / go tool pprof: %.2fx (target: at most 1x)\n", d / g }'
fi
