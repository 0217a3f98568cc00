# deSolve peer for the TrkbSim benchmark: lsoda with hand-written R right-hand sides and Jacobians.
#
# Usage:
#   Rscript desolve_bench.R PROBLEMS_DIR OUT_DIR --rtols 1e-4,1e-6 [--budget S] [--max-reps N] [--problems a,b]
#   Rscript desolve_bench.R PROBLEMS_DIR OUT_DIR --reference RTOL [--problems a,b]
# Benchmark mode writes OUT_DIR/desolve.tsv and OUT_DIR/solutions/desolve/PROBLEM_RTOL.csv; reference mode
# writes OUT_DIR/PROBLEM.radau.csv computed with deSolve's radau (Hairer-Wanner RADAU5).
suppressMessages(library(deSolve))

args <- commandArgs(trailingOnly = TRUE)
pdir <- args[1]
odir <- args[2]
opt <- list(rtols = NULL, reference = NA, budget = 1.0, max_reps = 50, problems = NULL)
i <- 3
while (i <= length(args)) {
  key <- args[i]; val <- args[i + 1]
  if (key == "--rtols") opt$rtols <- strsplit(val, ",")[[1]]
  else if (key == "--reference") opt$reference <- as.numeric(val)
  else if (key == "--budget") opt$budget <- as.numeric(val)
  else if (key == "--max-reps") opt$max_reps <- as.integer(val)
  else if (key == "--problems") opt$problems <- strsplit(val, ",")[[1]]
  else stop(paste("unknown argument", key))
  i <- i + 2
}

pk <- c(ka = 1.0, k10 = 2.0 / 10.0, k12 = 1.0 / 10.0, k21 = 1.0 / 20.0)

problems <- list(
  robertson = list(
    y0 = c(1, 0, 0),
    f = function(t, y, p) {
      list(c(-0.04 * y[1] + 1e4 * y[2] * y[3],
             0.04 * y[1] - 1e4 * y[2] * y[3] - 3e7 * y[2]^2,
             3e7 * y[2]^2))
    },
    jac = function(t, y, p) {
      matrix(c(-0.04, 1e4 * y[3], 1e4 * y[2],
               0.04, -1e4 * y[3] - 6e7 * y[2], -1e4 * y[2],
               0, 6e7 * y[2], 0), nrow = 3, byrow = TRUE)
    }),
  hires = list(
    y0 = c(1, 0, 0, 0, 0, 0, 0, 0.0057),
    f = function(t, y, p) {
      r <- 280 * y[6] * y[8]
      list(c(-1.71 * y[1] + 0.43 * y[2] + 8.32 * y[3] + 0.0007,
             1.71 * y[1] - 8.75 * y[2],
             -10.03 * y[3] + 0.43 * y[4] + 0.035 * y[5],
             8.32 * y[2] + 1.71 * y[3] - 1.12 * y[4],
             -1.745 * y[5] + 0.43 * y[6] + 0.43 * y[7],
             -r + 0.69 * y[4] + 1.71 * y[5] - 0.43 * y[6] + 0.69 * y[7],
             r - 1.81 * y[7],
             -r + 1.81 * y[7]))
    },
    jac = function(t, y, p) {
      J <- matrix(0, 8, 8)
      J[1, 1:3] <- c(-1.71, 0.43, 8.32)
      J[2, 1:2] <- c(1.71, -8.75)
      J[3, 3:5] <- c(-10.03, 0.43, 0.035)
      J[4, 2:4] <- c(8.32, 1.71, -1.12)
      J[5, 5:7] <- c(-1.745, 0.43, 0.43)
      J[6, 4:8] <- c(0.69, 1.71, -0.43 - 280 * y[8], 0.69, -280 * y[6])
      J[7, 6:8] <- c(280 * y[8], -1.81, 280 * y[6])
      J[8, 6:8] <- c(-280 * y[8], 1.81, -280 * y[6])
      J
    }),
  orego = list(
    y0 = c(1, 2, 3),
    f = function(t, y, p) {
      list(c(77.27 * (y[2] + y[1] * (1 - 8.375e-6 * y[1] - y[2])),
             (y[3] - (1 + y[1]) * y[2]) / 77.27,
             0.161 * (y[1] - y[3])))
    },
    jac = function(t, y, p) {
      matrix(c(77.27 * (1 - 2 * 8.375e-6 * y[1] - y[2]), 77.27 * (1 - y[1]), 0,
               -y[2] / 77.27, -(1 + y[1]) / 77.27, 1 / 77.27,
               0.161, 0, -0.161), nrow = 3, byrow = TRUE)
    }),
  vdpol = list(
    y0 = c(2, 0),
    f = function(t, y, p) list(c(y[2], 1000 * (1 - y[1]^2) * y[2] - y[1])),
    jac = function(t, y, p) {
      matrix(c(0, 1,
               -2000 * y[1] * y[2] - 1, 1000 * (1 - y[1]^2)), nrow = 2, byrow = TRUE)
    }),
  pk2c = list(
    # the dose at t = 0 is the initial depot amount; the other nine are events
    y0 = c(Ad = 100, Ac = 0, Ap = 0),
    f = function(t, y, p) {
      list(c(-pk[["ka"]] * y[1],
             pk[["ka"]] * y[1] - (pk[["k10"]] + pk[["k12"]]) * y[2] + pk[["k21"]] * y[3],
             pk[["k12"]] * y[2] - pk[["k21"]] * y[3]))
    },
    jac = function(t, y, p) {
      matrix(c(-pk[["ka"]], 0, 0,
               pk[["ka"]], -(pk[["k10"]] + pk[["k12"]]), pk[["k21"]],
               0, pk[["k12"]], -pk[["k21"]]), nrow = 3, byrow = TRUE)
    },
    events = data.frame(var = "Ad", time = seq(24, 216, by = 24), value = 100, method = "add"))
)

