using PureHDF;
using TrkbSim.Interop.Sedml;

namespace TrkbSim.Interop.Reports;

/// <summary>
/// reports.h5 in the BioSimulators layout: one dataset per report at "&lt;SED-ML location&gt;/&lt;report id&gt;", its
/// first dimension the data sets (shorter ones right-padded with NaN), with attributes _type, uri, sedmlId, sedmlName,
/// sedmlDataSetIds, sedmlDataSetLabels, sedmlDataSetNames, sedmlDataSetDataTypes and sedmlDataSetShapes; each group on
/// the way carries uri and combineArchiveLocation.
/// </summary>
public static class SedHdf5Writer
{
    public static void Write(string path, IEnumerable<SedRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var file = new H5File();
        foreach (var result in results)
        {
            string location = Omex.OmexArchive.Normalise(result.Document.Location);
            var group = GroupAt(file, location);
            foreach (var r in result.Reports) group[r.Report.Id] = Dataset(location, r);
        }
        file.Write(path);
    }

    static H5Group GroupAt(H5Group root, string location)
    {
        var group = root;
        string uri = "";
        foreach (var part in location.Split('/'))
        {
            uri = uri.Length == 0 ? part : uri + "/" + part;
            if (!group.TryGetValue(part, out var child))
            {
                child = new H5Group { Attributes = new Dictionary<string, object> { ["uri"] = uri, ["combineArchiveLocation"] = uri } };
                group[part] = child;
            }
            group = child as H5Group ?? throw new SedmlException($"reports.h5: '{uri}' is both a report and a folder of SED-ML files");
        }
        return group;
    }

    static H5Dataset Dataset(string location, SedReportResult r)
    {
        var sets = r.Report.DataSets;
        // The common shape: the longest of each dimension over data sets of the same rank (else flattened).
        var shapes = r.DataSets.Select(t => t.Shape).ToList();
        int[] inner = shapes.Select(s => s.Length).Distinct().Count() == 1
            ? [.. Enumerable.Range(0, shapes[0].Length).Select(d => shapes.Max(s => s[d]))]
            : [r.DataSets.Max(t => t.Data.Length)];
        int size = inner.Aggregate(1, (a, b) => a * b);
        var data = new double[sets.Length * size];
        Array.Fill(data, double.NaN);
        for (int i = 0; i < sets.Length; i++) Place(r.DataSets[i], inner, data, i * size);
        var dims = new ulong[] { (ulong)sets.Length }.Concat(inner.Select(n => (ulong)n)).ToArray();
        var attributes = new Dictionary<string, object>
        {
            ["_type"] = "Report",
            ["uri"] = $"{location}/{r.Report.Id}",
            ["sedmlId"] = r.Report.Id,
            ["sedmlDataSetIds"] = sets.Select(d => d.Id).ToArray(),
            ["sedmlDataSetLabels"] = sets.Select(d => d.Label ?? "").ToArray(),
            ["sedmlDataSetNames"] = sets.Select(d => d.Name ?? "").ToArray(),
            ["sedmlDataSetDataTypes"] = sets.Select(_ => "float64").ToArray(),
            ["sedmlDataSetShapes"] = r.DataSets.Select(t => t.ShapeText).ToArray(),
        };
        if (r.Report.Name is { } name) attributes["sedmlName"] = name;
        return new H5Dataset(data, fileDims: dims) { Attributes = attributes };
    }

    /// <summary>Copies a tensor into its slot of the padded block, index by index.</summary>
    static void Place(SedTensor t, int[] inner, double[] data, int offset)
    {
        if (t.Shape.Length != inner.Length)
        {
            t.Data.CopyTo(data, offset);
            return;
        }
        var index = new int[inner.Length];
        for (int k = 0; k < t.Data.Length; k++)
        {
            int rem = k, flat = 0;
            for (int d = inner.Length - 1; d >= 0; d--) { index[d] = rem % t.Shape[d]; rem /= t.Shape[d]; }
            for (int d = 0; d < inner.Length; d++) flat = flat * inner[d] + index[d];
            data[offset + flat] = t.Data[k];
        }
    }
}
