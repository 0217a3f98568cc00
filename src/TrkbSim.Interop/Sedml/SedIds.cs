namespace TrkbSim.Interop.Sedml;

/// <summary>Lookup tables of SED-ML elements by id; a repeated id is an error naming it.</summary>
internal static class SedIds
{
    public static Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> id, string kind)
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
            if (!index.TryAdd(id(item), item)) throw new SedmlException($"two {kind}s have the id '{id(item)}'");
        return index;
    }

    /// <summary>The element with <paramref name="id"/>, or an error naming what referred to it and the ids there are.</summary>
    public static T Find<T>(Dictionary<string, T> index, string id, string kind, string where) =>
        index.TryGetValue(id, out var item) ? item
        : throw new SedmlException($"{where} refers to {kind} '{id}', which the document does not define; {kind}s: {(index.Count == 0 ? "none" : string.Join(", ", index.Keys))}");
}
