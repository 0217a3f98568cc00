using System.Globalization;
using System.Text;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>Writes a regimen table as CSV: header of column names, invariant culture, round-trip precision.</summary>
public static class RegimenCsvWriter
{
    public static void Write(RegimenResult result, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        Write(result, writer);
    }

    public static void Write(RegimenResult result, TextWriter writer)
    {
        writer.Write(string.Join(',', result.Columns));
        writer.Write('\n');
        var sb = new StringBuilder();
        for (int row = 0; row < result.Times.Length; row++)
        {
            sb.Clear();
            for (int c = 0; c < result.Values.Length; c++)
            {
                if (c > 0) sb.Append(',');
                sb.Append(result.Values[c][row].ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
            writer.Write(sb);
        }
    }
}
