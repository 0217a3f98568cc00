namespace TrkbSim.Modeling.Antimony;

/// <summary>Reads Antimony model text (the core language of libAntimony/Tellurium) into a <see cref="Model"/>.</summary>
public static class AntimonyReader
{
    /// <summary>
    /// Parses <paramref name="text"/>. Throws <see cref="ModelException"/> with the file, line and column of the
    /// first problem, saying what was found and what was expected.
    /// </summary>
    public static Model Parse(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new AntimonyParser(text, fileName).Parse();
    }
}
