using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using TrkbSim.Bench;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Simulation;

namespace TrkbSim.Benchmarks;

/// <summary>
/// Model build time (Antimony parse, compile to delegates) as the generated reaction network grows.
/// Few iterations: one 10,000-species build takes seconds, and build time is paid once per model.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class BuildScalingBenchmarks
{
    private string _text = "";
    private Model _model = null!;

    [Params(10, 100, 1000, 10000)]
    public int Species { get; set; } = 10;

    [GlobalSetup]
    public void Setup()
    {
        _text = NetworkGenerator.Antimony(Species);
        _model = AntimonyReader.Parse(_text, "network.ant");
    }

    [Benchmark]
    public Model Parse() => AntimonyReader.Parse(_text, "network.ant");

    [Benchmark]
    public CompiledModel Compile() => ModelCompiler.Compile(_model);
}
