using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Sampling;

namespace TrkbSim.Analysis.Fitting;

/// <summary>
/// Maximum likelihood estimation of model parameters from time-course data: Levenberg-Marquardt in
/// log-scaled, bounded coordinates with a central-difference Jacobian, several starts in parallel
/// (Latin hypercube, seeded), Wald intervals from the Fisher information and optional profile-likelihood
/// intervals. The answer does not depend on the number of threads.
/// </summary>
public static class ParameterEstimator
{
    /// <summary>Names the Jacobian method in results.</summary>
    public const string JacobianMethod = "central-differences-in-search-coordinates";

    public static FitResult Fit(IModelEvaluator evaluator, ObservedData data, IReadOnlyList<FitParameter> parameters, FitOptions? options = null)
    {
        options ??= new FitOptions();
        Validate(evaluator, data, parameters, options);
        var problem = new FitProblem(evaluator, data, parameters.ToArray(), options);
        var n = problem.ParameterCount;
        var all = Enumerable.Range(0, n).ToArray();

        var starts = StartPoints(problem, evaluator, options);
        var outcomes = new SolveOutcome[starts.Length];
        Parallel.For(0, starts.Length, Parallelism(options), s =>
        {
            var worker = problem.CreateWorker();
            outcomes[s] = FitSolver.Solve(problem, worker, starts[s], all);
        });
        var best = -1;
        for (var s = 0; s < outcomes.Length; s++)
            if (double.IsFinite(outcomes[s].MinusTwoLogLikelihood)
                && (best < 0 || outcomes[s].MinusTwoLogLikelihood < outcomes[best].MinusTwoLogLikelihood))
                best = s;
        if (best < 0)
            throw new AnalysisException("The model could not be evaluated at any start point; check the bounds and the model.");
        var o = outcomes[best];

        var main = problem.CreateWorker();
        var f = new double[problem.ObservationCount];
        main.Predict(o.Theta, f);
        var jac = new double[problem.ObservationCount, n];
        var covariance = new double[n, n];
        var se = new double[n];
        if (main.Jacobian(o.Theta, o.Weights, all, null, jac))
            covariance = Covariance(jac, problem.ObservationCount, n);
        else
            for (var a = 0; a < n; a++) for (var b = 0; b < n; b++) covariance[a, b] = double.NaN;
        for (var j = 0; j < n; j++) se[j] = Math.Sqrt(covariance[j, j]);

        var dof = Math.Max(1, problem.ObservationCount - n);
        var quantile = StudentT.InvCDF(0, 1, dof, 0.5 + options.ConfidenceLevel / 2);
        var estimates = new ParameterEstimate[n];
        for (var j = 0; j < n; j++)
        {
            var fp = problem.Parameters[j];
            var th = o.Theta[j];
            var lo = double.IsFinite(se[j]) ? FitProblem.FromSearch(fp, th - quantile * se[j]) : fp.LogScale ? 0 : double.NegativeInfinity;
            var hi = double.IsFinite(se[j]) ? FitProblem.FromSearch(fp, th + quantile * se[j]) : double.PositiveInfinity;
            var value = FitProblem.FromSearch(fp, th);
            var range = problem.Upper[j] - problem.Lower[j];
            estimates[j] = new ParameterEstimate(fp.Id, value, lo, hi)
            {
                StandardErrorSearch = se[j],
                StandardError = fp.LogScale ? value * se[j] : se[j],
                LogScale = fp.LogScale,
                AtBound = th - problem.Lower[j] <= 1e-6 * range || problem.Upper[j] - th <= 1e-6 * range,
            };
        }
        if (options.ProfileLikelihood)
            estimates = ProfileLikelihood.Apply(problem, o, estimates, Parallelism(options));

        var residuals = new FitResidual[problem.ObservationCount];
        double ssr = 0, wssr = 0;
        for (var i = 0; i < residuals.Length; i++)
        {
            var e = problem.ObsValue[i] - f[i];
            var we = e * o.Weights[i];
            ssr += e * e; wssr += we * we;
            residuals[i] = new FitResidual(data.Variables[problem.ObsVariable[i]], data.Times[problem.ObsRow[i]], problem.ObsValue[i], f[i], e, we);
        }
        var k = n + problem.VariableCount;
        var startSummaries = outcomes.Select((x, s) => new FitStart(s,
            starts[s].Select((t, j) => FitProblem.FromSearch(problem.Parameters[j], t)).ToArray(),
            x.Theta.Select((t, j) => FitProblem.FromSearch(problem.Parameters[j], t)).ToArray(),
            x.MinusTwoLogLikelihood, x.Iterations, x.Evaluations, x.Reason)).ToArray();
        var lmResult = new LevenbergMarquardtResult([], 0, o.Iterations, o.Evaluations, o.Reason);
        return new FitResult
        {
            Parameters = estimates,
            ErrorModel = options.ErrorModel,
            Sigma = data.Variables.Select((v, i) => (v, o.Sigma[i])).ToDictionary(x => x.v, x => x.Item2),
            MinusTwoLogLikelihood = o.MinusTwoLogLikelihood,
            Ssr = ssr,
            WeightedSsr = wssr,
            ObservationCount = problem.ObservationCount,
            EstimatedCount = k,
            Aic = o.MinusTwoLogLikelihood + 2 * k,
            Bic = o.MinusTwoLogLikelihood + k * Math.Log(problem.ObservationCount),
            ConfidenceLevel = options.ConfidenceLevel,
            Residuals = residuals,
            Covariance = covariance,
            Convergence = new FitConvergence(lmResult.Converged, o.Reason, o.Iterations, outcomes.Sum(x => x.Evaluations),
                best, startSummaries, JacobianMethod),
            Identifiability = DistinctOptima.Find(problem.Parameters, startSummaries, best),
        };
    }

