using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Compounds;

/// <summary>
/// The compounds a run can use: the built-in library (Data/compounds.json) plus any user files, which add
/// compounds or replace built-in ones with the same id.
/// </summary>
public sealed class CompoundLibrary
{
    const string DefaultResource = "TrkbSim.Pharmacology.Data.compounds.json";

    readonly Dictionary<string, Compound> _byId;

    /// <summary>Compounds in file order (user additions last).</summary>
    public ImmutableArray<Compound> Compounds { get; }
    public IReadOnlyDictionary<Organism, SpeciesData> Species { get; }
    /// <summary>Unbound brain : unbound plasma ratio for compounds that give none.</summary>
    public SourcedValue DefaultKpUu { get; }
    /// <summary>Membrane-phase : nominal concentration ratio of the in-vitro TRKB binding assays (membrane hypothesis).</summary>
    public SourcedValue TrkbAssayMembraneRatio { get; }
    /// <summary>Files the library was built from, in order.</summary>
    public ImmutableArray<string> Sources { get; }

    CompoundLibrary(ImmutableArray<Compound> compounds, IReadOnlyDictionary<Organism, SpeciesData> species,
        SourcedValue defaultKpUu, SourcedValue assayRatio, ImmutableArray<string> sources)
    {
        Compounds = compounds;
        Species = species;
        DefaultKpUu = defaultKpUu;
        TrkbAssayMembraneRatio = assayRatio;
        Sources = sources;
        _byId = compounds.ToDictionary(c => c.Id);
        Validate();
    }

    static CompoundLibrary? s_default;

