using System.Text.Json;
using System.Text.Json.Serialization;
using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Trials.Chunks;

/// <summary>
/// What every chunk of a trial needs besides its subject range, as plain data that can be written to a file or sent to
/// another machine: the model, arms, subjects per arm, weeks, species, seed, the population file's text, the chunk size
/// and the program version. Two runs with equal specs give equal results subject by subject.
/// </summary>
public sealed record TrialSpec
{
    /// <summary>The subject model's name (<see cref="Models.ISubjectModelFactory.Name"/>).</summary>
    public required string Model { get; init; }
    /// <summary>The arms in order (the arm index seeds the subjects).</summary>
    public required IReadOnlyList<ArmSpec> Arms { get; init; }
    /// <summary>Subjects per arm.</summary>
    public required int SubjectsPerArm { get; init; }
    /// <summary>Trial length, weeks.</summary>
    public required int Weeks { get; init; }
    /// <summary>Species.</summary>
    public required Organism Species { get; init; }
    /// <summary>Master seed.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Days between stored time-course rows (an output setting; carried so that shards of one trial agree on it).</summary>
    public required int TimecourseEveryDays { get; init; }
    /// <summary>Where the population came from (the <c>--population</c> path), null for the embedded default.</summary>
    public string? PopulationSource { get; init; }
    /// <summary>The population file's text; null for the embedded default.</summary>
    public string? PopulationText { get; init; }
    /// <summary>Subjects per chunk.</summary>
    public required int ChunkSize { get; init; }
    /// <summary>The program that made the spec (<see cref="ProgramVersion.Current"/>): chunks run only on the same program.</summary>
    public required string ProgramVersion { get; init; }

    static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The spec of a trial run with <paramref name="options"/> by the model <paramref name="modelName"/>.</summary>
    public static TrialSpec From(TrialOptions options, string modelName, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TrialSpec
        {
            Model = modelName,
            Arms = options.Arms.ToList(),
            SubjectsPerArm = options.SubjectsPerArm,
            Weeks = options.Weeks,
            Species = options.Species,
            Seed = options.Seed,
            TimecourseEveryDays = options.TimecourseEveryDays,
            PopulationSource = options.PopulationFile,
            PopulationText = options.PopulationText ?? (options.PopulationFile is { } path ? Population.PopulationFile.ReadText(path) : null),
            ChunkSize = chunkSize,
            ProgramVersion = Chunks.ProgramVersion.Current,
        };
    }

    /// <summary>Options that run this spec into <paramref name="outputDirectory"/>.</summary>
    public TrialOptions ToOptions(string outputDirectory) => new()
    {
        Arms = Arms,
        SubjectsPerArm = SubjectsPerArm,
        Weeks = Weeks,
        Species = Species,
        Seed = Seed,
        TimecourseEveryDays = TimecourseEveryDays,
        PopulationFile = PopulationSource,
        PopulationText = PopulationText,
        OutputDirectory = outputDirectory,
    };

    /// <summary>The spec as JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a spec written by <see cref="ToJson"/>; <paramref name="source"/> names it in the error.</summary>
    public static TrialSpec FromJson(string json, string source)
    {
        try { return JsonSerializer.Deserialize<TrialSpec>(json, Json) ?? throw new JsonException("empty"); }
        catch (JsonException ex) { throw new TrialInputException($"{source}: not a trial spec ({ex.Message})", ex); }
    }

    /// <summary>The settings that make results differ, as (name, value) pairs, for saying which one two specs disagree on.</summary>
    public IEnumerable<(string Name, string Value)> Settings()
    {
        yield return ("program version", ProgramVersion);
        yield return ("model", Model);
        yield return ("arms", string.Join(" | ", Arms.Select(a => $"{a.Label}: {a.Regimen}")));
        yield return ("--n", SubjectsPerArm.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("--weeks", Weeks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("--species", Species.Name());
        yield return ("--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("--timecourses", TimecourseEveryDays.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("--population", (PopulationSource ?? "(embedded)") + (PopulationText is null ? "" : $" ({PopulationText.Length} characters, hash {TextHash(PopulationText)})"));
        yield return ("chunk size", ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    static string TextHash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
}
