/* SUNDIALS CVODE peer for the TrkbSim benchmark: BDF with Newton iteration, dense direct linear
 * solver, hand-written right-hand sides and analytic Jacobians for each benchmark problem.
 *
 * Usage:
 *   cvode_bench PROBLEMS_DIR OUT_DIR --rtols 1e-4,1e-6 [--budget SECONDS] [--max-reps N] [--problems a,b]
 *   cvode_bench PROBLEMS_DIR OUT_DIR --reference RTOL [--problems a,b]
 * Benchmark mode appends one line per (problem, rtol) to OUT_DIR/cvode.tsv and writes the solution
 * of the last repetition to OUT_DIR/solutions/cvode/PROBLEM_RTOL.csv. Reference mode writes
 * OUT_DIR/PROBLEM.cvode.csv at the given tolerance.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#define MAXN 8
#define Y(i) NV_Ith_S(y, i)
#define F(i) NV_Ith_S(ydot, i)
#define J(i, j) SM_ELEMENT_D(jac, i, j)

typedef int (*RhsFn)(sunrealtype, N_Vector, N_Vector, void *);
typedef int (*JacFn)(sunrealtype, N_Vector, N_Vector, SUNMatrix, void *, N_Vector, N_Vector, N_Vector);

/* One problem: dimension, initial state, right-hand side, Jacobian, and dose events (time, component, amount). */
typedef struct {
    const char *name;
    int n;
    double y0[MAXN];
    RhsFn rhs;
    JacFn jac;
    int ndoses;
    double dose_times[16];
    int dose_component;
    double dose_amount;
} Problem;

static void zero_jac(SUNMatrix jac, int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) J(i, j) = 0.0;
}

/* ---- Robertson ---- */
static int rober_f(sunrealtype t, N_Vector y, N_Vector ydot, void *ud) {
    (void)t; (void)ud;
    double y1 = Y(0), y2 = Y(1), y3 = Y(2);
    F(0) = -0.04 * y1 + 1.0e4 * y2 * y3;
    F(2) = 3.0e7 * y2 * y2;
    F(1) = 0.04 * y1 - 1.0e4 * y2 * y3 - 3.0e7 * y2 * y2;
    return 0;
}
static int rober_j(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix jac, void *ud, N_Vector a, N_Vector b, N_Vector c) {
    (void)t; (void)fy; (void)ud; (void)a; (void)b; (void)c;
    double y2 = Y(1), y3 = Y(2);
    J(0, 0) = -0.04; J(0, 1) = 1.0e4 * y3;            J(0, 2) = 1.0e4 * y2;
    J(1, 0) = 0.04;  J(1, 1) = -1.0e4 * y3 - 6.0e7 * y2; J(1, 2) = -1.0e4 * y2;
    J(2, 0) = 0.0;   J(2, 1) = 6.0e7 * y2;            J(2, 2) = 0.0;
    return 0;
}

