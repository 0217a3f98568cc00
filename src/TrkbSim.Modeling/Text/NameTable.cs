namespace TrkbSim.Modeling.Text;

/// <summary>
/// The names a choice may be written with, each mapped to its value: one table per choice, read by the parsers of
/// every front end (command-line options, JSON requests) and by their help and error texts, so the allowed values
/// are written once. Names are matched without regard to case or surrounding spaces; aliases parse but are not listed.
/// </summary>
public sealed class NameTable<T> where T : notnull
{
    private readonly (string Name, T Value)[] _entries;
    private readonly Dictionary<string, T> _aliases;

    /// <param name="what">What a value is, for messages ("species", "genotype").</param>
    /// <param name="entries">The listed names with their values, in the order help shows them.</param>
    public NameTable(string what, params (string Name, T Value)[] entries)
    {
        What = what;
        _entries = entries;
        _aliases = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in entries) _aliases.Add(name, value);
    }

    /// <summary>What a value is, for messages.</summary>
    public string What { get; }

    /// <summary>The listed names, in order.</summary>
    public IReadOnlyList<string> Names => [.. _entries.Select(e => e.Name)];

    /// <summary>The listed names joined for a message: "a, b, c".</summary>
    public string Allowed => string.Join(", ", _entries.Select(e => e.Name));

    /// <summary>Adds names that parse to a value without being listed (older or shorter spellings).</summary>
    public NameTable<T> WithAliases(params (string Name, T Value)[] aliases)
    {
        foreach (var (name, value) in aliases) _aliases.Add(name, value);
        return this;
    }

    public bool TryParse(string? text, out T value)
    {
        if (text is not null && _aliases.TryGetValue(text.Trim(), out var v)) { value = v; return true; }
        value = default!;
        return false;
    }

    /// <summary>The listed name of a value.</summary>
    public string Name(T value)
    {
        foreach (var e in _entries)
            if (EqualityComparer<T>.Default.Equals(e.Value, value)) return e.Name;
        throw new ArgumentOutOfRangeException(nameof(value), value, $"no name for this {What}");
    }

    /// <summary>The message for a name that is not in the table: "OPTION: unknown WHAT 'TEXT'; allowed: a, b".</summary>
    public string UnknownMessage(string option, string? text) => $"{option}: unknown {What} '{text}'; allowed: {Allowed}";
}
