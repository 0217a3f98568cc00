using TrkbSim.Analysis.Sensitivity;

namespace TrkbSim.Analysis.Tests.Sensitivity;

/// <summary>The Ishigami function sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3, with a = 7, b = 0.1.</summary>
internal static class Ishigami
{
    public static double Value(double[] x) =>
        Math.Sin(x[0]) + 7 * Math.Pow(Math.Sin(x[1]), 2) + 0.1 * Math.Pow(x[2], 4) * Math.Sin(x[0]);

    public static DelegateSampleFunction Function() => new(["f"], (x, y) => y[0] = Value(x));

    public static ParameterDistribution[] Parameters() =>
        new[] { "x1", "x2", "x3" }.Select(id => ParameterDistribution.Parse($"{id}=uniform(-3.141592653589793,3.141592653589793)")).ToArray();

    // Analytic indices for a = 7, b = 0.1.
    public static readonly double[] FirstOrder = [0.3139, 0.4424, 0.0];
    public static readonly double[] TotalOrder = [0.5576, 0.4424, 0.2437];
}