/* ---- HIRES ---- */
static int hires_f(sunrealtype t, N_Vector y, N_Vector ydot, void *ud) {
    (void)t; (void)ud;
    F(0) = -1.71 * Y(0) + 0.43 * Y(1) + 8.32 * Y(2) + 0.0007;
    F(1) = 1.71 * Y(0) - 8.75 * Y(1);
    F(2) = -10.03 * Y(2) + 0.43 * Y(3) + 0.035 * Y(4);
    F(3) = 8.32 * Y(1) + 1.71 * Y(2) - 1.12 * Y(3);
    F(4) = -1.745 * Y(4) + 0.43 * Y(5) + 0.43 * Y(6);
    F(5) = -280.0 * Y(5) * Y(7) + 0.69 * Y(3) + 1.71 * Y(4) - 0.43 * Y(5) + 0.69 * Y(6);
    F(6) = 280.0 * Y(5) * Y(7) - 1.81 * Y(6);
    F(7) = -280.0 * Y(5) * Y(7) + 1.81 * Y(6);
    return 0;
}
static int hires_j(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix jac, void *ud, N_Vector a, N_Vector b, N_Vector c) {
    (void)t; (void)fy; (void)ud; (void)a; (void)b; (void)c;
    zero_jac(jac, 8);
    J(0, 0) = -1.71; J(0, 1) = 0.43; J(0, 2) = 8.32;
    J(1, 0) = 1.71;  J(1, 1) = -8.75;
    J(2, 2) = -10.03; J(2, 3) = 0.43; J(2, 4) = 0.035;
    J(3, 1) = 8.32; J(3, 2) = 1.71; J(3, 3) = -1.12;
    J(4, 4) = -1.745; J(4, 5) = 0.43; J(4, 6) = 0.43;
    J(5, 3) = 0.69; J(5, 4) = 1.71; J(5, 5) = -0.43 - 280.0 * Y(7); J(5, 6) = 0.69; J(5, 7) = -280.0 * Y(5);
    J(6, 5) = 280.0 * Y(7); J(6, 6) = -1.81; J(6, 7) = 280.0 * Y(5);
    J(7, 5) = -280.0 * Y(7); J(7, 6) = 1.81; J(7, 7) = -280.0 * Y(5);
    return 0;
}

/* ---- OREGO ---- */
static int orego_f(sunrealtype t, N_Vector y, N_Vector ydot, void *ud) {
    (void)t; (void)ud;
    double y1 = Y(0), y2 = Y(1), y3 = Y(2);
    F(0) = 77.27 * (y2 + y1 * (1.0 - 8.375e-6 * y1 - y2));
    F(1) = (y3 - (1.0 + y1) * y2) / 77.27;
    F(2) = 0.161 * (y1 - y3);
    return 0;
}
static int orego_j(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix jac, void *ud, N_Vector a, N_Vector b, N_Vector c) {
    (void)t; (void)fy; (void)ud; (void)a; (void)b; (void)c;
    double y1 = Y(0), y2 = Y(1);
    J(0, 0) = 77.27 * (1.0 - 2.0 * 8.375e-6 * y1 - y2); J(0, 1) = 77.27 * (1.0 - y1); J(0, 2) = 0.0;
    J(1, 0) = -y2 / 77.27; J(1, 1) = -(1.0 + y1) / 77.27; J(1, 2) = 1.0 / 77.27;
    J(2, 0) = 0.161; J(2, 1) = 0.0; J(2, 2) = -0.161;
    return 0;
}

/* ---- Van der Pol, mu = 1000 ---- */
static int vdpol_f(sunrealtype t, N_Vector y, N_Vector ydot, void *ud) {
    (void)t; (void)ud;
    double y1 = Y(0), y2 = Y(1);
    F(0) = y2;
    F(1) = 1000.0 * (1.0 - y1 * y1) * y2 - y1;
    return 0;
}
static int vdpol_j(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix jac, void *ud, N_Vector a, N_Vector b, N_Vector c) {
    (void)t; (void)fy; (void)ud; (void)a; (void)b; (void)c;
    double y1 = Y(0), y2 = Y(1);
    J(0, 0) = 0.0; J(0, 1) = 1.0;
    J(1, 0) = -2000.0 * y1 * y2 - 1.0; J(1, 1) = 1000.0 * (1.0 - y1 * y1);
    return 0;
}

/* ---- Two-compartment oral PK: ka = 1/h, CL = 2 L/h, Vc = 10 L, Q = 1 L/h, Vp = 20 L ---- */
#define PK_KA 1.0
#define PK_K10 (2.0 / 10.0)
#define PK_K12 (1.0 / 10.0)
#define PK_K21 (1.0 / 20.0)
static int pk2c_f(sunrealtype t, N_Vector y, N_Vector ydot, void *ud) {
    (void)t; (void)ud;
    double ad = Y(0), ac = Y(1), ap = Y(2);
    F(0) = -PK_KA * ad;
    F(1) = PK_KA * ad - PK_K10 * ac - PK_K12 * ac + PK_K21 * ap;
    F(2) = PK_K12 * ac - PK_K21 * ap;
    return 0;
}
static int pk2c_j(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix jac, void *ud, N_Vector a, N_Vector b, N_Vector c) {
    (void)t; (void)y; (void)fy; (void)ud; (void)a; (void)b; (void)c;
    zero_jac(jac, 3);
    J(0, 0) = -PK_KA;
    J(1, 0) = PK_KA; J(1, 1) = -(PK_K10 + PK_K12); J(1, 2) = PK_K21;
    J(2, 1) = PK_K12; J(2, 2) = -PK_K21;
    return 0;
}

