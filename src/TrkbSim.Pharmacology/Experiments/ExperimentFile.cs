using System.Collections.Immutable;
using System.Text.Json;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Pharmacology.Experiments;

/// <summary>
/// Reads and checks an experiment protocol file (JSON, format <c>trkbsim-experiment/1</c>). Every error names the file,
/// the field and what is allowed. Names used across the file (phases, groups, readouts) must refer to ones it defines.
/// </summary>
public static class ExperimentFile
{
    public const string Format = "trkbsim-experiment/1";

    static readonly string[] TopFields =
    [
        "format", "name", "title", "description", "species", "model", "drug", "animals", "phases", "groups", "readouts",
        "variability", "timecourse", "comparisons", "expectations", "sources", "set",
    ];
    static readonly string[] StatusNames = ["measured", "derived", "assumed", "calibrated"];

    public static ExperimentProtocol Parse(string json, string source)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException e) { throw new PharmacologyInputException($"{source}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}", e); }
        using (doc)
        {
            var r = new Reader(source);
            var root = doc.RootElement;
            r.Fields(root, TopFields, "the file");
            if (r.Str(root, "format") != Format) throw r.Error($"field 'format': expected '{Format}'");
            string name = r.Str(root, "name");
            var species = r.List(root, "species").Select(e =>
                OrganismNames.TryParse(e.GetString() ?? "", out var o) ? o : throw r.Error($"field 'species': unknown species '{e}'; allowed: human, mouse")).ToImmutableArray();
            if (species.Length == 0) throw r.Error("field 'species': at least one species");

            var phases = r.List(root, "phases").Select((p, i) =>
            {
                r.Fields(p, ["name", "duration", "note"], $"phases[{i}]");
                return new ExperimentPhase(r.Str(p, "name"), r.Hours(p, "duration", $"phases[{i}].duration", positive: true));
            }).ToImmutableArray();
            if (phases.Length == 0) throw r.Error("field 'phases': at least one phase");
            Unique(r, phases.Select(p => p.Name), "phase");
            var phaseNames = phases.Select(p => p.Name).ToHashSet();
            void Phase(string phase, string where)
            {
                if (!phaseNames.Contains(phase))
                    throw r.Error($"{where}: unknown phase '{phase}'; phases: {string.Join(", ", phases.Select(p => p.Name))}");
            }

            var groups = r.List(root, "groups").Select((g, i) => ReadGroup(r, g, $"groups[{i}]", Phase, phases)).ToImmutableArray();
            if (groups.Length == 0) throw r.Error("field 'groups': at least one group");
            Unique(r, groups.Select(g => g.Name), "group");
            var groupNames = groups.Select(g => g.Name).ToHashSet();

            var readouts = new List<ExperimentReadout>();
            int k = 0;
            foreach (var e in r.List(root, "readouts"))
            {
                string where = $"readouts[{k++}]";
                r.Fields(e, ["name", "unit", "variable", "at", "mean_over", "noise_sd", "scale", "difference", "min", "max", "note"], where);
                var ro = new ExperimentReadout
                {
                    Name = r.Str(e, "name"),
                    Unit = r.OptStr(e, "unit") ?? "",
                    Variable = r.OptStr(e, "variable"),
                    NoiseSd = r.OptNum(e, "noise_sd") ?? 0,
                    Scale = r.OptNum(e, "scale") ?? 1,
                    Min = r.OptNum(e, "min") ?? double.NegativeInfinity,
                    Max = r.OptNum(e, "max") ?? double.PositiveInfinity,
                };
                if (ro.NoiseSd < 0) throw r.Error($"{where}.noise_sd: must be >= 0");
                if (e.TryGetProperty("difference", out var diff))
                {
                    var parts = diff.EnumerateArray().Select(x => x.GetString() ?? "").ToImmutableArray();
                    if (parts.Length != 2) throw r.Error($"{where}.difference: expected two readout names [first, second]");
                    foreach (var p in parts)
                        if (!readouts.Any(x => x.Name == p)) throw r.Error($"{where}.difference: '{p}' is not a readout defined before it");
                    ro = ro with { Difference = parts };
                }
                else
                {
                    if (ro.Variable is null) throw r.Error($"{where}: needs 'variable' (with 'at' or 'mean_over') or 'difference'");
                    if (r.OptStr(e, "mean_over") is { } over) { Phase(over, $"{where}.mean_over"); ro = ro with { Phase = over, When = ReadoutTime.Mean }; }
                    else if (r.OptStr(e, "at") is { } at)
                    {
                        var dot = at.LastIndexOf('.');
                        string phase = dot > 0 ? at[..dot] : at, edge = dot > 0 ? at[(dot + 1)..] : "";
                        Phase(phase, $"{where}.at");
                        ro = ro with
                        {
                            Phase = phase,
                            When = edge switch
                            {
                                "start" => ReadoutTime.Start,
                                "end" => ReadoutTime.End,
                                _ => throw r.Error($"{where}.at: '{at}' must be PHASE.start or PHASE.end"),
                            },
                        };
                    }
                    else throw r.Error($"{where}: needs 'at' (PHASE.start or PHASE.end) or 'mean_over' (PHASE)");
                }
                readouts.Add(ro);
            }
            Unique(r, readouts.Select(x => x.Name), "readout");
            var readoutNames = readouts.Select(x => x.Name).ToHashSet();
            void Readout(string name, string where)
            {
                if (!readoutNames.Contains(name)) throw r.Error($"{where}: unknown readout '{name}'; readouts: {string.Join(", ", readoutNames)}");
            }
            void Group(string name, string where)
            {
                if (!groupNames.Contains(name)) throw r.Error($"{where}: unknown group '{name}'; groups: {string.Join(", ", groupNames)}");
            }

            var comparisons = r.OptArray(root, "comparisons").Select((c, i) =>
            {
                string where = $"comparisons[{i}]";
                r.Fields(c, ["readout", "groups"], where);
                var gs = r.List(c, "groups").Select(x => x.GetString() ?? "").ToArray();
                if (gs.Length != 2) throw r.Error($"{where}.groups: expected two group names");
                Readout(r.Str(c, "readout"), where + ".readout");
                foreach (var g in gs) Group(g, where + ".groups");
                return new ExperimentComparison(r.Str(c, "readout"), gs[0], gs[1]);
            }).ToImmutableArray();

            var expectations = r.OptArray(root, "expectations").Select((x, i) =>
            {
                string where = $"expectations[{i}]";
                r.Fields(x, ["claim", "source", "readout", "group", "relation", "than", "factor", "significant"], where);
                Readout(r.Str(x, "readout"), where + ".readout");
                Group(r.Str(x, "group"), where + ".group");
                bool greater = r.Str(x, "relation") switch
                {
                    "greater" => true,
                    "less" => false,
                    var v => throw r.Error($"{where}.relation: '{v}' is not allowed; allowed: greater, less"),
                };
                string? than = null; double? thanValue = null;
                if (x.TryGetProperty("than", out var t) && t.ValueKind == JsonValueKind.Number) thanValue = t.GetDouble();
                else { than = r.Str(x, "than"); Group(than, where + ".than"); }
                bool significant = x.TryGetProperty("significant", out var s) && s.ValueKind == JsonValueKind.True;
                if (significant && than is null) throw r.Error($"{where}.significant: needs 'than' to be a group");
                return new ExperimentExpectation
                {
                    Claim = r.Str(x, "claim"), Source = r.Str(x, "source"), Readout = r.Str(x, "readout"), Group = r.Str(x, "group"),
                    Greater = greater, Than = than, ThanValue = thanValue, Factor = r.OptNum(x, "factor") ?? 1, Significant = significant,
                };
            }).ToImmutableArray();

            var variability = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
            if (root.TryGetProperty("variability", out var vEl))
                foreach (var p in vEl.EnumerateObject())
                {
                    double cv = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : double.NaN;
                    if (!(cv >= 0 && cv <= 2)) throw r.Error($"variability.{p.Name}: CV {p.Value} is out of range; allowed: 0 to 2");
                    variability[p.Name] = cv;
                }

            int animals = (int)(r.OptNum(root, "animals") ?? 8);
            if (animals is < 2 or > ExperimentRunner.MaxAnimals) throw r.Error($"field 'animals': {animals} is out of range; allowed: 2 to {ExperimentRunner.MaxAnimals}");
            return new ExperimentProtocol
            {
                Name = name,
                Title = r.Str(root, "title"),
                Description = r.Str(root, "description"),
                Species = species,
                Model = r.OptStr(root, "model"),
                Drug = r.Sourced(root.GetProperty("drug"), "drug", "regimen"),
                Animals = animals,
                Phases = phases,
                Groups = groups,
                Readouts = [.. readouts],
                Variability = variability.ToImmutable(),
                TimeCourse = [.. r.OptArray(root, "timecourse").Select(x => x.GetString() ?? "")],
                Comparisons = comparisons,
                Expectations = expectations,
                Sources = [.. r.OptArray(root, "sources").Select((x, i) => r.Sourced(x, $"sources[{i}]", "what"))],
                Set = r.Numbers(root, "set", "the file"),
            };
        }
    }

    static ExperimentGroup ReadGroup(Reader r, JsonElement g, string where, Action<string, string> phase, ImmutableArray<ExperimentPhase> phases)
    {
        r.Fields(g, ["name", "description", "drug", "genotype", "set", "during", "skip"], where);
        GroupDrug? drug = null;
        if (g.TryGetProperty("drug", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            r.Fields(d, ["regimen", "during", "once_before", "before"], where + ".drug");
            var during = r.OptArray(d, "during").Select(x => x.GetString() ?? "").ToImmutableArray();
            foreach (var p in during) phase(p, where + ".drug.during");
            var idx = during.Select(p => phases.Select(x => x.Name).ToList().IndexOf(p)).ToList();
            for (int i = 1; i < idx.Count; i++)
                if (idx[i] != idx[i - 1] + 1) throw r.Error($"{where}.drug.during: phases must be contiguous and in protocol order");
            string? once = r.OptStr(d, "once_before");
            if (once is not null) phase(once, where + ".drug.once_before");
            if ((during.Length > 0) == (once is not null)) throw r.Error($"{where}.drug: give either 'during' (phases) or 'once_before' (a phase)");
            drug = new GroupDrug
            {
                Regimen = r.OptStr(d, "regimen"), During = during, OnceBefore = once,
                BeforeHours = d.TryGetProperty("before", out _) ? r.Hours(d, "before", where + ".drug.before", positive: false) : 0,
            };
        }
        var genotype = r.OptStr(g, "genotype") is { } gt ? SettingNames.ParseGenotype(gt, where + ".genotype") : Genotype.WildType;
        var set = r.Numbers(g, "set", where);
        var byPhase = ImmutableDictionary.CreateBuilder<string, ImmutableDictionary<string, double>>(StringComparer.Ordinal);
        if (g.TryGetProperty("during", out var dur))
            foreach (var p in dur.EnumerateObject())
            {
                phase(p.Name, $"{where}.during");
                byPhase[p.Name] = r.Numbers(dur, p.Name, $"{where}.during");
            }
        var skip = r.OptArray(g, "skip").Select(x => x.GetString() ?? "").ToImmutableArray();
        foreach (var p in skip) phase(p, where + ".skip");
        return new ExperimentGroup
        {
            Name = r.Str(g, "name"), Description = r.OptStr(g, "description") ?? "", Drug = drug, Genotype = genotype,
            Set = set, During = byPhase.ToImmutable(), Skip = skip,
        };
    }

    static void Unique(Reader r, IEnumerable<string> names, string what)
    {
        var seen = new HashSet<string>();
        foreach (var n in names)
            if (!seen.Add(n)) throw r.Error($"{what} '{n}' is defined twice");
    }

    sealed class Reader(string source)
    {
        public PharmacologyInputException Error(string message) => new($"{source}: {message}");

        public void Fields(JsonElement e, string[] allowed, string where)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Error($"{where}: expected an object");
            foreach (var p in e.EnumerateObject())
                if (Array.IndexOf(allowed, p.Name) < 0) throw Error($"{where}: unknown field '{p.Name}'; allowed: {string.Join(", ", allowed)}");
        }

        public string Str(JsonElement e, string field) =>
            e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
                ? v.GetString()! : throw Error($"field '{field}': required, a non-empty string");

        public string? OptStr(JsonElement e, string field) =>
            e.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? Str(e, field) : null;

        public double? OptNum(JsonElement e, string field)
        {
            if (!e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.Number || !double.IsFinite(v.GetDouble())) throw Error($"field '{field}': expected a finite number");
            return v.GetDouble();
        }

        public IEnumerable<JsonElement> List(JsonElement e, string field) =>
            e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : throw Error($"field '{field}': required, a list");

        public IEnumerable<JsonElement> OptArray(JsonElement e, string field) =>
            e.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? List(e, field) : [];

        public double Hours(JsonElement e, string field, string where, bool positive) =>
            RegimenParser.ParseTime(Str(e, field), where, m => Error(m), positive);

        public ImmutableDictionary<string, double> Numbers(JsonElement e, string field, string where)
        {
            var b = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
            if (!e.TryGetProperty(field, out var v)) return b.ToImmutable();
            if (v.ValueKind != JsonValueKind.Object) throw Error($"{where}.{field}: expected an object of parameter values");
            foreach (var p in v.EnumerateObject())
                b[p.Name] = p.Value.ValueKind == JsonValueKind.Number && double.IsFinite(p.Value.GetDouble())
                    ? p.Value.GetDouble() : throw Error($"{where}.{field}.{p.Name}: expected a finite number");
            return b.ToImmutable();
        }

        public SourcedText Sourced(JsonElement e, string where, string textField)
        {
            Fields(e, [textField, "source", "status", "note"], where);
            string statusText = Str(e, "status");
            int si = Array.IndexOf(StatusNames, statusText);
            if (si < 0) throw Error($"{where}.status: '{statusText}' is not allowed; allowed: {string.Join(", ", StatusNames)}");
            return new SourcedText(Str(e, textField), Str(e, "source"), (ValueStatus)si) { Note = OptStr(e, "note") };
        }
    }
}
