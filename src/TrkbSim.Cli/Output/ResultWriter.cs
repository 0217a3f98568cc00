using System.Globalization;
using System.Text.Json;
using TrkbSim.Simulation;

namespace TrkbSim.Cli.Output;

/// <summary>Writes simulation results as CSV (header <c>time,&lt;id&gt;,...</c>, full double precision) or JSON.</summary>
public static class ResultWriter
{
    /// <summary>The versioned format written first in a JSON simulation result (docs/interop.md).</summary>
    public const string JsonFormat = "trkbsim-simulation/1";

    public static void WriteCsv(TextWriter w, SimulationResult r, string timeHeader = "time")
    {
        w.Write(timeHeader);
        foreach (var c in r.Columns) { w.Write(','); w.Write(c); }
        w.Write('\n');
        for (int i = 0; i < r.Times.Length; i++)
        {
            w.Write(Format(r.Times[i]));
            for (int j = 0; j < r.Columns.Count; j++)
            {
                w.Write(',');
                w.Write(Format(r.Values[j][i]));
            }
            w.Write('\n');
        }
    }

    public static void WriteJson(TextWriter w, SimulationResult r)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            j.WriteStartObject();
            j.WriteString("format", JsonFormat);
            j.WriteStartArray("columns");
            foreach (var c in r.Columns) j.WriteStringValue(c);
            j.WriteEndArray();
            WriteArray(j, "time", r.Times);
            j.WriteStartObject("values");
            for (int k = 0; k < r.Columns.Count; k++) WriteArray(j, r.Columns[k], r.Values[k]);
            j.WriteEndObject();
            j.WriteEndObject();
        }
        w.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        w.Write('\n');
    }

    private static void WriteArray(Utf8JsonWriter j, string name, double[] values)
    {
        j.WriteStartArray(name);
        foreach (var v in values)
        {
            // JSON has no NaN/Infinity: write them as strings the way most readers accept.
            if (double.IsFinite(v)) j.WriteNumberValue(v);
            else j.WriteStringValue(Format(v));
        }
        j.WriteEndArray();
    }

    public static string Format(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "Infinity";
        if (double.IsNegativeInfinity(v)) return "-Infinity";
        return v.ToString("R", CultureInfo.InvariantCulture);
    }
}