static Problem problems[] = {
    {"robertson", 3, {1.0, 0.0, 0.0}, rober_f, rober_j, 0, {0}, 0, 0.0},
    {"hires", 8, {1.0, 0, 0, 0, 0, 0, 0, 0.0057}, hires_f, hires_j, 0, {0}, 0, 0.0},
    {"orego", 3, {1.0, 2.0, 3.0}, orego_f, orego_j, 0, {0}, 0, 0.0},
    {"vdpol", 2, {2.0, 0.0}, vdpol_f, vdpol_j, 0, {0}, 0, 0.0},
    /* the dose at t = 0 is the initial depot amount; the other nine are events */
    {"pk2c", 3, {100.0, 0.0, 0.0}, pk2c_f, pk2c_j, 9, {24, 48, 72, 96, 120, 144, 168, 192, 216}, 0, 100.0},
};

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int read_times(const char *dir, const char *name, double **times) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.times", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    int cap = 256, n = 0;
    double *t = malloc(sizeof(double) * cap);
    char line[256];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        if (n == cap) { cap *= 2; t = realloc(t, sizeof(double) * cap); }
        t[n++] = strtod(line, NULL);
    }
    fclose(f);
    *times = t;
    return n;
}

static double read_atol_scale(const char *dir, const char *name) {
    char path[1024], line[512], pname[128];
    double scale;
    int dim;
    snprintf(path, sizeof path, "%s/problems.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        if (sscanf(line, "%127s %d %lf", pname, &dim, &scale) == 3 && strcmp(pname, name) == 0) { fclose(f); return scale; }
    }
    fclose(f);
    fprintf(stderr, "problem %s not in %s\n", name, path);
    exit(2);
}

/* Integrator state kept across repetitions so that a repetition costs a re-initialisation, as a reused simulator would. */
typedef struct {
    SUNContext ctx;
    N_Vector y;
    SUNMatrix A;
    SUNLinearSolver LS;
    void *mem;
    long steps, rhs, jac, lu;
} Solver;

static void solver_init(Solver *s, const Problem *p) {
    SUNContext_Create(NULL, &s->ctx);
    s->y = N_VNew_Serial(p->n, s->ctx);
    for (int i = 0; i < p->n; i++) NV_Ith_S(s->y, i) = p->y0[i];
    s->A = SUNDenseMatrix(p->n, p->n, s->ctx);
    s->LS = SUNLinSol_Dense(s->y, s->A, s->ctx);
    s->mem = CVodeCreate(CV_BDF, s->ctx);
    CVodeInit(s->mem, p->rhs, 0.0, s->y);
    CVodeSetLinearSolver(s->mem, s->LS, s->A);
    CVodeSetJacFn(s->mem, p->jac);
    CVodeSetMaxNumSteps(s->mem, 10000000);
}

static void solver_free(Solver *s) {
    CVodeFree(&s->mem);
    SUNLinSolFree(s->LS);
    SUNMatDestroy(s->A);
    N_VDestroy(s->y);
    SUNContext_Free(&s->ctx);
}

