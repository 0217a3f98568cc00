using TrkbSim.Simulation.SbmlTestSuite;

namespace TrkbSim.Simulation.Tests.SbmlTestSuite;

/// <summary>
/// A spread of the SBML Test Suite's passing cases (every 60th of expected-pass.txt: rate laws, rules, events,
/// delays) solved with the BDF solver instead of the default, against the suite's expected results.
/// </summary>
public sealed class BdfSuiteTests
{
    [Fact]
    public void ASpreadOfPassingCasesAlsoPassesWithBdf()
    {
        var expected = SharedSuite.ExpectedPass();
        var chosen = expected.Where((_, i) => i % 60 == 0).ToList();
        Assert.True(chosen.Count >= 20);
        var report = SbmlTestSuiteRunner.Run(SharedSuite.CasesDirectory(), chosen, Math.Max(1, Environment.ProcessorCount),
            new EngineCaseSimulator { Solver = "bdf" }, SbmlTestSuiteRunner.DefaultCaseTimeout);
        Assert.Equal(chosen.Count, report.Totals.Total);
        var failed = report.Cases.Where(c => c.Status != CaseStatus.Passed).Select(c => $"{c.Id}: {c.Status}: {c.Reason}").ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {chosen.Count} cases fail with bdf:\n" + string.Join("\n", failed));
    }
}
