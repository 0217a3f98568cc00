# deSolve peer for TrkbSim's generated reaction networks: lsodes (sparse BDF) on the reaction table that
# `TrkbSim.Bench.Sparse --work-precision --desolve ...` writes (format in the header of cvode_network.c), with the same
# command line and output as cvode_network.c:
#
#   Rscript desolve_network.R TABLE END lsodes REPS OUT_PREFIX RTOL...
#
# For each rtol (atol = 1e-6 rtol) prints "rtol seconds steps fevals jevals lu_setups" (seconds: median of REPS runs
# after one warm-up, each a whole lsodes call with the 101 output times) and writes the last run's outputs to
# OUT_PREFIX_RTOL.csv (101 rows of n values). CVODE_CLOCK=cpu in the environment times the process's CPU time (user +
# system) instead of wall-clock time.
#
# Right-hand side: rates by reaction type, vectorised, summed into species with rowsum over index vectors.
# Jacobian: lsodes with sparsetype = "sparseusr": the sparsity structure is given (inz, the (row, column) pairs of the
# analytic Jacobian's non-zeros, diagonal included), and lsodes estimates the non-zeros by finite differences over
# groups of structurally independent columns (one RHS call per group), then factorises with its sparse LU (Yale
# sparse matrix package). An analytic Jacobian would need an R call per column (jacvec), slower than the grouped
# differences here.
suppressMessages(library(deSolve))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 6 || args[3] != "lsodes") {
  cat("usage: Rscript desolve_network.R TABLE END lsodes REPS OUT_PREFIX RTOL...\n", file = stderr())
  quit(status = 2)
}
tokens <- scan(args[1], quiet = TRUE)
n <- as.integer(tokens[1])
y0 <- tokens[2:(n + 1)]
tab <- matrix(tokens[-(1:(n + 1))], ncol = 6, byrow = TRUE)
kind <- as.integer(tab[, 1]); p1 <- tab[, 2]; p2 <- tab[, 3]
a <- as.integer(tab[, 4]) + 1L; b <- as.integer(tab[, 5]) + 1L; cc <- as.integer(tab[, 6]) + 1L  # 1-based; 0 = absent
a[kind == 0] <- 0L
end <- as.numeric(args[2])
reps <- as.integer(args[4])
prefix <- args[5]
cpu <- identical(Sys.getenv("CVODE_CLOCK"), "cpu")
clock <- function() { t <- proc.time(); if (cpu) t[["user.self"]] + t[["sys.self"]] else t[["elapsed"]] }

t0 <- which(kind == 0); t1 <- which(kind == 1); t2 <- which(kind == 2); t3 <- which(kind == 3)
ra <- which(a > 0); rb <- which(b > 0); rc <- which(cc > 0)
target <- c(a[ra], b[rb], cc[rc])
sign <- c(rep(-1, length(ra)), rep(-1, length(rb)), rep(1, length(rc)))
from <- c(ra, rb, rc)
groups <- sort(unique(target))
nr <- length(kind)

rhs <- function(t, s, parms) {
  v <- numeric(nr)
  v[t0] <- p1[t0]
  v[t1] <- p1[t1] * s[a[t1]]
  v[t2] <- p1[t2] * s[a[t2]] * s[b[t2]]
  s3 <- s[a[t3]]
  v[t3] <- p1[t3] * s3 / (p2[t3] + s3)
  f <- numeric(n)
  f[groups] <- rowsum(sign * v[from], target, reorder = TRUE)[, 1]
  list(f)
}

# Jacobian structure: rows a, b, c of each reaction against columns a and b; and the diagonal.
pairs <- rbind(cbind(seq_len(n), seq_len(n)))
for (rows in list(a, b, cc)) for (cols in list(a, b)) {
  k <- which(rows > 0 & cols > 0)
  pairs <- rbind(pairs, cbind(rows[k], cols[k]))
}
inz <- unique(pairs)
inz <- inz[order(inz[, 2], inz[, 1]), , drop = FALSE]
times <- end * (0:100) / 100
# Real work space: lsodes' own estimate is too small for the fill of these networks' LU; room for a full L+U.
lrw <- 3 * n * n + 20 * n + 2 * nrow(inz)

for (arg in args[-(1:5)]) {
  rtol <- as.numeric(arg)
  elapsed <- numeric(0)
  out <- NULL
  ok <- TRUE
  for (rep in 0:reps) {
    start <- clock()
    out <- tryCatch(lsodes(y0, times, rhs, NULL, rtol = rtol, atol = 1e-6 * rtol, sparsetype = "sparseusr",
                           inz = inz, nnz = nrow(inz), lrw = lrw, maxsteps = 1e7, verbose = FALSE),
                    error = function(e) NULL, warning = function(w) NULL)
    elapsed <- c(elapsed, clock() - start)
    if (is.null(out) || nrow(out) != 101 || attr(out, "istate")[1] != 2) { ok <- FALSE; break }
  }
  if (!ok) { cat(sprintf("%g failed\n", rtol)); next }
  values <- out[, -1, drop = FALSE]
  writeLines(apply(matrix(sprintf("%.17g", values), nrow = nrow(values)), 1, paste, collapse = ","), sprintf("%s_%g.csv", prefix, rtol))
  st <- attr(out, "istate")
  # istate: 2 steps, 3 RHS calls (the difference quotients' included), 14 Jacobian evaluations, each followed by an LU
  cat(sprintf("%g %.9g %d %d %d %d\n", rtol, if (reps > 0) median(elapsed[-1]) else elapsed[1], st[2], st[3], st[14], st[14]))
  flush(stdout())
}
