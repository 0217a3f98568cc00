"""SciPy peer for the TrkbSim benchmark: solve_ivp with LSODA, BDF and Radau, hand-written right-hand
sides and analytic Jacobians.

Usage (Debian's /usr/bin/python3, which has scipy):
  scipy_bench.py PROBLEMS_DIR OUT_DIR --rtols 1e-4,1e-6 [--budget S] [--max-reps N] [--problems a,b] [--methods LSODA,BDF,Radau]
Writes OUT_DIR/scipy.tsv and OUT_DIR/solutions/scipy-METHOD/PROBLEM_RTOL.csv.
"""
import argparse
import math
import os
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp


def rober_f(t, y):
    y1, y2, y3 = y
    return np.array([-0.04 * y1 + 1e4 * y2 * y3,
                     0.04 * y1 - 1e4 * y2 * y3 - 3e7 * y2 * y2,
                     3e7 * y2 * y2])


def rober_j(t, y):
    _, y2, y3 = y
    return np.array([[-0.04, 1e4 * y3, 1e4 * y2],
                     [0.04, -1e4 * y3 - 6e7 * y2, -1e4 * y2],
                     [0.0, 6e7 * y2, 0.0]])


def hires_f(t, y):
    r = 280.0 * y[5] * y[7]
    return np.array([-1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007,
                     1.71 * y[0] - 8.75 * y[1],
                     -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4],
                     8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3],
                     -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6],
                     -r + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6],
                     r - 1.81 * y[6],
                     -r + 1.81 * y[6]])


def hires_j(t, y):
    j = np.zeros((8, 8))
    j[0, 0:3] = [-1.71, 0.43, 8.32]
    j[1, 0:2] = [1.71, -8.75]
    j[2, 2:5] = [-10.03, 0.43, 0.035]
    j[3, 1:4] = [8.32, 1.71, -1.12]
    j[4, 4:7] = [-1.745, 0.43, 0.43]
    j[5, 3:8] = [0.69, 1.71, -0.43 - 280.0 * y[7], 0.69, -280.0 * y[5]]
    j[6, 5:8] = [280.0 * y[7], -1.81, 280.0 * y[5]]
    j[7, 5:8] = [-280.0 * y[7], 1.81, -280.0 * y[5]]
    return j


def orego_f(t, y):
    y1, y2, y3 = y
    return np.array([77.27 * (y2 + y1 * (1.0 - 8.375e-6 * y1 - y2)),
                     (y3 - (1.0 + y1) * y2) / 77.27,
                     0.161 * (y1 - y3)])


def orego_j(t, y):
    y1, y2, _ = y
    return np.array([[77.27 * (1.0 - 2.0 * 8.375e-6 * y1 - y2), 77.27 * (1.0 - y1), 0.0],
                     [-y2 / 77.27, -(1.0 + y1) / 77.27, 1.0 / 77.27],
                     [0.161, 0.0, -0.161]])


def vdpol_f(t, y):
    y1, y2 = y
    return np.array([y2, 1000.0 * (1.0 - y1 * y1) * y2 - y1])


def vdpol_j(t, y):
    y1, y2 = y
    return np.array([[0.0, 1.0], [-2000.0 * y1 * y2 - 1.0, 1000.0 * (1.0 - y1 * y1)]])


PK_KA, PK_K10, PK_K12, PK_K21 = 1.0, 2.0 / 10.0, 1.0 / 10.0, 1.0 / 20.0
PK_J = np.array([[-PK_KA, 0.0, 0.0],
                 [PK_KA, -(PK_K10 + PK_K12), PK_K21],
                 [0.0, PK_K12, -PK_K21]])


def pk2c_f(t, y):
    ad, ac, ap = y
    return np.array([-PK_KA * ad,
                     PK_KA * ad - PK_K10 * ac - PK_K12 * ac + PK_K21 * ap,
                     PK_K12 * ac - PK_K21 * ap])


def pk2c_j(t, y):
    return PK_J


# name -> (y0, f, jac, dose times, dose component, dose amount); the dose at t = 0 is the initial depot amount
PROBLEMS = {
    "robertson": ([1.0, 0.0, 0.0], rober_f, rober_j, [], 0, 0.0),
    "hires": ([1.0, 0, 0, 0, 0, 0, 0, 0.0057], hires_f, hires_j, [], 0, 0.0),
    "orego": ([1.0, 2.0, 3.0], orego_f, orego_j, [], 0, 0.0),
    "vdpol": ([2.0, 0.0], vdpol_f, vdpol_j, [], 0, 0.0),
    "pk2c": ([100.0, 0.0, 0.0], pk2c_f, pk2c_j, [24.0 * k for k in range(1, 10)], 0, 100.0),
}


