using System.Collections.Immutable;
using TrkbSim.Pharmacology;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using TrkbSim.Web.Api;

namespace TrkbSim.Web.Simulations;

/// <summary>A regimen request made ready to run: settings, run options and plausibility warnings, and the uncertainty asked for.</summary>
public sealed record PreparedRegimenRun(PreparedRegimen Regimen, UncertaintyRequest? Uncertainty);

/// <summary>
/// Turns a POST /api/regimen body into the <see cref="RegimenRequest"/> that <c>trkbsim regimen</c> builds from the
/// same options: each text value is read by the same <see cref="OptionText"/> reader and name table as the command's
/// option, and <see cref="RegimenRequest.Prepare"/> does the rest (checks, defaults, plausibility warnings), so both
/// give the same run. Messages name the JSON keys.
/// </summary>
public static class RegimenMapping
{
    public static PreparedRegimenRun Prepare(RegimenBody body, CompoundLibrary library)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(library);
        if (body.Doses is < 1 or > RegimenParser.MaxDoses)
            throw Bad($"doses: {body.Doses} is not allowed; allowed: 1 to {RegimenParser.MaxDoses:N0}");
        var request = new RegimenRequest
        {
            OptionPrefix = "",
            Drug = body.Drug,
            Dose = body.Dose,
            Route = body.Route,
            EveryHours = Hours("every", body.Every),
            ForHours = Hours("for", body.For),
            Doses = body.Doses,
            StartHours = Hours("start-at", body.StartAt, positive: false),
            Regimens = [.. body.Regimen ?? []],
            SimulateHours = Hours("simulate", body.Simulate),
            StepHours = Hours("step", body.Step) ?? 1,
            Strict = body.Strict == true,
            SteadyState = body.SteadyState == true,
            Settings = new MechanismSettings
            {
                Species = Choice("species", OrganismNames.Table, body.Species, Organism.Human),
                BodyWeightKg = body.Weight is { } w ? OptionText.WeightKg("weight", w) : null,
                Genotype = Choice("genotype", SettingNames.GenotypeTable, body.Genotype, Genotype.WildType),
                CholesterolMolPct = body.Cholesterol is { } c ? OptionText.Percent("cholesterol", c, 0, 100) : null,
                CholesterolDepletion = body.CholesterolDepletion is { } d ? OptionText.Percent("cholesterol-depletion", d, 0, 100) / 100 : 0,
                Environment = Choice("environment", SettingNames.EnvironmentTable, body.Environment, LivingEnvironment.Usual),
                Exposure = body.Exposure is { } e ? ExposureHypothesisNames.Parse(e, "exposure") : ExposureHypothesis.Membrane,
                Cyp2d6 = Choice("cyp2d6", CypNames.PhenotypeTable, body.Cyp2d6, MetaboliserPhenotype.Normal),
                Cyp2c19 = Choice("cyp2c19", CypNames.PhenotypeTable, body.Cyp2c19, MetaboliserPhenotype.Normal),
                BdnfKnockout = Choice("bdnf", SettingNames.BdnfKnockoutTable, body.Bdnf, false),
                Exercise = body.Exercise == true,
                Therapy = body.Therapy == true,
                SerotoninPathway = Choice("serotonin-pathway", SettingNames.SwitchTable, body.SerotoninPathway, true),
                KetamineBdnfSynthesis = body.KetamineBdnfSynthesis == true ? true : null,
                ParameterOverrides = (body.Set ?? ImmutableDictionary<string, double>.Empty).ToImmutableDictionary(),
            },
        };
        UncertaintyRequest? uncertainty = null;
        if (body.Uncertainty is { } samples)
        {
            if (samples is < 2 or > UncertaintyRunner.MaxSamples)
                throw Bad($"uncertainty: {samples} is not allowed; allowed: 2 to {UncertaintyRunner.MaxSamples} samples");
            uncertainty = new UncertaintyRequest(samples, body.Seed ?? 1);
        }
        else if (body.Seed is not null) throw Bad("seed: only used with uncertainty");
        return new PreparedRegimenRun(request.Prepare(library), uncertainty);
    }

    static double? Hours(string key, string? text, bool positive = true) => text is null ? null : OptionText.Hours(key, text, positive);

    static T Choice<T>(string key, TrkbSim.Modeling.Text.NameTable<T> table, string? text, T fallback) where T : struct =>
        text is null ? fallback : OptionText.Choice(key, table, text);

    static PharmacologyInputException Bad(string message) => new(message);
}
