#!/usr/bin/env bash
# End-to-end throughput of `trkbsim trial` (issue 17): the command a user types, from process start to exit, pictures on.
# Runs it REPEATS times, reports the median subjects/s, the in-process split (start-up, set-up, population, writing,
# pictures; from TRKBSIM_TRIAL_TIMINGS) and the peak RSS (/usr/bin/time -v), and appends a markdown row to --report.
#
#   bench/trial/run.sh [--repeats 5] [--n 2000] [--weeks 8] [--threads N] [--cli PATH] [--label TEXT] [--report FILE]
#                      [--arms "fluoxetine: fluoxetine 20mg oral every 24h|placebo: placebo"]
#
# Build first: dotnet build TrkbSim.slnx -c Release (the default --cli is the Release build's trkbsim).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
repeats=5 n=2000 weeks=8 threads="" label="" report="" keep=""
cli="$root/src/TrkbSim.Cli/bin/Release/net10.0/trkbsim"
arms="fluoxetine: fluoxetine 20mg oral every 24h|placebo: placebo"
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
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -x "$cli" ]] || { echo "run.sh: $cli not found; run 'dotnet build TrkbSim.slnx -c Release' first" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

IFS='|' read -r -a armlist <<< "$arms"
args=(trial)
for a in "${armlist[@]}"; do args+=(--arm "$a"); done
args+=(--n "$n" --weeks "$weeks" --seed 42)
[[ -n "$threads" ]] && args+=(--threads "$threads")
subjects=$(( n * ${#armlist[@]} ))

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rows="$work/rows.tsv"
: > "$rows"
for ((i = 1; i <= repeats; i++)); do
  out="$work/out$i"
  TRKBSIM_TRIAL_TIMINGS="$work/timings$i.tsv" /usr/bin/time -v -o "$work/time$i.txt" "$cli" "${args[@]}" --out "$out" > /dev/null 2> "$work/err$i.txt" \
    || { cat "$work/err$i.txt" >&2; exit 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s }' "$work/time$i.txt")
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$work/time$i.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time$i.txt")
  t() { awk -v k="$1" -F'\t' '$1 == k { printf "%.3f", $2 }' "$work/timings$i.tsv"; }
  rate=$(awk -v s="$subjects" -v w="$wall" 'BEGIN { printf "%.0f", s / w }')
  pop=$(awk -v s="$subjects" -v w="$(t population_s)" 'BEGIN { printf "%.0f", (w > 0 ? s / w : 0) }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$wall" "$cpu" "$rss" "$pop" \
    "$(t startup_s)" "$(t setup_s)" "$(t population_s)" "$(t writing_s)" "$(t pictures_s)" "$(t writer_busy_s)" \
    "$(t jit_s)" "$(t jit_setup_s)" "$(t jit_population_s)" "$(t jit_writing_s)" >> "$rows"
  echo "run $i: $rate subjects/s, wall $wall s, cpu $cpu s, peak RSS $rss MB, population $pop subjects/s (start-up $(t startup_s) s, set-up $(t setup_s) s, population $(t population_s) s, writing $(t writing_s) s, pictures $(t pictures_s) s; writer busy $(t writer_busy_s) s; JIT $(t jit_s) s, of which set-up $(t jit_setup_s), population $(t jit_population_s), writing $(t jit_writing_s))" >&2
  [[ -n "$keep" && $i -eq 1 ]] && { rm -rf "$keep"; cp -r "$out" "$keep"; }
  rm -rf "$out"
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { cut -f"$1" "$rows" | median; }
min() { cut -f"$1" "$rows" | sort -g | head -1; }
max() { cut -f"$1" "$rows" | sort -g | tail -1; }
summary="| ${label:-$(git -C "$root" rev-parse --short HEAD)} | $subjects | $repeats | $(col 1) ($(min 1)-$(max 1)) | $(col 2) | $(col 3) | $(col 5) | $(col 6) | $(col 7) | $(col 8) | $(col 9) | $(col 10) | $(col 4) ($(max 4)) | $(col 12) ($(col 13) / $(col 14) / $(col 15)) |"
echo "| version | subjects | runs | subjects/s median (range) | wall s | CPU s | population subjects/s | start-up s | set-up s | population s | writing s | pictures s | peak RSS MB median (max) | JIT CPU s (set-up / population / writing) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
echo "$summary"
[[ -n "$report" ]] && echo "$summary" >> "$report"
exit 0
