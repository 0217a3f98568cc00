using System.Text.Json;

namespace TrkbSim.Analysis;

/// <summary>Small helpers for the result writers: JSON has no NaN or infinity, so those become null.</summary>
internal static class JsonOutput
{
    public static void Number(this Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    public static void Number(this Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value)) w.WriteNumberValue(value);
        else w.WriteNullValue();
    }

    /// <summary>Writes with <paramref name="body"/> to a string (indented JSON).</summary>
    public static string ToJson(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            body(w);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Snake(this Enum value)
    {
        var s = value.ToString();
        var b = new System.Text.StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsUpper(s[i]) && i > 0) b.Append('_');
            b.Append(char.ToLowerInvariant(s[i]));
        }
        return b.ToString();
    }
}