    /// <summary>The built-in library (parsed once).</summary>
    public static CompoundLibrary LoadDefault()
    {
        if (s_default is { } d) return d;
        using var stream = typeof(CompoundLibrary).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultResource} is missing");
        using var reader = new StreamReader(stream);
        var file = CompoundFileReader.Parse(reader.ReadToEnd(), "compounds.json (built-in)");
        return s_default = FromFile(file);
    }

    /// <summary>The built-in library with the compounds of a user's file added or overriding.</summary>
    public static CompoundLibrary Load(string path) => LoadDefault().With(CompoundFileReader.ReadFile(path));

    /// <summary>A library from one complete file (species and defaults required).</summary>
    public static CompoundLibrary FromFile(CompoundFile file)
    {
        foreach (var org in Enum.GetValues<Organism>())
            if (!file.Species.ContainsKey(org))
                throw new PharmacologyInputException($"{file.SourceName}: field 'species.{org.Name()}' is required (body_weight)");
        var kpuu = file.DefaultKpUu ?? throw new PharmacologyInputException($"{file.SourceName}: field 'defaults.kp_uu' is required");
        var ratio = file.TrkbAssayMembraneRatio
            ?? throw new PharmacologyInputException($"{file.SourceName}: field 'defaults.trkb_assay_membrane_ratio' is required");
        foreach (var (org, data) in file.Species)
            if (data.BrainLipidFraction is null)
                throw new PharmacologyInputException($"{file.SourceName}: field 'species.{org.Name()}.brain_lipid_fraction' is required");
        return new CompoundLibrary(file.Compounds, file.Species, kpuu, ratio, [file.SourceName]);
    }

    /// <summary>This library with a further file's compounds added (same id: replaced) and its species/defaults applied.</summary>
    public CompoundLibrary With(CompoundFile file)
    {
        var list = Compounds.ToList();
        foreach (var c in file.Compounds)
        {
            int i = list.FindIndex(x => x.Id == c.Id);
            if (i >= 0) list[i] = c; else list.Add(c);
        }
        // A user's species entry replaces only the fields it gives.
        var species = new Dictionary<Organism, SpeciesData>(Species);
        foreach (var (org, data) in file.Species)
        {
            species[org] = Species.TryGetValue(org, out var old)
                ? data with
                {
                    WaterIntake = data.WaterIntake ?? old.WaterIntake,
                    BrainLipidFraction = data.BrainLipidFraction ?? old.BrainLipidFraction,
                    CypActivity = Merged(old.CypActivity, data.CypActivity),
                }
                : data;
        }
        return new CompoundLibrary([.. list], species, file.DefaultKpUu ?? DefaultKpUu, file.TrkbAssayMembraneRatio ?? TrkbAssayMembraneRatio,
            Sources.Add(file.SourceName));
    }

    /// <summary>The entries of <paramref name="a"/> with those of <paramref name="b"/> added or replacing.</summary>
    static Dictionary<TKey, TValue> Merged<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> a, IReadOnlyDictionary<TKey, TValue> b) where TKey : notnull
    {
        var merged = new Dictionary<TKey, TValue>(a);
        foreach (var (k, v) in b) merged[k] = v;
        return merged;
    }

    public bool TryGet(string id, out Compound compound) => _byId.TryGetValue(id, out compound!);

    /// <summary>The compound with this id, or an error listing the known ids.</summary>
    public Compound Get(string id) => _byId.TryGetValue(id, out var c) ? c
        : throw new PharmacologyInputException($"unknown compound '{id}'; known: {string.Join(", ", Compounds.Select(x => x.Id))}");

    /// <summary>Kp,uu of a compound in a species, falling back to the library default.</summary>
    public SourcedValue KpUu(Compound compound, Organism organism) => compound.PkFor(organism)?.KpUu ?? DefaultKpUu;

    /// <summary>Metabolites formed from <paramref name="parentId"/> in <paramref name="organism"/>.</summary>
    public IEnumerable<Compound> MetabolitesOf(string parentId, Organism organism) =>
        Compounds.Where(c => c.Parent == parentId && c.PkFor(organism)?.FractionFormed is not null);

    /// <summary>Every value in the library with a dotted path, for listings and counts.</summary>
    public IEnumerable<(string Path, SourcedValue Value)> AllValues()
    {
        foreach (var (org, s) in Species.OrderBy(p => p.Key))
        {
            yield return ($"species.{org.Name()}.body_weight", s.BodyWeight);
            if (s.WaterIntake is { } w) yield return ($"species.{org.Name()}.water_intake", w);
            if (s.BrainLipidFraction is { } lipid) yield return ($"species.{org.Name()}.brain_lipid_fraction", lipid);
            foreach (var (enzyme, byPhenotype) in s.CypActivity.OrderBy(p => p.Key))
                foreach (var (phenotype, v) in byPhenotype.OrderBy(p => p.Key))
                    yield return ($"species.{org.Name()}.cyp_activity.{enzyme.Name()}.{phenotype.Name()}", v);
        }
        yield return ("defaults.kp_uu", DefaultKpUu);
        yield return ("defaults.trkb_assay_membrane_ratio", TrkbAssayMembraneRatio);
        foreach (var c in Compounds)
            foreach (var (f, v) in c.AllValues()) yield return ($"{c.Id}.{f}", v);
    }

    void Validate()
    {
        string src = string.Join(" + ", Sources);
        foreach (var c in Compounds)
        {
            if (c.Parent is { } p && !_byId.ContainsKey(p))
                throw new PharmacologyInputException($"{src}: compound '{c.Id}': field 'parent': unknown compound '{p}'");
            foreach (var (org, pk) in c.Pk)
            {
                if (pk.FractionFormed is null) continue;
                if (c.Parent is null)
                    throw new PharmacologyInputException(
                        $"{src}: compound '{c.Id}': field 'pk.{org.Name()}.fraction_formed' needs a 'parent'");
            }
        }
        // Formation fractions of one parent cannot exceed its whole clearance.
        foreach (var parent in Compounds)
            foreach (var org in parent.Pk.Keys)
            {
                double sum = MetabolitesOf(parent.Id, org).Sum(m => m.Pk[org].FractionFormed!.Value);
                if (sum > 1 + 1e-12)
                    throw new PharmacologyInputException(
                        $"{src}: compound '{parent.Id}': fraction_formed of its {org.Name()} metabolites sums to {sum:G4}; at most 1 is allowed");
            }
        // A cycle of parents would make metabolite chains endless.
        foreach (var c in Compounds)
        {
            var seen = new HashSet<string> { c.Id };
            for (var p = c.Parent; p is not null; p = _byId[p].Parent)
                if (!seen.Add(p))
                    throw new PharmacologyInputException($"{src}: compound '{c.Id}': field 'parent' forms a cycle through '{p}'");
        }
    }
}
