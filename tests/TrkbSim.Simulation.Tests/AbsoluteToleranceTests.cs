using TrkbSim.Modeling;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

public class AbsoluteToleranceTests
{
    private const double Ka = 0.65, Ke = 0.01, Dose = 5e4;

    /// <summary>Oral one-compartment model: a depot emptying into a central compartment.</summary>
    private static Model Oral() => Model(compartments: [new Compartment("V", 1)],
        species: [Amount("gut", Dose), Amount("central", 0)], parameters: [P("ka", Ka), P("ke", Ke)],
        reactions: [R("absorption", "ka*gut", ["gut"], ["central"]), R("elimination", "ke*central", ["central"], [])]);

    private static double Central(double t) => Dose * Ka / (Ka - Ke) * (Math.Exp(-Ke * t) - Math.Exp(-Ka * t));

    [Theory]
    [InlineData("tsit5")]
    [InlineData("rodas5p")]
    [InlineData("rodas4")]
    [InlineData("auto")]
    public void PerStateToleranceLetsTheSolverStopFollowingANegligibleDepot(string solver)
    {
        var baseSettings = Settings(96, 96, rtol: 1e-6, atol: 1e-9) with { Variables = ["central"], Solver = solver };
        var tight = Simulate(Oral(), baseSettings);
        // The depot held to 1e-6 of the dose rather than to 1e-6 of what is left in it.
        var scaled = Simulate(Oral(), baseSettings with { AbsTolFor = new Dictionary<string, double> { ["gut"] = 1e-6 * Dose } });

        Assert.True(scaled.Statistics.AcceptedSteps < 0.7 * tight.Statistics.AcceptedSteps,
            $"steps: {scaled.Statistics.AcceptedSteps} with the scaled depot tolerance, {tight.Statistics.AcceptedSteps} without");
        var central = scaled.Column("central");
        for (int i = 0; i < scaled.Times.Length; i++)
        {
            double expected = Central(scaled.Times[i]);
            Assert.True(Math.Abs(central[i] - expected) <= 1e-5 * Math.Max(expected, 1),
                $"t = {scaled.Times[i]}: {central[i]} vs {expected}");
        }
    }

    [Fact]
    public void ToleranceForAnUnknownOrNonStateVariableIsRejected()
    {
        var sim = ModelCompiler.Compile(Oral()).CreateSimulator();
        var settings = Settings(10, 10);
        var unknown = Assert.Throws<ArgumentException>(() => sim.Run(settings with { AbsTolFor = new Dictionary<string, double> { ["ka"] = 1 } }));
        Assert.Contains("'ka'", unknown.Message);
        Assert.Contains("gut, central", unknown.Message);
        var negative = Assert.Throws<ArgumentException>(() => sim.Run(settings with { AbsTolFor = new Dictionary<string, double> { ["gut"] = -1 } }));
        Assert.Contains("'gut'", negative.Message);
    }
}
