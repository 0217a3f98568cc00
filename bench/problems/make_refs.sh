#!/usr/bin/env bash
# Recomputes the reference solutions PROBLEM.ref.csv and REFERENCES.md (needs the peers installed:
# run bench/peers/run.sh once, or install libsundials-dev python3-scipy r-cran-desolve).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/cvode_bench" "$here/../peers/cvode_bench.c" \
  -lsundials_cvode -lsundials_nvecserial -lsundials_sunmatrixdense -lsundials_sunlinsoldense -lm
"$work/cvode_bench" "$here" "$work" --reference 1e-12
Rscript "$here/../peers/desolve_bench.R" "$here" "$work" --reference 1e-13
/usr/bin/python3 "$here/check_refs.py" "$here" "$work"
