/* SUNDIALS CVODE peer for TrkbSim's generated reaction networks (bench/Shared/NetworkGenerator.cs): BDF with Newton
 * iteration and either the KLU sparse direct solver (CSR Jacobian) or the dense direct solver, analytic Jacobian.
 * The network comes as a reaction table written by `TrkbSim.Bench.Sparse --work-precision --cvode ...`:
 *   line 1: n; line 2: the n initial amounts; then one reaction per line: "type p1 p2 a b c" with
 *   type 0: rate p1 (constant), 1: p1*S_a, 2: p1*S_a*S_b, 3: p1*S_a/(p2 + S_a); reactants a, b and product c
 *   (-1 when absent; a reactant of type 0 is absent).
 * Usage: cvode_network TABLE END klu|dense REPS OUT_PREFIX RTOL...
 * For each rtol (atol = 1e-6 rtol) prints "rtol seconds steps fevals jevals lu_setups" (seconds: median of REPS runs
 * after one warm-up, each a CVodeReInit and 100 output intervals on [0, END]) and writes the last run's outputs to
 * OUT_PREFIX_RTOL.csv (101 rows of n values). CVODE_CLOCK=cpu in the environment times the thread's CPU time instead.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>

typedef struct { int type; double p1, p2; int a, b, c; } Reaction;

typedef struct {
    int n, nr, sparse;
    Reaction *r;
    /* CSR pattern (rows, diagonal included) and, per reaction, where its derivative terms go. */
    sunindextype *rowptr, *colind;
    int nnz;
    int *slot_a, *slot_b; /* per reaction: 3 entries each (rows a, b, c) for d/dS_a and d/dS_b; -1 when absent */
} Network;

static clockid_t clock_kind = CLOCK_MONOTONIC;

