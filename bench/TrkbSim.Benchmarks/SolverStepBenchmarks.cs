using BenchmarkDotNet.Attributes;
using TrkbSim.Numerics.Ode;

namespace TrkbSim.Benchmarks;

/// <summary>
/// One accepted solver step on HIRES (8 states) and one dense-output evaluation inside it. The integration
/// restarts from t = 0 whenever it reaches the end, so every call is a real step of a real integration.
/// </summary>
[MemoryDiagnoser]
public class SolverStepBenchmarks
{
    private const double End = 321.8122;
    private OdeSolver _solver = null!;
    private IOdeSystem _system = null!;
    private double[] _y0 = null!, _out = null!;
    private readonly OdeOptions _options = new() { RelTol = 1e-6, AbsTol = 1e-12, MaxSteps = long.MaxValue };

    [Params("tsit5", "rodas5p")]
    public string Solver { get; set; } = "rodas5p";

    [GlobalSetup]
    public void Setup()
    {
        var (_, system, y0) = Models.Prepare(Models.Compile("hires"));
        _system = system;
        _y0 = y0;
        _out = new double[y0.Length];
        _solver = SolverFactory.Create(Solver);
        _solver.Initialize(_system, 0, _y0, _options);
        _solver.Step(End);
    }

    [Benchmark]
    public double Step()
    {
        if (_solver.Time >= End) _solver.Initialize(_system, 0, _y0, _options);
        _solver.Step(End);
        return _solver.Time;
    }

    [Benchmark]
    public double DenseOutput()
    {
        _solver.Interpolate(0.5 * (_solver.PreviousTime + _solver.Time), _out);
        return _out[0];
    }
}