/* Solves the problem once, writing the state at each output time into out (nt x n). Returns 0 on success. */
static int solve(Solver *s, const Problem *p, double rtol, double atol, const double *times, int nt, double *out) {
    for (int i = 0; i < p->n; i++) NV_Ith_S(s->y, i) = p->y0[i];
    double t0 = times[0];
    if (CVodeReInit(s->mem, t0, s->y) != CV_SUCCESS) return 1;
    CVodeSStolerances(s->mem, rtol, atol);
    int next_dose = 0;
    double stop = next_dose < p->ndoses ? p->dose_times[next_dose] : INFINITY;
    if (isfinite(stop)) CVodeSetStopTime(s->mem, stop);
    double t = t0;
    s->steps = s->rhs = s->jac = s->lu = 0;
    for (int k = 0; k < nt; k++) {
        double tout = times[k];
        while (tout > t) {
            double target = tout < stop ? tout : stop;
            int flag = CVode(s->mem, target, s->y, &t, CV_NORMAL);
            if (flag < 0) return 1;
            if (t >= stop) {
                /* dose: accumulate work counters (re-initialisation clears them) and restart */
                long v;
                CVodeGetNumSteps(s->mem, &v); s->steps += v;
                CVodeGetNumRhsEvals(s->mem, &v); s->rhs += v;
                CVodeGetNumJacEvals(s->mem, &v); s->jac += v;
                CVodeGetNumLinSolvSetups(s->mem, &v); s->lu += v;
                NV_Ith_S(s->y, p->dose_component) += p->dose_amount;
                CVodeReInit(s->mem, t, s->y);
                next_dose++;
                stop = next_dose < p->ndoses ? p->dose_times[next_dose] : INFINITY;
                /* CVODE 6.4 cannot clear a stop time: after the last dose the last output time is the stop */
                CVodeSetStopTime(s->mem, isfinite(stop) ? stop : times[nt - 1]);
            }
        }
        for (int i = 0; i < p->n; i++) out[k * p->n + i] = NV_Ith_S(s->y, i);
    }
    long v;
    CVodeGetNumSteps(s->mem, &v); s->steps += v;
    CVodeGetNumRhsEvals(s->mem, &v); s->rhs += v;
    CVodeGetNumJacEvals(s->mem, &v); s->jac += v;
    CVodeGetNumLinSolvSetups(s->mem, &v); s->lu += v;
    return 0;
}

