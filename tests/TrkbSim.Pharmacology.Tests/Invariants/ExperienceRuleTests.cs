using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Invariants;

/// <summary>The clinical layer's experience rule: what therapy and the environment do, computed from the same gate as the experiments.</summary>
public class ExperienceRuleTests(ITestOutputHelper output)
{
    static double Madrs8w(bool drug, bool therapy = false, LivingEnvironment environment = LivingEnvironment.Usual)
    {
        var settings = new MechanismSettings
        {
            Therapy = therapy,
            Environment = environment,
            Regimens = drug ? [RegimenParser.Parse("fluoxetine 20mg oral every 24h for 8w", CompoundLibrary.LoadDefault(), Organism.Human)] : [],
        };
        return RegimenRunner.Run(settings, 8 * 168, 24).Column("madrs")[^1];
    }

    [Fact]
    public void DrugPlusTherapyBeatsEitherAloneAndEachBeatsNothing()
    {
        double none = Madrs8w(false), therapy = Madrs8w(false, therapy: true), drug = Madrs8w(true), both = Madrs8w(true, therapy: true);
        output.WriteLine($"MADRS at 8 w: none {none:F2}, therapy {therapy:F2}, fluoxetine {drug:F2}, both {both:F2}");
        Assert.True(both < drug - 2 && both < therapy - 2, "the combination must be at least 2 points better than either");
        Assert.True(therapy < none - 2 && drug < none - 2);
        // Psychotherapy alone comes close to the drug alone (Cuijpers 2020: response RR 0.99).
        Assert.InRange(therapy - drug, -2.0, 2.0);
    }

    [Fact]
    public void AStressfulEnvironmentUnderAnOpenWindowMakesThingsWorseAndPlasticityAloneChangesNothing()
    {
        double stressed = Madrs8w(true, environment: LivingEnvironment.Stressful);
        double usual = Madrs8w(true);
        double noGuidance = Madrs8w(true, environment: LivingEnvironment.None);
        double untreatedStressed = Madrs8w(false, environment: LivingEnvironment.Stressful);
        output.WriteLine($"fluoxetine: stressful {stressed:F2}, usual {usual:F2}, no guidance {noGuidance:F2}; no drug stressful {untreatedStressed:F2}");
        Assert.True(stressed > 30 + 2, "an open window in a stressful environment must worsen the score");
        Assert.True(usual < 30 - 2);
        // With nothing to learn, the open window changes the network nothing; only the small monoamine term remains.
        Assert.InRange(noGuidance, 28.5, 30);
        Assert.Equal(30, untreatedStressed, 6);
    }
}
