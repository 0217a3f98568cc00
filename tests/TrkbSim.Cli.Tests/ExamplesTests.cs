using System.Globalization;
using System.Text.Json;

namespace TrkbSim.Cli.Tests;

/// <summary>
/// Runs every `trkbsim` line of examples/README.md exactly as bash splits it, in order, in-process; the README's
/// paths are relative to the repository root, and its outputs (under out/examples/) go to a temporary folder that
/// is deleted afterwards. Checks the exit codes, the files named after --out, --plot, --summary and --export, and
/// the key numbers the README quotes.
/// </summary>
[Collection("cli")]
public class ExamplesTests
{
    const string OutPrefix = "out/examples";
    static readonly string[] FileOptions = ["--out", "--plot", "--summary", "--export"];

    static string[] Lines() =>
        [.. File.ReadAllLines(Path.Combine(CliHarness.RepositoryRoot(), "examples", "README.md"))
            .Where(l => l.StartsWith("    trkbsim ", StringComparison.Ordinal))
            .Select(l => l.Trim())];

    /// <summary>A README word with the repository-relative paths made absolute and out/examples moved to <paramref name="temp"/>.</summary>
    static string Rewrite(string word, string root, string temp)
    {
        if (word == OutPrefix || word.StartsWith(OutPrefix + "/", StringComparison.Ordinal))
            return temp + word[OutPrefix.Length..];
        if (word.StartsWith("examples/", StringComparison.Ordinal))
            return Path.Combine(root, word);
        Assert.DoesNotContain(OutPrefix, word);
        return word;
    }

    static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    static double[] LastRow(string csv) =>
        [.. File.ReadAllLines(csv).Last(l => l.Length > 0).Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];

