#!/usr/bin/python3
"""SciPy peer for TrkbSim's generated reaction networks: solve_ivp with BDF or LSODA on the reaction table that
`TrkbSim.Bench.Sparse --work-precision --scipy ...` writes (format in the header of cvode_network.c), with the same
command line and output as cvode_network.c:

  scipy_network.py TABLE END bdf|lsoda REPS OUT_PREFIX RTOL...

For each rtol (atol = 1e-6 rtol) prints "rtol seconds steps fevals jevals lu_setups" (seconds: median of REPS runs after
one warm-up, each a whole solve_ivp call with the 101 output times as t_eval) and writes the last run's outputs to
OUT_PREFIX_RTOL.csv (101 rows of n values). CVODE_CLOCK=cpu in the environment times the process's CPU time (BLAS is
limited to one thread) instead of wall-clock time.

Right-hand side: rates by reaction type with numpy, summed into species with np.bincount over index arrays.
Jacobian: analytic. BDF gets it as a scipy.sparse CSC matrix (SciPy factorises I - c J with SuperLU); LSODA cannot take a
sparse Jacobian (solve_ivp's jac_sparsity is not supported for LSODA, only a dense or banded one), so it gets the same
analytic Jacobian as a dense array.
"""
import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from scipy.integrate import BDF, LSODA, solve_ivp  # noqa: E402
from scipy.sparse import csc_matrix  # noqa: E402


class Network:
    def __init__(self, path):
        with open(path) as f:
            tokens = f.read().split()
        n = int(tokens[0])
        self.n = n
        self.y0 = np.array([float(x) for x in tokens[1:1 + n]])
        rows = np.array(tokens[1 + n:], dtype=float).reshape(-1, 6)
        self.kind = rows[:, 0].astype(int)
        self.p1, self.p2 = rows[:, 1], rows[:, 2]
        self.a, self.b, self.c = rows[:, 3].astype(int), rows[:, 4].astype(int), rows[:, 5].astype(int)
        self.a[self.kind == 0] = -1  # a constant inflow has no reactant
        self.t0 = np.flatnonzero(self.kind == 0)
        self.t1 = np.flatnonzero(self.kind == 1)
        self.t2 = np.flatnonzero(self.kind == 2)
        self.t3 = np.flatnonzero(self.kind == 3)
        # species consumed (a, b) and produced (c): the reactions involved and the species' index
        self.ra, self.rb, self.rc = (np.flatnonzero(x >= 0) for x in (self.a, self.b, self.c))
        self.sa, self.sb, self.sc = self.a[self.ra], self.b[self.rb], self.c[self.rc]
        self.fevals = 0
        self.jevals = 0
        self._pattern()

    def rates(self, s):
        v = np.empty(len(self.kind))
        v[self.t0] = self.p1[self.t0]
        v[self.t1] = self.p1[self.t1] * s[self.a[self.t1]]
        v[self.t2] = self.p1[self.t2] * s[self.a[self.t2]] * s[self.b[self.t2]]
        sa3 = s[self.a[self.t3]]
        v[self.t3] = self.p1[self.t3] * sa3 / (self.p2[self.t3] + sa3)
        return v

    def rhs(self, t, s):
        self.fevals += 1
        v = self.rates(s)
        n = self.n
        return (np.bincount(self.sc, v[self.rc], n) - np.bincount(self.sa, v[self.ra], n)
                - np.bincount(self.sb, v[self.rb], n))

    def _pattern(self):
        """Coordinates of every derivative term: d f_row / d S_col += sign * (d rate / d S_col) for rows a, b, c of a
        reaction and columns a (partial da) and b (partial db); and where each lands in the CSC data and dense array."""
        rows, cols, terms, signs, which = [], [], [], [], []
        for rr, sign in ((self.a, -1.0), (self.b, -1.0), (self.c, 1.0)):
            for cc, w in ((self.a, 0), (self.b, 1)):
                k = np.flatnonzero((rr >= 0) & (cc >= 0))
                rows.append(rr[k])
                cols.append(cc[k])
                terms.append(k)
                signs.append(np.full(len(k), sign))
                which.append(np.full(len(k), w))
        rows, cols = np.concatenate(rows), np.concatenate(cols)
        self.term, self.sign, self.which = np.concatenate(terms), np.concatenate(signs), np.concatenate(which)
        n = self.n
        key = cols * n + rows  # column-major order = CSC order
        uniq, slot = np.unique(key, return_inverse=True)
        self.slot = slot
        self.indices = (uniq % n).astype(np.int32)
        self.indptr = np.searchsorted(uniq // n, np.arange(n + 1)).astype(np.int32)
        self.nnz = len(uniq)
        self.flat = rows * n + cols

    def _terms(self, s):
        da = np.zeros(len(self.kind))
        db = np.zeros(len(self.kind))
        da[self.t1] = self.p1[self.t1]
        da[self.t2] = self.p1[self.t2] * s[self.b[self.t2]]
        db[self.t2] = self.p1[self.t2] * s[self.a[self.t2]]
        d = self.p2[self.t3] + s[self.a[self.t3]]
        da[self.t3] = self.p1[self.t3] * self.p2[self.t3] / (d * d)
        return self.sign * np.where(self.which == 0, da[self.term], db[self.term])

    def jac_sparse(self, t, s):
        self.jevals += 1
        data = np.bincount(self.slot, self._terms(s), self.nnz)
        return csc_matrix((data, self.indices, self.indptr), shape=(self.n, self.n))

    def jac_dense(self, t, s):
        self.jevals += 1
        return np.bincount(self.flat, self._terms(s), self.n * self.n).reshape(self.n, self.n)


def counting(base):
    """The solver class with a count of its internal steps (solve_ivp reports only the output points)."""
    class Counting(base):
        steps = 0

        def _step_impl(self):
            type(self).steps += 1
            return super()._step_impl()
    return Counting


def main(argv):
    if len(argv) < 7 or argv[3] not in ("bdf", "lsoda"):
        sys.stderr.write("usage: scipy_network.py TABLE END bdf|lsoda REPS OUT_PREFIX RTOL...\n")
        return 2
    net = Network(argv[1])
    end = float(argv[2])
    method = counting(BDF if argv[3] == "bdf" else LSODA)
    jac = net.jac_sparse if argv[3] == "bdf" else net.jac_dense
    reps = int(argv[4])
    prefix = argv[5]
    clock = time.process_time if os.environ.get("CVODE_CLOCK") == "cpu" else time.perf_counter
    t_eval = end * np.arange(101) / 100.0
    for arg in argv[6:]:
        rtol = float(arg)
        times = []
        sol = None
        for _ in range(reps + 1):
            method.steps = 0
            net.fevals = net.jevals = 0
            t0 = clock()
            sol = solve_ivp(net.rhs, (0.0, end), net.y0, method=method, t_eval=t_eval, rtol=rtol, atol=1e-6 * rtol, jac=jac)
            times.append(clock() - t0)
            if not sol.success:
                break
        if not sol.success or sol.y.shape[1] != 101:
            print(f"{rtol:g} failed", flush=True)
            continue
        median = statistics.median(times[1:]) if reps > 0 else times[0]
        np.savetxt(f"{prefix}_{rtol:g}.csv", sol.y.T, delimiter=",", fmt="%.17g")
        # njev and nlu as solve_ivp reports them (LSODA's nlu is its count of LU factorisations from the Fortran code)
        print(f"{rtol:g} {median:.9g} {method.steps} {sol.nfev} {sol.njev} {sol.nlu}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