static double now(void) {
    struct timespec ts;
    clock_gettime(clock_kind, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int rhs(sunrealtype t, N_Vector y, N_Vector ydot, void *ud) {
    (void)t;
    Network *net = (Network *)ud;
    double *s = N_VGetArrayPointer(y), *f = N_VGetArrayPointer(ydot);
    memset(f, 0, sizeof(double) * net->n);
    for (int k = 0; k < net->nr; k++) {
        const Reaction *r = &net->r[k];
        double v;
        switch (r->type) {
            case 0: v = r->p1; break;
            case 1: v = r->p1 * s[r->a]; break;
            case 2: v = r->p1 * s[r->a] * s[r->b]; break;
            default: v = r->p1 * s[r->a] / (r->p2 + s[r->a]); break;
        }
        if (r->type != 0 && r->a >= 0) f[r->a] -= v;
        if (r->b >= 0) f[r->b] -= v;
        if (r->c >= 0) f[r->c] += v;
    }
    return 0;
}

/* d rate / d S_a and d rate / d S_b */
static void partials(const Reaction *r, const double *s, double *da, double *db) {
    *da = 0; *db = 0;
    switch (r->type) {
        case 1: *da = r->p1; break;
        case 2: *da = r->p1 * s[r->b]; *db = r->p1 * s[r->a]; break;
        case 3: { double d = r->p2 + s[r->a]; *da = r->p1 * r->p2 / (d * d); break; }
        default: break;
    }
}

static int find(const Network *net, int row, int col) {
    for (sunindextype q = net->rowptr[row]; q < net->rowptr[row + 1]; q++)
        if (net->colind[q] == col) return (int)q;
    return -1;
}

static int jac(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *ud, N_Vector t1, N_Vector t2, N_Vector t3) {
    (void)t; (void)fy; (void)t1; (void)t2; (void)t3;
    Network *net = (Network *)ud;
    double *s = N_VGetArrayPointer(y);
    if (net->sparse) {
        sunindextype *rp = SUNSparseMatrix_IndexPointers(J), *ci = SUNSparseMatrix_IndexValues(J);
        double *data = SUNSparseMatrix_Data(J);
        memcpy(rp, net->rowptr, sizeof(sunindextype) * (net->n + 1));
        memcpy(ci, net->colind, sizeof(sunindextype) * net->nnz);
        memset(data, 0, sizeof(double) * net->nnz);
        for (int k = 0; k < net->nr; k++) {
            double da, db;
            partials(&net->r[k], s, &da, &db);
            const int *sa = &net->slot_a[3 * k], *sb = &net->slot_b[3 * k];
            if (sa[0] >= 0) data[sa[0]] -= da;
            if (sa[1] >= 0) data[sa[1]] -= da;
            if (sa[2] >= 0) data[sa[2]] += da;
            if (sb[0] >= 0) data[sb[0]] -= db;
            if (sb[1] >= 0) data[sb[1]] -= db;
            if (sb[2] >= 0) data[sb[2]] += db;
        }
    } else {
        SUNMatZero(J);
        for (int k = 0; k < net->nr; k++) {
            const Reaction *r = &net->r[k];
            double da, db;
            partials(r, s, &da, &db);
            int rows[3] = {r->type != 0 ? r->a : -1, r->b, r->c};
            double sign[3] = {-1, -1, 1};
            for (int m = 0; m < 3; m++) {
                if (rows[m] < 0) continue;
                if (r->a >= 0 && r->type != 0) SM_ELEMENT_D(J, rows[m], r->a) += sign[m] * da;
                if (r->b >= 0) SM_ELEMENT_D(J, rows[m], r->b) += sign[m] * db;
            }
        }
    }
    return 0;
}

static int cmp_pair(const void *x, const void *y) {
    const int *p = x, *q = y;
    return p[0] != q[0] ? p[0] - q[0] : p[1] - q[1];
}

static void build_pattern(Network *net) {
    int cap = 9 * net->nr + net->n, m = 0;
    int *pairs = malloc(sizeof(int) * 2 * cap);
    for (int i = 0; i < net->n; i++) { pairs[2 * m] = i; pairs[2 * m + 1] = i; m++; }
    for (int k = 0; k < net->nr; k++) {
        const Reaction *r = &net->r[k];
        int rows[3] = {r->type != 0 ? r->a : -1, r->b, r->c};
        int cols[2] = {r->type != 0 ? r->a : -1, r->b};
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
                if (rows[i] >= 0 && cols[j] >= 0) { pairs[2 * m] = rows[i]; pairs[2 * m + 1] = cols[j]; m++; }
    }
    qsort(pairs, m, sizeof(int) * 2, cmp_pair);
    net->rowptr = calloc(net->n + 1, sizeof(sunindextype));
    net->colind = malloc(sizeof(sunindextype) * m);
    int nnz = 0;
    for (int q = 0; q < m; q++) {
        if (q > 0 && pairs[2 * q] == pairs[2 * q - 2] && pairs[2 * q + 1] == pairs[2 * q - 1]) continue;
        net->colind[nnz++] = pairs[2 * q + 1];
        net->rowptr[pairs[2 * q] + 1]++;
    }
    for (int i = 0; i < net->n; i++) net->rowptr[i + 1] += net->rowptr[i];
    net->nnz = nnz;
    free(pairs);
    net->slot_a = malloc(sizeof(int) * 3 * net->nr);
    net->slot_b = malloc(sizeof(int) * 3 * net->nr);
    for (int k = 0; k < net->nr; k++) {
        const Reaction *r = &net->r[k];
        int rows[3] = {r->type != 0 ? r->a : -1, r->b, r->c};
        int ca = r->type != 0 ? r->a : -1, cb = r->b;
        for (int i = 0; i < 3; i++) {
            net->slot_a[3 * k + i] = rows[i] >= 0 && ca >= 0 ? find(net, rows[i], ca) : -1;
            net->slot_b[3 * k + i] = rows[i] >= 0 && cb >= 0 ? find(net, rows[i], cb) : -1;
        }
    }
}

static int cmp_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: cvode_network TABLE END klu|dense REPS OUT_PREFIX RTOL...\n");
        return 2;
    }
    const char *clock_env = getenv("CVODE_CLOCK");
    if (clock_env && strcmp(clock_env, "cpu") == 0) clock_kind = CLOCK_THREAD_CPUTIME_ID;
    FILE *in = fopen(argv[1], "r");
    if (!in) { fprintf(stderr, "cannot read %s\n", argv[1]); return 2; }
    double end = atof(argv[2]);
    Network net = {0};
    net.sparse = strcmp(argv[3], "klu") == 0;
    int reps = atoi(argv[4]);
    const char *prefix = argv[5];
    if (fscanf(in, "%d", &net.n) != 1) return 2;
    double *y0 = malloc(sizeof(double) * net.n);
    for (int i = 0; i < net.n; i++) if (fscanf(in, "%lf", &y0[i]) != 1) return 2;
    int cap = 16;
    net.r = malloc(sizeof(Reaction) * cap);
    Reaction r;
    while (fscanf(in, "%d %lf %lf %d %d %d", &r.type, &r.p1, &r.p2, &r.a, &r.b, &r.c) == 6) {
        if (net.nr == cap) net.r = realloc(net.r, sizeof(Reaction) * (cap *= 2));
        net.r[net.nr++] = r;
    }
    fclose(in);
    build_pattern(&net);

    SUNContext ctx;
    SUNContext_Create(NULL, &ctx);
    N_Vector y = N_VNew_Serial(net.n, ctx);
    SUNMatrix A = net.sparse ? SUNSparseMatrix(net.n, net.n, net.nnz, CSR_MAT, ctx) : SUNDenseMatrix(net.n, net.n, ctx);
    SUNLinearSolver LS = net.sparse ? SUNLinSol_KLU(y, A, ctx) : SUNLinSol_Dense(y, A, ctx);
    void *mem = CVodeCreate(CV_BDF, ctx);
    memcpy(N_VGetArrayPointer(y), y0, sizeof(double) * net.n);
    CVodeInit(mem, rhs, 0.0, y);
    CVodeSetUserData(mem, &net);
    CVodeSetLinearSolver(mem, LS, A);
    CVodeSetJacFn(mem, jac);
    CVodeSetMaxNumSteps(mem, 10000000);
    double *out = malloc(sizeof(double) * 101 * net.n);
    double *times = malloc(sizeof(double) * (reps + 1));
    for (int ti = 6; ti < argc; ti++) {
        double rtol = atof(argv[ti]);
        CVodeSStolerances(mem, rtol, 1e-6 * rtol);
        long steps = 0, fe = 0, je = 0, lu = 0;
        int failed = 0;
        for (int rep = 0; rep <= reps && !failed; rep++) {
            double t0 = now();
            memcpy(N_VGetArrayPointer(y), y0, sizeof(double) * net.n);
            CVodeReInit(mem, 0.0, y);
            memcpy(out, y0, sizeof(double) * net.n);
            for (int k = 1; k <= 100; k++) {
                double t;
                if (CVode(mem, end * k / 100.0, y, &t, CV_NORMAL) < 0) { failed = 1; break; }
                memcpy(out + (size_t)k * net.n, N_VGetArrayPointer(y), sizeof(double) * net.n);
            }
            times[rep] = now() - t0;
        }
        if (failed) { printf("%g failed\n", rtol); continue; }
        CVodeGetNumSteps(mem, &steps);
        CVodeGetNumRhsEvals(mem, &fe);
        CVodeGetNumJacEvals(mem, &je);
        CVodeGetNumLinSolvSetups(mem, &lu);
        qsort(times + 1, reps, sizeof(double), cmp_double);
        double median = reps % 2 ? times[1 + reps / 2] : 0.5 * (times[reps / 2] + times[1 + reps / 2]);
        printf("%g %.9g %ld %ld %ld %ld\n", rtol, median, steps, fe, je, lu);
        char path[4096];
        snprintf(path, sizeof path, "%s_%g.csv", prefix, rtol);
        FILE *o = fopen(path, "w");
        for (int k = 0; k <= 100; k++)
            for (int i = 0; i < net.n; i++) fprintf(o, "%.17g%c", out[(size_t)k * net.n + i], i + 1 < net.n ? ',' : '\n');
        fclose(o);
        fflush(stdout);
    }
    CVodeFree(&mem);
    SUNLinSolFree(LS);
    SUNMatDestroy(A);
    N_VDestroy(y);
    SUNContext_Free(&ctx);
    return 0;
}
