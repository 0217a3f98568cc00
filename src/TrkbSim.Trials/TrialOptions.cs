using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Trials;

/// <summary>
/// Everything a virtual trial needs, mirroring the <c>trkbsim trial</c> options:
/// <c>--arm</c> (repeatable), <c>--n</c>, <c>--weeks</c>, <c>--species</c>, <c>--seed</c>, <c>--threads</c>,
/// <c>--population</c>, <c>--timecourses</c>, <c>--out</c>.
/// </summary>
public sealed record TrialOptions
{
    /// <summary>The arms, in the order given (the arm index seeds the subjects' random streams).</summary>
    public required IReadOnlyList<ArmSpec> Arms { get; init; }
    /// <summary>Subjects per arm (<c>--n</c>, default 1000).</summary>
    public int SubjectsPerArm { get; init; } = 1000;
    /// <summary>Trial length in weeks (<c>--weeks</c>, default 8); visits are weekly, plus day 1.</summary>
    public int Weeks { get; init; } = 8;
    /// <summary>Species (<c>--species</c>); only "human" has a rated mood scale (MADRS).</summary>
    public Organism Species { get; init; } = Organism.Human;
    /// <summary>Master seed (<c>--seed</c>, default 42).</summary>
    public ulong Seed { get; init; } = 42;
    /// <summary>Worker threads (<c>--threads</c>); null = all cores. Results do not depend on it.</summary>
    public int? Threads { get; init; }
    /// <summary>Covariate and variability file in the format of the embedded population.json (<c>--population</c>).</summary>
    public string? PopulationFile { get; init; }
    /// <summary>
    /// The population file's text when it was read elsewhere (a shard being merged, a chunk on another machine); null:
    /// read <see cref="PopulationFile"/>, which then only names the population.
    /// </summary>
    public string? PopulationText { get; init; }
    /// <summary>Output folder (<c>--out</c>); written whole at the end or not at all.</summary>
    public required string OutputDirectory { get; init; }
    /// <summary>
    /// Write into an existing non-empty output folder (<c>--force</c>), replacing only files of the same name; without
    /// it such a folder is an error. Files the trial does not write are never touched.
    /// </summary>
    public bool Force { get; init; }
    /// <summary>
    /// Days between the stored rows of each subject's time course in the <c>timecourses</c> table (<c>--timecourses</c>:
    /// daily 1, weekly 7, none 0; default daily). Summaries, percentiles and weekly scores do not depend on it.
    /// </summary>
    public int TimecourseEveryDays { get; init; } = 1;
    /// <summary>Write PNG plots and report.html (tests may switch them off for speed).</summary>
    public bool WritePictures { get; init; } = true;

    /// <summary>Options for arms as given to <c>--arm</c> (<see cref="ArmSpec.Parse(string, CompoundLibrary)"/>, with the built-in library).</summary>
    public static TrialOptions FromArmStrings(IEnumerable<string> arms, string outputDirectory)
    {
        var library = CompoundLibrary.LoadDefault();
        return new() { Arms = arms.Select(a => ArmSpec.Parse(a, library)).ToList(), OutputDirectory = outputDirectory };
    }

    /// <summary>The <c>--timecourses</c> values and the days between stored rows.</summary>
    public static readonly IReadOnlyDictionary<string, int> TimecourseChoices =
        new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["daily"] = 1, ["weekly"] = 7, ["none"] = 0 };

    /// <summary>Days between stored rows for a <c>--timecourses</c> value; throws naming the allowed values.</summary>
    public static int ParseTimecourses(string value) =>
        TimecourseChoices.TryGetValue(value.Trim(), out int days) ? days
        : throw new TrialInputException($"--timecourses {value}: use {AllowedTimecourses()}");

    static string AllowedTimecourses() => string.Join(", ", TimecourseChoices.Keys.SkipLast(1)) + " or " + TimecourseChoices.Keys.Last();

    /// <summary>The thread count actually used.</summary>
    public int EffectiveThreads => Threads ?? Environment.ProcessorCount;

    /// <summary>Most worker threads: 4 per core (more only add memory and contention), at most 256.</summary>
    public static int MaxThreads => Math.Min(256, 4 * Environment.ProcessorCount);

    /// <summary>Most subject-weeks in one run (subjects x arms x weeks), what the results database and a day of compute hold.</summary>
    public const long MaxSubjectWeeks = 200_000_000;

    /// <summary>Checks option ranges; throws <see cref="TrialInputException"/> naming the option.</summary>
    public void Validate()
    {
        if (Arms is null || Arms.Count == 0)
            throw new TrialInputException("--arm: give at least one arm, e.g. --arm \"fluoxetine: fluoxetine 20mg oral every 24h\" --arm \"control: placebo\"");
        var dup = Arms.GroupBy(a => a.Label, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new TrialInputException($"--arm: label '{dup.Key}' is used by more than one arm; labels must differ");
        if (SubjectsPerArm <= 0) throw new TrialInputException($"--n {SubjectsPerArm}: subjects per arm must be a whole number >= 1");
        if (SubjectsPerArm > 10_000_000) throw new TrialInputException($"--n {SubjectsPerArm}: at most 10,000,000 subjects per arm");
        if (Weeks <= 0) throw new TrialInputException($"--weeks {Weeks}: trial length must be a whole number of weeks >= 1");
        if (Weeks > 520) throw new TrialInputException($"--weeks {Weeks}: at most 520 weeks (10 years)");
        if (Threads is { } t && t <= 0) throw new TrialInputException($"--threads {t}: must be >= 1 (leave it out to use all {Environment.ProcessorCount} cores)");
        if (Threads is { } t2 && t2 > MaxThreads)
            throw new TrialInputException($"--threads {t2}: at most {MaxThreads} (4 per core on this machine with {Environment.ProcessorCount} cores)");
        if ((long)SubjectsPerArm * Arms.Count * Weeks > MaxSubjectWeeks)
            throw new TrialInputException(
                $"--n {SubjectsPerArm} x {Arms.Count} arms x --weeks {Weeks} is {(long)SubjectsPerArm * Arms.Count * Weeks:N0} subject-weeks; at most {MaxSubjectWeeks:N0} in one run (split the trial or shorten it)");
        if (Species != Organism.Human)
            throw new TrialInputException($"--species {Species.Name()}: virtual trials rate mood on the MADRS, which exists for humans only; use --species human");
        if (!TimecourseChoices.Values.Contains(TimecourseEveryDays))
            throw new TrialInputException($"--timecourses: {TimecourseEveryDays} days between rows is not allowed; use {AllowedTimecourses()}");
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new TrialInputException("--out: give an output folder");
        if (PopulationFile is not null && PopulationText is null && !File.Exists(PopulationFile))
            throw new TrialInputException($"--population {PopulationFile}: file not found");
    }
}