    internal static ParallelOptions Parallelism(FitOptions options) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) };

    /// <summary>
    /// Inverse of the Fisher information J'J of the weighted residuals, scaled by n/(n-p) so that sigma is
    /// effectively estimated with n-p degrees of freedom. Directions the data do not inform (eigenvalues below
    /// 1e-12 of the largest) give infinite variance to every parameter that loads on them.
    /// </summary>
    private static double[,] Covariance(double[,] jac, int m, int n)
    {
        var j = Matrix<double>.Build.DenseOfArray(jac);
        var fisher = j.TransposeThisAndMultiply(j);
        var evd = fisher.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(c => c.Real).ToArray();
        var vectors = evd.EigenVectors;
        var max = values.Length == 0 ? 0 : values.Max();
        var cov = new double[n, n];
        var correction = (double)m / Math.Max(1, m - n);
        for (var a = 0; a < n; a++)
            for (var b = 0; b < n; b++)
            {
                var s = 0.0;
                for (var e = 0; e < n; e++)
                {
                    var load = vectors[a, e] * vectors[b, e];
                    if (values[e] <= 1e-12 * max || values[e] <= 0)
                    {
                        if (Math.Abs(vectors[a, e]) > 1e-8 && Math.Abs(vectors[b, e]) > 1e-8)
                            s = a == b ? double.PositiveInfinity : double.NaN;
                        continue;
                    }
                    if (double.IsFinite(s)) s += load / values[e];
                }
                cov[a, b] = s * correction;
            }
        return cov;
    }

    private static double[][] StartPoints(FitProblem p, IModelEvaluator evaluator, FitOptions options)
    {
        var n = p.ParameterCount;
        var first = new double[n];
        for (var j = 0; j < n; j++)
        {
            var fp = p.Parameters[j];
            var nominal = evaluator.NominalValue(fp.Id);
            first[j] = fp.Initial is { } init ? FitProblem.ToSearch(fp, init)
                : nominal is { } v && v >= fp.Low && v <= fp.High && (!fp.LogScale || v > 0) ? FitProblem.ToSearch(fp, v)
                : 0.5 * (p.Lower[j] + p.Upper[j]);
        }
        var count = Math.Max(1, options.Starts);
        var starts = new double[count][];
        starts[0] = first;
        if (count > 1)
        {
            var lhs = LatinHypercube.Sample(count - 1, n, options.Seed);
            for (var s = 1; s < count; s++)
                starts[s] = lhs[s - 1].Select((u, j) => p.Lower[j] + u * (p.Upper[j] - p.Lower[j])).ToArray();
        }
        return starts;
    }

    private static void Validate(IModelEvaluator evaluator, ObservedData data, IReadOnlyList<FitParameter> parameters, FitOptions options)
    {
        if (parameters.Count == 0) throw new AnalysisException("No parameters to estimate.");
        foreach (var g in parameters.GroupBy(p => p.Id).Where(g => g.Count() > 1))
            throw new AnalysisException($"Parameter '{g.Key}' is listed more than once.", g.Key);
        foreach (var p in parameters)
        {
            if (!evaluator.HasParameter(p.Id))
                throw new AnalysisException($"Parameter '{p.Id}' is not in the model.", p.Id);
            if (!double.IsFinite(p.Low) || !double.IsFinite(p.High))
                throw new AnalysisException($"Parameter '{p.Id}': bounds must be finite numbers.", p.Id);
            if (p.Low >= p.High)
                throw new AnalysisException($"Parameter '{p.Id}': lower bound {p.Low} must be below upper bound {p.High}.", p.Id);
            if (p.LogScale && p.Low <= 0)
                throw new AnalysisException($"Parameter '{p.Id}': bounds must be positive for a log-scaled search (lower bound is {p.Low}).", p.Id);
            if (p.Initial is { } init && (init < p.Low || init > p.High || !double.IsFinite(init)))
                throw new AnalysisException($"Parameter '{p.Id}': initial value {init} lies outside [{p.Low}, {p.High}].", p.Id);
        }
        foreach (var v in data.Variables)
            if (!evaluator.HasOutput(v))
                throw new AnalysisException($"{data.Source}: column '{v}' is not a variable of the model.", v);
        var count = data.ObservationCount;
        if (count <= parameters.Count)
            throw new AnalysisException(
                $"{data.Source}: too few data points: {count} observations for {parameters.Count} parameters (need more observations than parameters).",
                data.Source);
        if (options.ConfidenceLevel is <= 0 or >= 1)
            throw new AnalysisException($"Confidence level {options.ConfidenceLevel} must lie strictly between 0 and 1.");
    }
}
