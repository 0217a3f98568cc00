#!/usr/bin/env bash
# Peer comparison: TrkbSim against SUNDIALS CVODE (C), SciPy solve_ivp and deSolve on bench/problems.
# Installs the peers from Debian packages when missing, builds the CVODE driver and the .NET harness,
# runs every tool in its own process (one after another, so they do not compete for cores), then writes
# bench/results/peers.json, docs/performance.md and docs/performance/*.png.
#
#   bench/peers/run.sh [--quick] [--networks]
#     --quick: two tolerances, short time budgets (a few minutes on 2 cores)
#     --networks: also the generated stiff networks (network100s, network300s, network1000s and the non-stiff network300)
#       against CVODE (KLU, dense), SciPy (BDF, LSODA) and deSolve (lsodes) through TrkbSim.Bench.Sparse --work-precision
#       (rtol 1e-3..1e-8, CPU time; about 25 min on 2 shared cores: 16 min measured with the two halves in parallel), into bench/results/networks-peers.json and .md.
#       With or without it, the points in bench/results/networks-peers.json become peers.json's network* records.
set -euo pipefail
started=$(date +%s)
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
problems="$root/bench/problems"
results="$root/bench/results"
raw="$results/raw"

quick=0
networks=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --networks) networks=1 ;;
    *) echo "usage: $0 [--quick] [--networks]" >&2; exit 2 ;;
  esac
done
if [[ $quick == 1 ]]; then
  rtols="1e-4,1e-6"; budget=0.1; max_reps=10; build_reps=3
else
  rtols="1e-4,1e-5,1e-6,1e-7,1e-8"; budget=1.0; max_reps=50; build_reps=10
fi

