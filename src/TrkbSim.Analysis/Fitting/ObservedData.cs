using System.Globalization;
using TrkbSim.Modeling.Files;

namespace TrkbSim.Analysis.Fitting;

/// <summary>
/// Measurements: a non-decreasing time column and one column per observed model variable;
/// NaN marks a missing value. <see cref="Values"/>[k][i] is variable k at row i.
/// </summary>
public sealed class ObservedData
{
    public IReadOnlyList<double> Times { get; }
    public IReadOnlyList<string> Variables { get; }
    public IReadOnlyList<double[]> Values { get; }
    /// <summary>Where the data came from (file name), for messages.</summary>
    public string Source { get; }

    public ObservedData(IReadOnlyList<double> times, IReadOnlyList<string> variables, IReadOnlyList<double[]> values, string source = "data")
    {
        Source = source;
        if (variables.Count == 0) throw new AnalysisException($"{source}: no observed variable columns besides time.", source);
        if (values.Count != variables.Count) throw new ArgumentException("One value column per variable is required.", nameof(values));
        for (var i = 0; i < times.Count; i++)
        {
            if (!double.IsFinite(times[i]))
                throw new AnalysisException($"{source}: time in row {i + 1} is missing or not finite.", "time");
            if (i > 0 && times[i] < times[i - 1])
                throw new AnalysisException(
                    $"{source}: times are not monotone: row {i + 1} has time {Fmt(times[i])} after {Fmt(times[i - 1])}.", "time");
        }
        foreach (var g in variables.GroupBy(v => v).Where(g => g.Count() > 1))
            throw new AnalysisException($"{source}: column '{g.Key}' appears more than once.", g.Key);
        for (var k = 0; k < values.Count; k++)
            if (values[k].Length != times.Count) throw new ArgumentException("Each value column needs one entry per time.", nameof(values));
        Times = times.ToArray();
        Variables = variables.ToArray();
        Values = values.Select(v => (double[])v.Clone()).ToArray();
    }

    /// <summary>Number of non-missing values.</summary>
    public int ObservationCount => Values.Sum(v => v.Count(double.IsFinite));

    /// <summary>Reads a CSV file (see <see cref="ParseCsv"/>).</summary>
    public static ObservedData ReadCsv(string path)
    {
        try { return ParseCsv(InputFile.ReadAllText(path, "data file"), Path.GetFileName(path)); }
        catch (InputFileException e) { throw new AnalysisException(e.Message, path); }
    }

    /// <summary>
    /// Parses comma-separated text with a header row. One column is <c>time</c> (or <c>time_unit</c>);
    /// every other column is a model variable. Empty cells and NaN are missing values.
    /// </summary>
    public static ObservedData ParseCsv(string text, string source = "data")
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var lineNo = 0;
        string[]? header = null;
        var rows = new List<(int Line, string[] Cells)>();
        foreach (var raw in lines)
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (header is null) header = cells;
            else rows.Add((lineNo, cells));
        }
        if (header is null) throw new AnalysisException($"{source}: the file is empty; expected a header row with a 'time' column.", source);
        var timeCol = Array.FindIndex(header, IsTimeHeader);
        if (timeCol < 0)
            throw new AnalysisException($"{source}: no time column; expected a header named 'time' among: {string.Join(", ", header)}.", "time");
        var varCols = Enumerable.Range(0, header.Length).Where(c => c != timeCol).ToArray();
        foreach (var c in varCols)
            if (header[c].Length == 0) throw new AnalysisException($"{source}: column {c + 1} has an empty name.", source);
        var times = new double[rows.Count];
        var values = varCols.Select(_ => new double[rows.Count]).ToArray();
        for (var r = 0; r < rows.Count; r++)
        {
            var (line, cells) = rows[r];
            if (cells.Length > header.Length)
                throw new AnalysisException($"{source}:{line}: {cells.Length} cells but the header has {header.Length} columns.", source);
            times[r] = ParseCell(cells, timeCol, source, line, header[timeCol]);
            if (double.IsNaN(times[r])) throw new AnalysisException($"{source}:{line}: the time is missing.", "time");
            for (var k = 0; k < varCols.Length; k++) values[k][r] = ParseCell(cells, varCols[k], source, line, header[varCols[k]]);
        }
        return new ObservedData(times, varCols.Select(c => header[c]).ToArray(), values, source);
    }

    private static bool IsTimeHeader(string h) =>
        h.Equals("time", StringComparison.OrdinalIgnoreCase) || h.StartsWith("time_", StringComparison.OrdinalIgnoreCase);

    private static double ParseCell(string[] cells, int col, string source, int line, string name)
    {
        if (col >= cells.Length) return double.NaN;
        var s = cells[col];
        if (s.Length == 0 || s.Equals("nan", StringComparison.OrdinalIgnoreCase) || s.Equals("na", StringComparison.OrdinalIgnoreCase))
            return double.NaN;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new AnalysisException($"{source}:{line}:{col + 1}: '{s}' in column '{name}' is not a number.", name);
        return v;
    }

    private static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
