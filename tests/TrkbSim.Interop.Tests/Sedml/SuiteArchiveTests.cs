using TrkbSim.Interop.Omex;
using TrkbSim.Interop.Sedml;
using TrkbSim.Interop.Tests.Support;
using TrkbSim.Modeling.Sbml;
using TrkbSim.Simulation.SbmlTestSuite;
using TrkbSim.Simulation.Tests.SbmlTestSuite;

namespace TrkbSim.Interop.Tests.Sedml;

/// <summary>
/// SBML Test Suite cases packed as COMBINE/OMEX archives (the case's SBML file and SED-ML written from its settings:
/// start, duration, steps, variables, amount or concentration) and run as <c>run-omex</c> runs them give the suite's
/// expected results within the suite's tolerances.
/// </summary>
public sealed class SuiteArchiveTests
{
    /// <summary>
    /// Every 20th case of the committed expected-pass list, plus the first eight with events and the first eight with
    /// assignment rules: a fixed sample, so the test is fast and always checks the same cases.
    /// </summary>
    public static IReadOnlyList<string> Sample()
    {
        var cases = SharedSuite.CasesDirectory();
        CaseDescription Describe(string id) => CaseDescription.Parse(File.ReadAllText(Path.Combine(cases, id, $"{id}-model.m")));
        // Time courses only: flux balance cases report optimal fluxes, which SED-ML's time courses do not describe.
        var pass = SharedSuite.ExpectedPass().Where(id => Describe(id).TestType == "TimeCourse").ToList();
        var sample = pass.Where((_, i) => i % 20 == 0).ToList();
        string[] Tagged(string tag) => [.. pass.Where(id => !sample.Contains(id)).Where(id => Describe(id).ComponentTags.Contains(tag)).Take(8)];
        sample.AddRange(Tagged("EventWithDelay").Concat(Tagged("EventNoDelay")).Distinct().Take(8));
        sample.AddRange(Tagged("AssignmentRule").Where(id => !sample.Contains(id)));
        return sample;
    }

    [Fact]
    public void SampledSuiteCasesRunAsArchivesMatchTheExpectedResults()
    {
        var cases = SharedSuite.CasesDirectory();
        var sample = Sample();
        Assert.True(sample.Count >= 80, $"sample has {sample.Count} cases");
        var dir = SedFixtures.TempDir();
        var failures = new List<string>();
        int run = 0;
        try
        {
            foreach (var id in sample)
            {
                var c = SbmlTestCase.Load(Path.Combine(cases, id));
                var expected = ResultTable.Parse(File.ReadAllText(c.ResultsFile), c.ResultsFile);
                var model = SbmlReader.ReadFile(c.SbmlFile!);
                var outputs = SbmlTestSuiteRunner.Outputs(model, c.Settings, expected);
                var sedml = SedmlWriter.TimeCourse(new SedTimeCourseSpec
                {
                    Model = model,
                    ModelSource = "model.xml",
                    Start = c.Settings.Start,
                    End = c.Settings.Start + c.Settings.Duration,
                    Steps = c.Settings.Steps,
                    RelTol = 1e-10,
                    AbsTol = Math.Clamp(c.Settings.Absolute * 1e-6, 1e-20, 1e-12),
                    Outputs = [.. outputs],
                    Plot = false,
                });
                var archive = SedFixtures.Archive(dir, id + ".omex",
                    ("model.xml", OmexArchive.SbmlFormat, false, File.ReadAllText(c.SbmlFile!)),
                    ("sim/case.sedml", OmexArchive.SedmlFormat, true, OmexWriter.Xml(sedml).Replace("source=\"model.xml\"", "source=\"../model.xml\"", StringComparison.Ordinal)));
                var results = SedmlExecution.RunArchive(archive, _ => { });
                var report = Assert.Single(Assert.Single(results).Reports);
                Assert.Equal(expected.Columns.Length + 1, report.DataSets.Length);
                var times = report.DataSets[0].Data;
                Assert.Equal(expected.Times.Length, times.Length);
                for (int i = 0; i < times.Length; i++) Assert.Equal(expected.Times[i], times[i], 1e-9 * Math.Max(1, Math.Abs(expected.Times[i])));
                var worst = ResultComparison.Worst(expected, times, [.. report.DataSets.Skip(1).Select(d => d.Data)], c.Settings.Absolute, c.Settings.Relative);
                if (worst is { Ratio: > 1 }) failures.Add($"{id}: {worst.Variable} at t={worst.Time}: expected {worst.Expected}, got {worst.Actual}");
                run++;
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
        Assert.Equal(sample.Count, run);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
