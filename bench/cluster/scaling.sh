#!/usr/bin/env bash
# Scaling of a TrkbSim cluster on this machine: 1, 2 and 4 silos on localhost for a trial and for a Sobol run of the
# mechanism core (20 parameters). Prints a markdown table (subjects or evaluations per second, efficiency against one
# silo) to standard output. Usage: bench/cluster/scaling.sh [SUBJECTS_PER_ARM] [SOBOL_N] [THREADS_PER_SILO]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-20000}; SOBOL_N=${2:-64}; THREADS=${3:-1}
dotnet build src/TrkbSim.Cli -c Release -v q -nologo >/dev/null
CLI=src/TrkbSim.Cli/bin/Release/net10.0/trkbsim
WORK=$(mktemp -d); PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
# The assembled mechanism of a 4-week fluoxetine course (the core model alone needs its drug inputs).
MODEL=$WORK/mechanism.ant
"$CLI" regimen --regimen "fluoxetine 20mg oral every 24h for 4w" --export-model "$MODEL" > /dev/null 2>&1
PARAMS=()
for p in K_chol_open K_chol_closed K_chol_order k_exo k_endo_basal k_endo_bdnf k_deg_trkb K_raft k_bdnf tau_bdnf_upregulation \
         tau_monoamine k_syn_on k_syn_off tau_ieg tau_ap1 k_acute_on K_plasticity k_rewire k_relapse k_consolidate; do
  v=$(grep -oE "^\s*$p = [0-9.e-]+" "$MODEL" | awk '{print $3}')
  PARAMS+=(--param "$p=loguniform($(awk -v v="$v" 'BEGIN{print v/2}'),$(awk -v v="$v" 'BEGIN{print v*2}'))")
done
now() { date +%s.%N; }
echo "| silos | threads per silo | trial subjects | trial s | subjects/s | efficiency | Sobol evaluations | Sobol s | evaluations/s | efficiency |"
echo "|---|---|---|---|---|---|---|---|---|---|"
base_t=""; base_s=""
for silos in 1 2 4; do
  PIDS=()
  port=$((21000 + silos * 10)); gw=$((32000 + silos * 10))
  for ((i = 0; i < silos; i++)); do
    join=(); [ "$i" -gt 0 ] && join=(--join "127.0.0.1:$port")
    "$CLI" cluster silo --port $((port + i)) --gateway $((gw + i)) --threads "$THREADS" "${join[@]}" 2> "$WORK/silo$silos-$i.log" &
    PIDS+=($!)
    until grep -qs ready "$WORK/silo$silos-$i.log"; do sleep 0.2; done
  done
  t0=$(now)
  "$CLI" trial --arm "fluoxetine: fluoxetine 20mg oral every 24h" --arm "control: placebo" --n "$N" --weeks 8 --timecourses none \
      --cluster "127.0.0.1:$gw" --out "$WORK/trial$silos" > /dev/null 2> "$WORK/trial$silos.log"
  t1=$(now)
  "$CLI" sensitivity "$MODEL" --method sobol --output "final(madrs)" --time 672 "${PARAMS[@]}" --samples "$SOBOL_N" \
      --cluster "127.0.0.1:$gw" --out "$WORK/sobol$silos.json" 2> "$WORK/sobol$silos.log"
  t2=$(now)
  for p in "${PIDS[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
  PIDS=()
  [ "$silos" -gt 1 ] && { cmp "$WORK/trial1/summary.csv" "$WORK/trial$silos/summary.csv"; cmp "$WORK/sobol1.json" "$WORK/sobol$silos.json"; }
  subjects=$((2 * N)); evals=$((SOBOL_N * 22))
  tt=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}'); ts=$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f", b-a}')
  [ -z "$base_t" ] && { base_t=$tt; base_s=$ts; }
  awk -v s="$silos" -v th="$THREADS" -v n="$subjects" -v tt="$tt" -v e="$evals" -v ts="$ts" -v bt="$base_t" -v bs="$base_s" 'BEGIN{
    printf "| %d | %d | %d | %.1f | %.0f | %.0f %% | %d | %.1f | %.0f | %.0f %% |\n", s, th, n, tt, n/tt, 100*bt/(tt*s), e, ts, e/ts, 100*bs/(ts*s) }'
done
echo
echo "summary.csv and the Sobol JSON were byte-identical for every silo count (checked with cmp)."
