#if TRKBSIM_ENGINE
using System.Globalization;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Simulation;

namespace TrkbSim.Bench.Peers;

/// <summary>
/// Measures model build time (Antimony parse + compile to delegates). The first build in the process is
/// reported separately: it includes JIT of the reader and compiler, which a one-shot command-line run pays.
/// </summary>
public static class BuildTimer
{
    public const string Header = "model\tspecies\treactions\tparse_first_seconds\tcompile_first_seconds\tparse_median_seconds\tcompile_median_seconds\treps";

    /// <summary>Builds each (name, text) model; the first one in the list is the one measured cold.</summary>
    public static void Run(IReadOnlyList<(string Name, string Text)> models, string outPath, int reps)
    {
        using var tsv = new StreamWriter(outPath);
        tsv.WriteLine(Header);
        var c = CultureInfo.InvariantCulture;
        foreach (var (name, text) in models)
        {
            TrkbSim.Modeling.Model? model = null;
            double parseFirst = Timing.Seconds(() => model = AntimonyReader.Parse(text, name));
            double compileFirst = Timing.Seconds(() => ModelCompiler.Compile(model!));
            var parse = new List<double>();
            var compile = new List<double>();
            for (int i = 0; i < reps; i++)
            {
                parse.Add(Timing.Seconds(() => model = AntimonyReader.Parse(text, name)));
                compile.Add(Timing.Seconds(() => ModelCompiler.Compile(model!)));
            }
            tsv.WriteLine(string.Join('\t', name, model!.Species.Length.ToString(c), model.Reactions.Length.ToString(c),
                parseFirst.ToString("R", c), compileFirst.ToString("R", c), Timing.Median(parse).ToString("R", c),
                Timing.Median(compile).ToString("R", c), reps.ToString(c)));
            tsv.Flush();
            Console.Error.WriteLine($"build {name,-12} species={model.Species.Length} first: parse {1e3 * parseFirst:F1} ms + compile {1e3 * compileFirst:F1} ms; " +
                $"median: parse {1e3 * Timing.Median(parse):F1} ms + compile {1e3 * Timing.Median(compile):F1} ms");
        }
    }
}
#endif
