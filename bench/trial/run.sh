#!/usr/bin/env bash
# End-to-end throughput of `trkbsim trial` (issue 17): the issue's command as written, `trkbsim trial --arm fluoxetine
# --arm placebo --n 2000 --weeks 8` (default seed 42), from process start to exit, pictures on.
# Runs it REPEATS times, reports the median subjects/s, the in-process split (start-up, set-up, population, writing,
# pictures; from TRKBSIM_TRIAL_TIMINGS) and the peak RSS (/usr/bin/time -v), and appends a markdown row to --report.
# With --compare PATH a second build runs alternately with the first (A, B, A, B, ...: a machine whose speed drifts
# affects both alike), one row each, then the pairs: how many B runs were faster than the A run before them and the
# medians of the paired wall and population times.
#
#   bench/trial/run.sh [--repeats 5] [--n 2000] [--weeks 8] [--threads N] [--cli PATH] [--label TEXT] [--report FILE]
#                      [--compare PATH [--compare-label TEXT]]
#                      [--arms "fluoxetine|placebo"]   (arms as --arm takes them, '|' between; builds before the
#                      compound-alone form of --arm need "fluoxetine: fluoxetine 20mg oral every 24h|placebo: placebo")
#
# This machine's speed drifts (10-20 % within half an hour on the shared 2-core machine), so the series is framed by a
# probe that does not involve trkbsim: one core hashing 256 MiB (sha256sum), in MB/s, before and after the runs.
#
# Build first: dotnet build TrkbSim.slnx -c Release (the default --cli is the Release build's trkbsim).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
repeats=5 n=2000 weeks=8 threads="" label="" report="" keep="" compare="" compare_label=""
cli="$root/src/TrkbSim.Cli/bin/Release/net10.0/trkbsim"
arms="fluoxetine|placebo"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --n) n="$2"; shift 2 ;;
    --weeks) weeks="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    --arms) arms="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    --report) report="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --compare) compare="$2"; shift 2 ;;
    --compare-label) compare_label="$2"; shift 2 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -x "$cli" ]] || { echo "run.sh: $cli not found; run 'dotnet build TrkbSim.slnx -c Release' first" >&2; exit 2; }
[[ -z "$compare" || -x "$compare" ]] || { echo "run.sh: --compare $compare is not an executable trkbsim" >&2; exit 2; }
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --repeats $repeats: use a whole number of runs, 1 or more" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