static void write_solution(const char *path, const Problem *p, const double *times, int nt, const double *out) {
    FILE *f = fopen(path, "w");
    if (!f) { fprintf(stderr, "cannot write %s\n", path); exit(2); }
    fprintf(f, "time");
    for (int i = 0; i < p->n; i++) fprintf(f, ",y%d", i + 1);
    fprintf(f, "\n");
    for (int k = 0; k < nt; k++) {
        fprintf(f, "%.17g", times[k]);
        for (int i = 0; i < p->n; i++) fprintf(f, ",%.17g", out[k * p->n + i]);
        fprintf(f, "\n");
    }
    fclose(f);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int selected(const char *list, const char *name) {
    if (!list) return 1;
    size_t len = strlen(name);
    for (const char *p = list; (p = strstr(p, name)) != NULL; p += len)
        if ((p == list || p[-1] == ',') && (p[len] == ',' || p[len] == '\0')) return 1;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s PROBLEMS_DIR OUT_DIR (--rtols LIST | --reference RTOL) [--budget S] [--max-reps N] [--problems LIST]\n", argv[0]);
        return 2;
    }
    const char *pdir = argv[1], *odir = argv[2];
    char rtol_list[1024] = "";
    const char *plist = NULL;
    double reference = 0.0, budget = 1.0;
    int max_reps = 50;
    for (int a = 3; a < argc; a++) {
        if (!strcmp(argv[a], "--rtols") && a + 1 < argc) snprintf(rtol_list, sizeof rtol_list, "%s", argv[++a]);
        else if (!strcmp(argv[a], "--reference") && a + 1 < argc) reference = atof(argv[++a]);
        else if (!strcmp(argv[a], "--budget") && a + 1 < argc) budget = atof(argv[++a]);
        else if (!strcmp(argv[a], "--max-reps") && a + 1 < argc) max_reps = atoi(argv[++a]);
        else if (!strcmp(argv[a], "--problems") && a + 1 < argc) plist = argv[++a];
        else { fprintf(stderr, "unknown argument %s\n", argv[a]); return 2; }
    }
    char path[2048];
    FILE *tsv = NULL;
    if (reference == 0.0) {
        snprintf(path, sizeof path, "%s/solutions/cvode", odir);
        char cmd[2100];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
        if (system(cmd) != 0) return 2;
        snprintf(path, sizeof path, "%s/cvode.tsv", odir);
        tsv = fopen(path, "w");
        fprintf(tsv, "tool\tproblem\trtol\tatol\tmedian_seconds\tmin_seconds\treps\tsteps\trhs_evals\tjac_evals\tlu_decomps\tfailed\tsolution_file\n");
    }
    for (size_t pi = 0; pi < sizeof problems / sizeof problems[0]; pi++) {
        const Problem *p = &problems[pi];
        if (!selected(plist, p->name)) continue;
        double *times;
        int nt = read_times(pdir, p->name, &times);
        double scale = read_atol_scale(pdir, p->name);
        double *out = malloc(sizeof(double) * nt * p->n);
        Solver s;
        solver_init(&s, p);
        if (reference != 0.0) {
            int fail = solve(&s, p, reference, reference * scale, times, nt, out);
            if (fail) { fprintf(stderr, "cvode reference failed for %s\n", p->name); return 1; }
            snprintf(path, sizeof path, "%s/%s.cvode.csv", odir, p->name);
            write_solution(path, p, times, nt, out);
            fprintf(stderr, "%s: steps=%ld rhs=%ld jac=%ld lu=%ld\n", p->name, s.steps, s.rhs, s.jac, s.lu);
        } else {
            char list[1024];
            snprintf(list, sizeof list, "%s", rtol_list);
            for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
                double rtol = atof(tok), atol = rtol * scale;
                double w0 = now_seconds();
                int fail = solve(&s, p, rtol, atol, times, nt, out); /* warm-up */
                double warm = now_seconds() - w0;
                /* repetitions: enough to fill the budget, at least 3, at most max_reps; one when a solve alone exceeds the budget */
                int want = warm >= budget ? 1 : (int)ceil(budget / (warm > 1e-9 ? warm : 1e-9));
                if (warm < budget && want < 3) want = 3;
                if (want > max_reps) want = max_reps;
                double samples[10000];
                int reps = 0;
                while (!fail && reps < want) {
                    double t0 = now_seconds();
                    fail = solve(&s, p, rtol, atol, times, nt, out);
                    samples[reps++] = now_seconds() - t0;
                }
                qsort(samples, reps, sizeof(double), cmp_double);
                double median = reps == 0 ? NAN : (reps % 2 ? samples[reps / 2] : 0.5 * (samples[reps / 2 - 1] + samples[reps / 2]));
                char sol[512];
                snprintf(sol, sizeof sol, "solutions/cvode/%s_%s.csv", p->name, tok);
                snprintf(path, sizeof path, "%s/%s", odir, sol);
                if (!fail) write_solution(path, p, times, nt, out);
                fprintf(tsv, "cvode\t%s\t%.17g\t%.17g\t%.9g\t%.9g\t%d\t%ld\t%ld\t%ld\t%ld\t%d\t%s\n", p->name, rtol, atol,
                        median, reps ? samples[0] : NAN, reps, s.steps, s.rhs, s.jac, s.lu, fail, fail ? "" : sol);
                fflush(tsv);
                fprintf(stderr, "cvode %-10s rtol=%-6s median=%.3g ms reps=%d steps=%ld f=%ld J=%ld LU=%ld%s\n", p->name, tok,
                        1e3 * median, reps, s.steps, s.rhs, s.jac, s.lu, fail ? " FAILED" : "");
            }
        }
        solver_free(&s);
        free(out);
        free(times);
    }
    if (tsv) fclose(tsv);
    return 0;
}
