using BenchmarkDotNet.Attributes;
using TrkbSim.Modeling;
using TrkbSim.Simulation;

namespace TrkbSim.Benchmarks;

/// <summary>Event location (a state-triggered event located about 100 times) and model compile time.</summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private Simulator _sawtooth = null!;
    private Model _hires = null!, _pk = null!;
    private readonly SimulationSettings _settings = new() { Start = 0, End = 100, Steps = 100, Solver = "tsit5", RelTol = 1e-8, AbsTol = 1e-10 };

    [GlobalSetup]
    public void Setup()
    {
        _ = Models.Text("hires"); // runs the static set-up that registers the solvers
        _sawtooth = ModelCompiler.Compile(TrkbSim.Modeling.Antimony.AntimonyReader.Parse(Models.Sawtooth, "sawtooth.ant")).CreateSimulator();
        _hires = Models.Parse("hires");
        _pk = Models.Parse("pk2c");
    }

    /// <summary>100 time units with about 100 located trigger crossings (root finding on the dense output).</summary>
    [Benchmark]
    public int EventLocation() => _sawtooth.Run(_settings).Times.Length;

    [Benchmark]
    public CompiledModel CompileHires() => ModelCompiler.Compile(_hires);

    [Benchmark]
    public CompiledModel CompilePk() => ModelCompiler.Compile(_pk);
}