def solve(name, method, times, rtol, atol):
    """Solves once; between doses each segment is its own solve_ivp call, the state after a dose is its start.
    Returns (states at times [nt x n], nfev, njev, nlu) or raises on failure."""
    y0, f, jac, doses, comp, amount = PROBLEMS[name]
    bounds = [times[0]] + list(doses) + [times[-1]]
    y = np.array(y0, dtype=float)
    out = np.empty((len(times), len(y)))
    nfev = njev = nlu = 0
    for k in range(len(bounds) - 1):
        a, b = bounds[k], bounds[k + 1]
        last = k == len(bounds) - 2
        mask = (times >= a) & ((times <= b) if last else (times < b))
        # the segment's end is always evaluated: it is the state the next dose is added to
        t_eval = np.append(times[mask & (times < b)], b)
        sol = solve_ivp(f, (a, b), y, method=method, t_eval=t_eval, rtol=rtol, atol=atol, jac=jac)
        if sol.status != 0:
            raise RuntimeError(sol.message)
        out[mask] = sol.y.T[: mask.sum()]
        nfev += sol.nfev
        njev += sol.njev
        nlu += sol.nlu
        y = sol.y[:, -1].copy()
        if not last:
            y[comp] += amount
    return out, nfev, njev, nlu


def read_times(pdir, name):
    with open(os.path.join(pdir, name + ".times")) as fh:
        return np.array([float(line) for line in fh if line.strip() and not line.startswith("#")])


def read_scales(pdir):
    scales = {}
    with open(os.path.join(pdir, "problems.tsv")) as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split("\t")
            scales[parts[0]] = float(parts[2])
    return scales


def write_solution(path, times, out):
    with open(path, "w") as fh:
        fh.write("time," + ",".join(f"y{i + 1}" for i in range(out.shape[1])) + "\n")
        for t, row in zip(times, out):
            fh.write(repr(float(t)) + "," + ",".join(repr(float(v)) for v in row) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("problems_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--rtols", required=True)
    ap.add_argument("--budget", type=float, default=1.0)
    ap.add_argument("--max-reps", type=int, default=50)
    ap.add_argument("--problems", default=",".join(PROBLEMS))
    ap.add_argument("--methods", default="LSODA,BDF,Radau")
    ap.add_argument("--max-seconds", type=float, default=60.0,
                    help="skip tighter tolerances of a (problem, method) once one solve takes longer than this")
    args = ap.parse_args()
    scales = read_scales(args.problems_dir)
    tsv_path = os.path.join(args.out_dir, "scipy.tsv")
    with open(tsv_path, "w") as tsv:
        tsv.write("tool\tproblem\trtol\tatol\tmedian_seconds\tmin_seconds\treps\tsteps\trhs_evals\tjac_evals\tlu_decomps\tfailed\tsolution_file\n")
        for name in args.problems.split(","):
            times = read_times(args.problems_dir, name)
            for method in args.methods.split(","):
                tool = "scipy-" + method.lower()
                os.makedirs(os.path.join(args.out_dir, "solutions", tool), exist_ok=True)
                too_slow = False
                for tok in args.rtols.split(","):
                    rtol = float(tok)
                    atol = rtol * scales[name]
                    samples, fail, stats = [], too_slow, (-1, -1, -1)
                    if not fail:
                        try:
                            w0 = time.perf_counter()
                            out, *stats = solve(name, method, times, rtol, atol)
                            warm = time.perf_counter() - w0
                            # repetitions: enough to fill the budget, at least 3, at most max_reps; one when a solve alone exceeds the budget
                            want = 1 if warm >= args.budget else max(3, math.ceil(args.budget / max(warm, 1e-9)))
                            want = min(want, args.max_reps)
                            for _ in range(want):
                                t0 = time.perf_counter()
                                out, *stats = solve(name, method, times, rtol, atol)
                                samples.append(time.perf_counter() - t0)
                            too_slow = warm > args.max_seconds
                        except Exception as exc:  # a failed solve is recorded, not fatal
                            print(f"{tool} {name} rtol={tok}: {exc}", file=sys.stderr)
                            fail = True
                    sol = ""
                    if not fail:
                        sol = f"solutions/{tool}/{name}_{tok}.csv"
                        write_solution(os.path.join(args.out_dir, sol), times, out)
                    med = float(np.median(samples)) if samples else float("nan")
                    mn = min(samples) if samples else float("nan")
                    nfev, njev, nlu = stats
                    tsv.write(f"{tool}\t{name}\t{rtol!r}\t{atol!r}\t{med:.9g}\t{mn:.9g}\t{len(samples)}\t-1\t{nfev}\t{njev}\t{nlu}\t{int(fail)}\t{sol}\n")
                    tsv.flush()
                    print(f"{tool:14s} {name:10s} rtol={tok:6s} median={1e3 * med:.3g} ms reps={len(samples)} f={nfev} J={njev} LU={nlu}"
                          + (" FAILED/SKIPPED" if fail else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