# ---- peers from Debian packages (SciPy is used through Debian's python3; a pyenv python3 may lack it)
need=()
[[ -f /usr/include/cvode/cvode.h ]] || need+=(libsundials-dev)
/usr/bin/python3 -c "import scipy" 2>/dev/null || need+=(python3-scipy)
{ command -v Rscript >/dev/null && Rscript -e 'suppressMessages(library(deSolve))' >/dev/null 2>&1; } || need+=(r-cran-desolve)
command -v gcc >/dev/null || need+=(gcc)
if (( ${#need[@]} )); then
  echo "installing peers: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

rm -rf "$raw"
mkdir -p "$raw"

# ---- builds (not timed as solves)
gcc -O2 -o "$raw/cvode_bench" "$here/cvode_bench.c" \
  -lsundials_cvode -lsundials_nvecserial -lsundials_sunmatrixdense -lsundials_sunlinsoldense -lm

# The TrkbSim side needs the Antimony reader, the model compiler and the solvers.
engine=false
if grep -rqs "class AntimonyReader" "$root/src/TrkbSim.Modeling" && grep -rqs "class ModelCompiler" "$root/src/TrkbSim.Simulation" \
   && grep -rqs "class SolverFactory" "$root/src/TrkbSim.Numerics"; then
  engine=true
fi
harness_dir="$root/bench/TrkbSim.Bench.Peers"
dotnet build "$harness_dir" -c Release -p:TrkbSimEngine=$engine -nologo -v quiet -clp:ErrorsOnly >&2
harness="$harness_dir/bin/Release/net10.0/TrkbSim.Bench.Peers.dll"
dotnet "$harness" network 1000 "$problems/network1000.ant"

# ---- versions
{
  echo "SUNDIALS CVODE = $(dpkg-query -W -f='${Version}' libsundials-dev 2>/dev/null || echo unknown) (Debian libsundials-dev; BDF, dense direct solver, analytic Jacobian; gcc -O2)"
  echo "SciPy = $(/usr/bin/python3 -c 'import scipy, sys; print(scipy.__version__, "on Python", sys.version.split()[0])')"
  echo "deSolve = $(Rscript -e 'cat(as.character(packageVersion("deSolve")), "on", R.version.string)' 2>/dev/null)"
} > "$raw/versions.txt"

# ---- solves, one tool at a time
echo "== CVODE" >&2
"$raw/cvode_bench" "$problems" "$raw" --rtols "$rtols" --budget "$budget" --max-reps "$max_reps"
echo "== deSolve" >&2
Rscript "$here/desolve_bench.R" "$problems" "$raw" --rtols "$rtols" --budget "$budget" --max-reps "$max_reps"
echo "== SciPy" >&2
/usr/bin/python3 "$here/scipy_bench.py" "$problems" "$raw" --rtols "$rtols" --budget "$budget" --max-reps "$max_reps" \
  --max-seconds "$([[ $quick == 1 ]] && echo 2 || echo 20)"
if [[ $engine == true ]]; then
  echo "== TrkbSim" >&2
  dotnet "$harness" trkbsim --problems "$problems" --out "$raw" --rtols "$rtols" --solvers auto,rodas5p \
    --budget "$budget" --max-reps "$max_reps" || echo "TrkbSim run failed; the report shows what was measured" >&2
  echo "== TRKB mechanism" >&2
  # The single regimen under .NET's default runtime settings (a long-running application using the library); the
  # population and trials under the trkbsim CLI's settings (dynamic PGO off), each in its own process.
  trkb_bench=(dotnet run -c Release --project "$root/bench/TrkbSim.Bench.Trkb" --)
  if "${trkb_bench[@]}" "$raw/trkb_regimen.md" --part regimen --reps "$([[ $quick == 1 ]] && echo 300 || echo 1000)" >&2 \
     && DOTNET_TieredPGO=0 "${trkb_bench[@]}" "$raw/trkb_population.md" --part population \
          --subjects "$([[ $quick == 1 ]] && echo 2000 || echo 10000)" >&2; then
    cat "$raw/trkb_regimen.md" "$raw/trkb_population.md" > "$raw/trkb.md"
  else
    echo "TRKB mechanism run failed" >&2
  fi
  if [[ $networks == 1 ]]; then
    echo "== networks" >&2
    gcc -O2 -I/usr/include/suitesparse -o "$raw/cvode_network" "$here/cvode_network.c" -lsundials_cvode -lsundials_nvecserial \
      -lsundials_sunlinsolklu -lsundials_sunlinsoldense -lsundials_sunmatrixsparse -lsundials_sunmatrixdense -lm
    net_tols="$([[ $quick == 1 ]] && echo 1e-4,1e-6 || echo 1e-3,1e-4,1e-5,1e-6,1e-7,1e-8)"
    net_reps="$([[ $quick == 1 ]] && echo 1 || echo 3)"
    sparse_bench=(dotnet run -c Release --project "$root/bench/TrkbSim.Bench.Sparse" -- --work-precision 1 --clock cpu
      --configs rodas5p:sparse,bdf:sparse,auto:auto --tolerances "$net_tols" --peer-cap 600 --cvode "$raw/cvode_network"
      --scipy "$here/scipy_network.py" --desolve "$here/desolve_network.R")
    # network1000s: reference by BDF (Rodas5P at rtol 1e-11 is most of a 30-minute run there); one timed run after the warm-up per point (TrkbSim and peers)
    if "${sparse_bench[@]}" --problems network100s,network300s,network300 --reps "$net_reps" --json "$raw/networks-a.json" \
         > "$raw/networks-a.md" && "${sparse_bench[@]}" --problems network1000s --reference bdf --reps 1 --json "$raw/networks-b.json" \
         > "$raw/networks-b.md"; then
      /usr/bin/python3 -c 'import json, sys; json.dump([p for f in sys.argv[2:] for p in json.load(open(f))], open(sys.argv[1], "w"), indent=2)' \
        "$results/networks-peers.json" "$raw/networks-a.json" "$raw/networks-b.json"
    else
      echo "network work-precision failed; bench/results/networks-peers.json left as it was" >&2
    fi
  fi
  echo "== build time" >&2
  dotnet "$harness" build-time --problems "$problems" --out "$raw/build.tsv" --reps "$build_reps" \
    || echo "build-time run failed" >&2
else
  echo "== TrkbSim: engine not present in this checkout (AntimonyReader, ModelCompiler, SolverFactory); peers only" >&2
fi

# ---- report
report_args=(report --problems "$problems" --raw "$raw" --json "$results/peers.json"
  --markdown "$root/docs/performance.md" --plots "$root/docs/performance" --analysis "$here/analysis.md"
  --benchmarks "$results/build-scaling.md" --trkb "$raw/trkb.md" --web "$results/web-load.md" --networks "$results/networks-peers.json"
  --started "$started")
[[ $quick == 1 ]] && report_args+=(--quick)
dotnet "$harness" "${report_args[@]}"
if [[ -f "$results/networks-peers.json" ]]; then
  /usr/bin/python3 "$here/network_report.py" --peers-json "$results/peers.json" --heading-suffix ", all peers" \
    "$results/networks-peers.json" > "$results/networks-peers.md"
fi
echo "done in $(( $(date +%s) - started )) s: $results/peers.json, $root/docs/performance.md" >&2
