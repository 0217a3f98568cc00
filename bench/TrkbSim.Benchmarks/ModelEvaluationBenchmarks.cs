using BenchmarkDotNet.Attributes;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Benchmarks;

/// <summary>One right-hand-side and one Jacobian evaluation of a compiled model, as the solvers call them.</summary>
[MemoryDiagnoser]
public class ModelEvaluationBenchmarks
{
    private IOdeSystem _system = null!;
    private double[] _y = null!, _dydt = null!, _jac = null!;

    [Params("hires", "pk2c", "network1000")]
    public string Model { get; set; } = "hires";

    [GlobalSetup]
    public void Setup()
    {
        var (_, system, y0) = Models.Prepare(Models.Compile(Model));
        _system = system;
        _y = y0;
        _dydt = new double[y0.Length];
        _jac = new double[y0.Length * y0.Length];
    }

    [Benchmark]
    public void Rhs() => _system.Derivatives(1.0, _y, _dydt);

    [Benchmark]
    public void Jacobian() => _system.Jacobian(1.0, _y, _jac);
}
