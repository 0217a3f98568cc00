using System.Text;
using System.Text.RegularExpressions;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Pharmacology.Compounds;
using static TrkbSim.Pharmacology.Mechanism.AntimonyFormat;

namespace TrkbSim.Pharmacology.Mechanism;

/// <summary>
/// Assembles the mechanism model as one flat Antimony text: the generated exposure part, the TRKB core
/// (Data/Models/trkb_core.ant) and the run settings as parameter assignments (later assignments win).
/// </summary>
public static partial class MechanismAssembler
{
    public const string CoreResource = "TrkbSim.Pharmacology.Data.Models.trkb_core.ant";

    /// <summary>Default guidance values when the core does not define guidance_* parameters.</summary>
    static readonly Dictionary<LivingEnvironment, (string Name, double Value)> Guidance = new()
    {
        [LivingEnvironment.Supportive] = ("guidance_supportive", 1),
        [LivingEnvironment.Usual] = ("guidance_usual", 0.5),
        [LivingEnvironment.None] = ("guidance_none", 0),
        [LivingEnvironment.Stressful] = ("guidance_stressful", -0.5),
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>The core model text embedded in the assembly.</summary>
    public static string LoadCoreText()
    {
        using var stream = typeof(MechanismAssembler).Assembly.GetManifestResourceStream(CoreResource)
            ?? throw new InvalidOperationException(
                $"the TRKB core model ({CoreResource}, file Data/Models/trkb_core.ant) is not embedded in this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The full mechanism text for these settings. <paramref name="library"/> defaults to the built-in library,
    /// <paramref name="coreText"/> to the embedded core.
    /// </summary>
    public static string Assemble(MechanismSettings settings, CompoundLibrary? library = null, string? coreText = null) =>
        AssembleWithExposure(settings, library, coreText).Text;

    /// <summary>The full mechanism text and the exposure part it was built from (its library-valued parameters).</summary>
    public static (string Text, ExposurePart Exposure) AssembleWithExposure(MechanismSettings settings, CompoundLibrary? library = null, string? coreText = null)
    {
        library ??= CompoundLibrary.LoadDefault();
        coreText ??= LoadCoreText();
        Check(settings);

        var exposure = ExposurePartGenerator.Generate(library, settings.Species, settings.BodyWeightKg, settings.Regimens);
        var sb = new StringBuilder();
        sb.Append("// TrkbSim mechanism model: exposure part + TRKB core + run settings (one flat Antimony text).\n");
        sb.Append(exposure.Text);
        sb.Append("\n// ===== TRKB core (Data/Models/trkb_core.ant) =====\n");
        sb.Append(coreText);
        if (!coreText.EndsWith('\n')) sb.Append('\n');
        foreach (var module in settings.Modules)
        {
            sb.Append('\n').Append(module);
            if (!module.EndsWith('\n')) sb.Append('\n');
        }

        sb.Append("\n// ===== Run settings =====\n");
        sb.Append($"y433f_alleles = {(int)settings.Genotype};\n");
        if (settings.Species == Organism.Mouse && Defines(coreText, "k_rewire_mouse")) sb.Append("k_rewire = k_rewire_mouse;  // mouse rewiring rate\n");
        if (settings.CholesterolMolPct is { } chol) sb.Append($"cholesterol_molpct = {Num(chol)};\n");
        sb.Append($"cholesterol_depletion = {Num(settings.CholesterolDepletion)};\n");
        var (gName, gValue) = Guidance[settings.Environment];
        sb.Append(Defines(coreText, gName) ? $"guidance = {gName};\n" : $"guidance = {Num(gValue)};\n");
        sb.Append($"bdnf_knockout = {Flag(settings.BdnfKnockout)};\n");
        sb.Append($"exercise = {Flag(settings.Exercise)};\n");
        if (settings.Therapy) sb.Append("therapy = 1;\n");
        sb.Append($"serotonin_pathway = {Flag(settings.SerotoninPathway)};\n");
        if (settings.Stress is { } stress) sb.Append($"stress = {Flag(stress)};\n");
        if (settings.KetamineBdnfSynthesis is { } kbs) sb.Append($"ketamine_bdnf_synthesis = {Flag(kbs)};\n");
        if (settings.Placebo is { } placebo) sb.Append($"placebo = {Num(placebo)};\n");
        sb.Append($"exposure_membrane = {(settings.Exposure == ExposureHypothesis.Membrane ? 1 : 0)};\n");
        foreach (var (enzyme, phenotype) in new[] { (CypEnzyme.Cyp2d6, settings.Cyp2d6), (CypEnzyme.Cyp2c19, settings.Cyp2c19) })
        {
            if (phenotype == MetaboliserPhenotype.Normal) continue;
            var activity = library.Species[settings.Species].CypActivity.TryGetValue(enzyme, out var byPhenotype) ? byPhenotype[phenotype]
                : throw new PharmacologyInputException(
                    $"{enzyme.Name()} phenotype '{phenotype.Name()}': the compound library has no {enzyme.Name()} activities for {settings.Species.Name()}");
            sb.Append($"{enzyme.Name()}_activity = {Num(activity.Value)};  // {phenotype.Name()} metaboliser\n");
        }

        if (settings.ParameterOverrides.Count > 0)
        {
            string body = sb.ToString();
            sb.Append("\n// ===== Parameter overrides =====\n");
            foreach (var (name, value) in settings.ParameterOverrides.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!Identifier().IsMatch(name))
                    throw new PharmacologyInputException($"parameter override '{name}': not a valid parameter name");
                if (!Regex.IsMatch(body, $@"\b{Regex.Escape(name)}\b"))
                    throw new PharmacologyInputException(
                        $"parameter override '{name}': no such symbol in the mechanism model for these compounds and settings");
                if (!double.IsFinite(value))
                    throw new PharmacologyInputException($"parameter override '{name}': value {value} is not a finite number");
                sb.Append($"{name} = {Num(value)};\n");
            }
        }
        return (sb.ToString(), exposure);
    }

    /// <summary>The assembled mechanism parsed into a model description (source name "mechanism.ant").</summary>
    public static Model BuildModel(MechanismSettings settings, CompoundLibrary? library = null, string? coreText = null) =>
        AntimonyReader.Parse(Assemble(settings, library, coreText), "mechanism.ant");

    static void Check(MechanismSettings s)
    {
        if (s.CholesterolDepletion is < 0 or > 1 || double.IsNaN(s.CholesterolDepletion))
            throw new PharmacologyInputException($"cholesterol depletion {s.CholesterolDepletion} is out of range; allowed: 0 to 1 (fraction removed)");
        if (s.CholesterolMolPct is { } c && (c < 0 || c > 100 || double.IsNaN(c)))
            throw new PharmacologyInputException($"cholesterol {c} mol% is out of range; allowed: 0 to 100");
        if (s.Placebo is { } p && !double.IsFinite(p))
            throw new PharmacologyInputException($"placebo {p} is not a finite number");
    }

    static string Flag(bool b) => b ? "1" : "0";

    /// <summary>True when the text assigns or declares the symbol (not just mentions it).</summary>
    static bool Defines(string text, string symbol) =>
        Regex.IsMatch(text, $@"(?m)^\s*(const\s+|var\s+)?{Regex.Escape(symbol)}\s*(:?=)");
}