    [Fact]
    public void EveryCommandOfTheExamplesReadmeRunsAsWrittenAndGivesTheNumbersItQuotes()
    {
        string root = CliHarness.RepositoryRoot();
        string temp = CliHarness.TempDir();
        try
        {
            var lines = Lines();
            Assert.True(lines.Length >= 10, $"only {lines.Length} commands in examples/README.md");
            foreach (string line in lines)
            {
                Assert.DoesNotContain(" | ", line);
                string[] words = [.. ReadmeCommandTests.BashWords(line["trkbsim ".Length..]).Select(w => Rewrite(w, root, temp))];
                var (code, _, err) = CliHarness.Run(words);
                Assert.True(code == 0, $"'{line}' exited with {code}: {err}");
                for (int i = 0; i + 1 < words.Length; i++)
                    if (FileOptions.Contains(words[i]))
                    {
                        Assert.True(File.Exists(words[i + 1]) || Directory.Exists(words[i + 1]), $"'{line}' wrote no {words[i + 1]}");
                        if (words[i + 1].EndsWith(".json", StringComparison.Ordinal)) CheckVersionedFormat(words[i + 1], line);
                    }
            }

            // fit: the true parameters (ka = 1, CL = 5, V = 50) within 10 %
            var fit = Json(Path.Combine(temp, "pk1-fit.json")).GetProperty("parameters");
            foreach (var (id, truth) in new[] { ("ka", 1.0), ("CL", 5.0), ("V", 50.0) })
            {
                double estimate = fit.GetProperty(id).GetProperty("estimate").GetDouble();
                Assert.True(Math.Abs(estimate / truth - 1) < 0.1, $"{id} = {estimate}, true {truth}");
            }

            // Sobol indices of the Ishigami function: S1 = 0.314, S2 = 0.442, S3 = 0
            var first = Json(Path.Combine(temp, "ishigami-sobol.json")).GetProperty("first_order");
            Assert.InRange(first.GetProperty("x1").GetDouble(), 0.314 - 0.1, 0.314 + 0.1);
            Assert.InRange(first.GetProperty("x2").GetDouble(), 0.442 - 0.1, 0.442 + 0.1);
            Assert.InRange(first.GetProperty("x3").GetDouble(), -0.1, 0.1);

            // Robertson at 1e11 against the published reference (bench/problems/robertson.ref.csv)
            var rober = LastRow(Path.Combine(temp, "robertson.csv"));
            Assert.Equal(1e11, rober[0]);
            Assert.True(Math.Abs(rober[1] / 2.0833401497e-8 - 1) < 1e-3, $"y1(1e11) = {rober[1]}");

            // enzyme steady state: kcat ES = kback P, P = 7.952
            var state = Json(Path.Combine(temp, "enzyme-steady.json")).GetProperty("state");
            Assert.Equal(7.952239, state.GetProperty("P").GetDouble(), 1e-5);
            Assert.Equal(2 * state.GetProperty("ES").GetDouble(), 0.1 * state.GetProperty("P").GetDouble(), 1e-9);

            // the committed SBML file is what convert writes, and simulating it ends near the steady state
            Assert.Equal(
                File.ReadAllText(Path.Combine(root, "examples", "enzyme.xml")).ReplaceLineEndings(),
                File.ReadAllText(Path.Combine(temp, "enzyme.xml")).ReplaceLineEndings());
            Assert.Equal(7.9522, LastRow(Path.Combine(temp, "enzyme-sbml.csv"))[4], 1e-4);

            // steady-state start: the first week repeats the starting trough, and norfluoxetine washes out by week 8
            var stop = File.ReadAllLines(Path.Combine(temp, "fluoxetine-stop.csv"));
            int norfluoxetine = Array.IndexOf(stop[0].Split(','), "plasma_norfluoxetine_ng_per_mL");
            double Norfluoxetine(int hour) => double.Parse(stop[hour + 1].Split(',')[norfluoxetine], CultureInfo.InvariantCulture);
            Assert.Equal(76.07, Norfluoxetine(0), 0.01);
            Assert.Equal(Norfluoxetine(0), Norfluoxetine(168), 1e-5);
            Assert.True(Norfluoxetine(8 * 168) < 0.1 * Norfluoxetine(0), $"norfluoxetine at week 8: {Norfluoxetine(8 * 168)}");
            Assert.InRange(Json(Path.Combine(temp, "fluoxetine-stop-summary.json")).GetProperty("steady_state_start").GetProperty("newton_iterations").GetInt32(), 1, 20);

            // the committed archive is what export-omex writes, and run-omex gives the simulate table's numbers
            Assert.Equal(File.ReadAllBytes(Path.Combine(root, "examples", "enzyme.omex")), File.ReadAllBytes(Path.Combine(temp, "enzyme.omex")));
            Assert.Equal(LastRow(Path.Combine(temp, "enzyme-sbml.csv")), LastRow(Path.Combine(temp, "enzyme-omex", "simulation", "report.csv")));

            // the trial: fluoxetine responds more than placebo at week 6
            var week6 = File.ReadAllLines(Path.Combine(temp, "trial-week6.csv"));
            Assert.Equal("arm,mean_change,response_rate,remission_rate", week6[0]);
            double Response(string arm) => double.Parse(week6.Single(l => l.StartsWith(arm + ",", StringComparison.Ordinal)).Split(',')[2], CultureInfo.InvariantCulture);
            Assert.True(Response("fluoxetine") > Response("placebo"));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Every JSON result starts with its versioned "format", and docs/interop.md documents that format.</summary>
    static void CheckVersionedFormat(string path, string line)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var first = doc.RootElement.EnumerateObject().First();
        Assert.True(first.Name == "format", $"'{line}': {Path.GetFileName(path)} starts with '{first.Name}', not 'format'");
        string format = first.Value.GetString()!;
        Assert.Contains($"`{format}`", File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot(), "docs", "interop.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryExampleFileIsNamedInTheExamplesReadme()
    {
        string folder = Path.Combine(CliHarness.RepositoryRoot(), "examples");
        string readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (relative == "README.md") continue;
            Assert.True(readme.Contains($"`{relative}`", StringComparison.Ordinal) || readme.Contains($"`{Path.GetFileName(file)}`", StringComparison.Ordinal),
                $"examples/{relative} is not named in examples/README.md");
        }
    }

    [Fact]
    public void TheMainReadmeLinksTheExamples() =>
        Assert.Contains("](examples/README.md)", File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot(), "README.md")), StringComparison.Ordinal);
}