IFS='|' read -r -a armlist <<< "$arms"
args=(trial)
for a in "${armlist[@]}"; do args+=(--arm "$a"); done
args+=(--n "$n" --weeks "$weeks")
[[ -n "$threads" ]] && args+=(--threads "$threads")
subjects=$(( n * ${#armlist[@]} ))

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# One run of build $1 (tag $2, run $3): a tab-separated row of figures appended to $work/rows_$2.tsv.
measure() {
  local bin="$1" tag="$2" i="$3" out="$work/out_$2_$3" timings="$work/timings_$2_$3.tsv" timefile="$work/time_$2_$3.txt"
  TRKBSIM_TRIAL_TIMINGS="$timings" /usr/bin/time -v -o "$timefile" "$bin" "${args[@]}" --out "$out" > /dev/null 2> "$work/err.txt" \
    || { cat "$work/err.txt" >&2; exit 1; }
  local wall cpu sys faults rss rate pop
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s }' "$timefile")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$timefile")
  sys=$(awk -F': ' '/System time/ { printf "%.2f", $2 }' "$timefile")
  faults=$(awk -F': ' '/Minor \(reclaiming a frame\) page faults/ { m = $2 } /Major \(requiring I\/O\) page faults/ { j = $2 } END { print m + j }' "$timefile")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$timefile")
  t() { awk -v k="$1" -F'\t' '$1 == k { printf "%.3f", $2 }' "$timings"; }
  rate=$(awk -v s="$subjects" -v w="$wall" 'BEGIN { printf "%.0f", s / w }')
  pop=$(awk -v s="$subjects" -v w="$(t population_s)" 'BEGIN { printf "%.0f", (w > 0 ? s / w : 0) }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$wall" "$cpu" "$rss" "$pop" \
    "$(t startup_s)" "$(t setup_s)" "$(t population_s)" "$(t writing_s)" "$(t pictures_s)" "$(t writer_busy_s)" \
    "$(t jit_s)" "$(t jit_setup_s)" "$(t jit_population_s)" "$(t jit_writing_s)" "$sys" "$faults" >> "$work/rows_$tag.tsv"
  echo "run $i ($tag): $rate subjects/s, wall $wall s, cpu $cpu s (system $sys s, $faults page faults), peak RSS $rss MB, population $pop subjects/s (start-up $(t startup_s) s, set-up $(t setup_s) s, population $(t population_s) s, writing $(t writing_s) s, pictures $(t pictures_s) s; writer busy $(t writer_busy_s) s; JIT $(t jit_s) s, of which set-up $(t jit_setup_s), population $(t jit_population_s), writing $(t jit_writing_s))" >&2
  [[ -n "$keep" && $i -eq 1 && "$tag" == A ]] && { rm -rf "$keep"; cp -r "$out" "$keep"; }
  rm -rf "$out"
}

# One core's speed now: MB/s hashing a 256 MiB file already in the page cache (the best of three).
probe() {
  [[ -f "$work/probe.bin" ]] || head -c 268435456 /dev/zero > "$work/probe.bin"
  local best=0 k t0 t1
  for k in 1 2 3; do
    t0=$(date +%s.%N); sha256sum "$work/probe.bin" > /dev/null; t1=$(date +%s.%N)
    best=$(awk -v b="$best" -v a="$t0" -v z="$t1" 'BEGIN { r = 268.435456 / (z - a); printf "%.0f", (r > b ? r : b) }')
  done
  echo "$best"
}
probe_before=$(probe)
: > "$work/rows_A.tsv"; : > "$work/rows_B.tsv"
for ((i = 1; i <= repeats; i++)); do
  measure "$cli" A "$i"
  [[ -n "$compare" ]] && measure "$compare" B "$i"
done

probe_after=$(probe)
rm -f "$work/probe.bin"

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { cut -f"$1" "$rows" | median; }
# A median of whole numbers (subjects/s, MB), rounded: with an even number of runs it lies between two.
whole() { col "$1" | awk '{ printf "%.0f", $1 }'; }
min() { cut -f"$1" "$rows" | sort -g | head -1; }
max() { cut -f"$1" "$rows" | sort -g | tail -1; }
row() {
  rows="$work/rows_$1.tsv"
  echo "| $2 | $subjects | $repeats | $(whole 1) ($(min 1)-$(max 1)) | $(col 2) | $(col 3) | $(whole 5) | $(col 6) | $(col 7) | $(col 8) | $(col 9) | $(col 10) | $(whole 4) ($(max 4)) | $(col 12) ($(col 13) / $(col 14) / $(col 15)) |"
}
echo "| version | subjects | runs | subjects/s median (range) | wall s | CPU s | population subjects/s | start-up s | set-up s | population s | writing s | pictures s | peak RSS MB median (max) | JIT CPU s (set-up / population / writing) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
label_a="${label:-$(git -C "$root" rev-parse --short HEAD)}" label_b="${compare_label:-$compare}"
summary=$(row A "$label_a")
echo "$summary"
[[ -n "$report" ]] && echo "$summary" >> "$report"
if [[ -n "$compare" ]]; then
  other=$(row B "$label_b")
  echo "$other"
  [[ -n "$report" ]] && echo "$other" >> "$report"
  # Pairs: run i of B against run i of A (B ran right after A).
  pairs=$(paste "$work/rows_A.tsv" "$work/rows_B.tsv" | awk -F'\t' '
    { n++; if ($19 < $2) fw++; if ($25 < $8) fp++; dw[n] = $19 - $2; dp[n] = $25 - $8 }
    function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    END { printf "pairs (B after A): B faster in %d of %d by wall time, in %d of %d by population time; median paired difference B - A: wall %+.3f s, population %+.3f s", fw, n, fp, n, med(dw, n), med(dp, n) }')
  echo "$pairs"
  [[ -n "$report" ]] && echo "$pairs" >> "$report"
fi
for tag in A B; do
  rows="$work/rows_$tag.tsv"
  [[ -s "$rows" ]] || continue
  kernel="$( [[ $tag == A ]] && echo "$label_a" || echo "$label_b"): system (kernel) time median $(col 16) s of $(col 3) s CPU, page faults median $(whole 17)"
  echo "$kernel"
  [[ -n "$report" ]] && echo "$kernel" >> "$report"
done
speed="machine speed probe (one core, sha256sum of 256 MiB, best of 3): $probe_before MB/s before the runs, $probe_after MB/s after"
echo "$speed"
[[ -n "$report" ]] && echo "$speed" >> "$report"
exit 0