read_times <- function(name) {
  lines <- readLines(file.path(pdir, paste0(name, ".times")))
  as.numeric(lines[!startsWith(lines, "#") & nchar(lines) > 0])
}
table <- read.table(file.path(pdir, "problems.tsv"), sep = "\t", comment.char = "#", quote = "",
                    col.names = c("name", "dim", "atol_scale", "description"))

solve_once <- function(p, times, rtol, atol, method) {
  ev <- if (is.null(p$events)) NULL else list(data = p$events)
  fn <- if (method == "radau") radau else lsoda
  fn(y = p$y0, times = times, func = p$f, parms = NULL, jacfunc = p$jac, jactype = "fullusr",
     rtol = rtol, atol = atol, events = ev, maxsteps = 10000000)
}

# deSolve reports the state just before an event at the event's time; TrkbSim, CVODE and SBML report the state
# just after it. Adding the dose to those rows gives every tool the same convention (outside the timed solve).
after_events <- function(p, m) {
  if (is.null(p$events)) return(m)
  for (k in seq_len(nrow(p$events))) {
    rows <- which(m[, 1] == p$events$time[k])
    col <- 1 + match(p$events$var[k], names(p$y0))
    m[rows, col] <- m[rows, col] + p$events$value[k]
  }
  m
}

write_solution <- function(path, p, out) {
  m <- matrix(as.numeric(unclass(out)), nrow = nrow(out))
  m <- after_events(p, m)
  colnames(m) <- c("time", paste0("y", seq_len(ncol(m) - 1)))
  lines <- apply(m, 1, function(r) paste(sprintf("%.17g", r), collapse = ","))
  writeLines(c(paste(colnames(m), collapse = ","), lines), path)
}

now <- function() as.numeric(Sys.time())

selected <- names(problems)
if (!is.null(opt$problems)) selected <- intersect(selected, opt$problems)

if (!is.na(opt$reference)) {
  for (name in selected) {
    p <- problems[[name]]
    scale <- table$atol_scale[table$name == name]
    out <- solve_once(p, read_times(name), opt$reference, opt$reference * scale, "radau")
    write_solution(file.path(odir, paste0(name, ".radau.csv")), p, out)
    st <- attr(out, "istate")
    message(sprintf("radau %s: steps=%d f=%d J=%d", name, st[2], st[3], st[14]))
  }
} else {
  dir.create(file.path(odir, "solutions", "desolve"), recursive = TRUE, showWarnings = FALSE)
  tsv <- file.path(odir, "desolve.tsv")
  cat("tool\tproblem\trtol\tatol\tmedian_seconds\tmin_seconds\treps\tsteps\trhs_evals\tjac_evals\tlu_decomps\tfailed\tsolution_file\n", file = tsv)
  for (name in selected) {
    p <- problems[[name]]
    times <- read_times(name)
    scale <- table$atol_scale[table$name == name]
    for (tok in opt$rtols) {
      rtol <- as.numeric(tok); atol <- rtol * scale
      w0 <- now()
      out <- tryCatch(solve_once(p, times, rtol, atol, "lsoda"), error = function(e) NULL)
      warm <- now() - w0
      fail <- is.null(out) || attr(out, "istate")[1] < 0 || nrow(out) != length(times)
      # repetitions: enough to fill the budget, at least 3, at most max_reps; one when a solve alone exceeds the budget
      want <- if (warm >= opt$budget) 1 else max(3, ceiling(opt$budget / max(warm, 1e-9)))
      want <- min(want, opt$max_reps)
      samples <- c()
      while (!fail && length(samples) < want) {
        t0 <- now()
        out <- solve_once(p, times, rtol, atol, "lsoda")
        samples <- c(samples, now() - t0)
      }
      sol <- ""
      st <- rep(-1, 14)
      if (!fail) {
        sol <- sprintf("solutions/desolve/%s_%s.csv", name, tok)
        write_solution(file.path(odir, sol), p, out)
        st <- attr(out, "istate")
      }
      med <- if (length(samples)) median(samples) else NaN
      mn <- if (length(samples)) min(samples) else NaN
      cat(sprintf("desolve\t%s\t%.17g\t%.17g\t%.9g\t%.9g\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", name, rtol, atol, med, mn,
                  length(samples), st[2], st[3], st[14], st[14], as.integer(fail), sol), file = tsv, append = TRUE)
      message(sprintf("desolve %-10s rtol=%-6s median=%.3g ms reps=%d steps=%d f=%d J=%d%s", name, tok, 1e3 * med,
                      length(samples), st[2], st[3], st[14], if (fail) " FAILED" else ""))
    }
  }
}
