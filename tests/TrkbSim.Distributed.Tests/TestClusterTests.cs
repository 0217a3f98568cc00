using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Trials;
using TrkbSim.Trials.Chunks;
using TrkbSim.Trials.Models;

namespace TrkbSim.Distributed.Tests;

/// <summary>Work sent to an in-process cluster of three silos gives exactly the results of a local run.</summary>
public sealed class TestClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    static TrialOptions Options(string outDir, int? threads) => new()
    {
        Arms = [ArmSpec.Parse("fluoxetine: fluoxetine 20mg oral every 24h"), ArmSpec.Parse("control: placebo")],
        SubjectsPerArm = 150,
        Weeks = 4,
        Seed = 11,
        Threads = threads,
        OutputDirectory = outDir,
        WritePictures = false,
    };

    [Fact]
    public void A_trial_on_three_silos_equals_the_local_run()
    {
        string tmp = Paths.Temp();
        try
        {
            var local = new TrialRunner(new AnalyticSubjectModelFactory()) { BatchSize = 20 }.Run(Options(Path.Combine(tmp, "local"), threads: 1));
            var cluster = new ClusterConnection(fixture.Cluster.Client);
            var remote = new TrialRunner(new AnalyticSubjectModelFactory()) { BatchSize = 20, Executor = new ClusterChunkExecutor(cluster) }
                .Run(Options(Path.Combine(tmp, "cluster"), threads: 1));
            foreach (var file in new[] { "summary.csv", "time_to_response.csv", "madrs_percentiles.csv", "subjects.csv" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(local.OutputDirectory, file)), File.ReadAllBytes(Path.Combine(remote.OutputDirectory, file)));
            Assert.Equal(300, remote.SubjectsSimulated);
            Assert.Equal(3, cluster.ActiveSilos());
        }
        finally { Directory.Delete(tmp, recursive: true); }
    }

    [Fact]
    public void A_run_has_one_worker_on_every_silo()
    {
        var silos = Enumerable.Range(0, 3)
            .Select(k => fixture.Cluster.Client.GetGrain<IWorkerGrain>(k, Guid.NewGuid().ToString("N")).Silo().GetAwaiter().GetResult())
            .ToHashSet();
        Assert.Equal(3, silos.Count);
    }

    [Fact]
    public void Sobol_indices_on_the_cluster_equal_the_local_ones()
    {
        string model = Path.Combine(Paths.RepoRoot(), "examples", "ishigami.ant");
        var ids = new[] { "x1", "x2", "x3" };
        var dists = ids.Select(id => ParameterDistribution.Parse($"{id}=uniform(-3.14159,3.14159)")).ToList();
        var evaluator = Analysis.Evaluation.SimulatorModelEvaluator.Create(Modeling.Antimony.AntimonyReader.Parse(File.ReadAllText(model), model));
        var local = new ModelSampleFunction(evaluator, ids, [ModelQuantity.Parse("Y@0")], [0.0]);
        var options = new SobolOptions { SampleSize = 64, Seed = 3, BootstrapSamples = 50 };
        string expected = SensitivityJson.Serialize(SobolAnalysis.Run(local, dists, options with { MaxDegreeOfParallelism = 1 }));
        var remote = new ClusterSampleFunction(new ClusterConnection(fixture.Cluster.Client),
            SampleJob.Create("ishigami.ant", File.ReadAllText(model), ids, ["Y@0"], [0.0]), local.OutputNames)
        { ChunkRows = 32 };
        Assert.Equal(expected, SensitivityJson.Serialize(SobolAnalysis.Run(remote, dists, options)));
        // Morris goes the same way.
        var morris = new MorrisOptions { Trajectories = 10, Seed = 5 };
        Assert.Equal(SensitivityJson.Serialize(MorrisScreening.Run(local, dists, morris)), SensitivityJson.Serialize(MorrisScreening.Run(remote, dists, morris)));
    }

    [Fact]
    public void Work_from_another_program_version_is_refused_with_both_versions_named()
    {
        string tmp = Paths.Temp();
        try
        {
            var factory = new AnalyticSubjectModelFactory();
            var spec = TrialSpec.From(Options(tmp, 1), factory.Name, 20) with { ProgramVersion = "0.0.1 (0123456789abcdef)" };
            var runner = new TrialChunkRunner(factory, spec);
            var executor = new ClusterChunkExecutor(new ClusterConnection(fixture.Cluster.Client));
            var ex = Assert.Throws<ClusterException>(() => executor.Execute(runner, TrialPlan.Chunks(spec), 1, _ => { }, default).ToList());
            Assert.Contains("0.0.1 (0123456789abcdef)", ex.Message, StringComparison.Ordinal);
            Assert.Contains(ProgramVersion.Current, ex.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(tmp, recursive: true); }
    }

    [Fact]
    public void Work_a_silo_refuses_as_bad_input_comes_back_as_bad_input()
    {
        string tmp = Paths.Temp();
        try
        {
            // The client's runner has a model; the silos have none of that name: the silo's input error must reach the
            // client as an input failure (the CLI then exits 2, as a local run would), naming the model.
            var factory = new UnknownToTheSilos();
            var spec = TrialSpec.From(Options(tmp, 1), factory.Name, 20);
            var runner = new TrialChunkRunner(factory, spec);
            var executor = new ClusterChunkExecutor(new ClusterConnection(fixture.Cluster.Client));
            var ex = Assert.Throws<ClusterException>(() => executor.Execute(runner, TrialPlan.Chunks(spec), 1, _ => { }, default).ToList());
            Assert.Equal(WorkerFailure.Input, ex.Failure);
            Assert.Contains("cannot run the model 'no-such-model'", ex.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(tmp, recursive: true); }
    }

    [Fact]
    public void An_unreachable_cluster_is_named()
    {
        int port = ProcessCluster.FreePort();
        var ex = Assert.Throws<ClusterException>(() => ClusterConnection.Connect($"127.0.0.1:{port}", TimeSpan.FromSeconds(2)));
        Assert.Contains($"127.0.0.1:{port}: cannot reach a TrkbSim cluster", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HOST:PORT", Assert.Throws<ClusterException>(() => ClusterConnection.ParseEndpoint("--cluster", "localhost")).Message, StringComparison.Ordinal);
    }

    /// <summary>A subject model the client has and the silos do not.</summary>
    sealed class UnknownToTheSilos : ISubjectModelFactory
    {
        public string Name => "no-such-model";
        public IArmModel CreateArm(ArmSpec arm, TrialOptions options, Trials.Population.PopulationSpec population) =>
            new AnalyticSubjectModelFactory().CreateArm(arm, options, population);
    }
}
