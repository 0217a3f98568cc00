using TrkbSim.Analysis.Sensitivity;

namespace TrkbSim.Analysis.Tests.Sensitivity;

public class SensitivityPlotTests
{
    private static readonly string[] Ids = ["a", "b", "c"];

    private static Dictionary<string, double> Map(params double[] v) => Ids.Select((id, j) => (id, v[j])).ToDictionary(x => x.id, x => x.Item2);

    internal static LocalSensitivityResult Local() => new(Ids, Map(1, 2, 3), ["y"], [0, 1, 2],
        [[1, 2, 3]], [[[0, 1, 2], [0, -1, -2], [0, 0, 0]]], [[[0, 0.5, 1], [0, -0.5, -2], [0, 0, double.NaN]]], LocalSensitivity.Method);

    internal static MorrisResult Morris() => new(Ids, 10, 4, 2.0 / 3, 40, 1,
        [new MorrisEffects("y", Map(1, -2, 0), Map(1, 2, 0.1), Map(0.1, 0.5, 0.05), 10)]);

    internal static SobolResult Sobol() => new(Ids, 256, 1280, 1, 100, 0.95,
        [new SobolIndices("y", Map(0.2, 0.7, 0), Map(0.25, 0.75, 0.05),
            Ids.ToDictionary(id => id, _ => (-0.05, 0.8)), Ids.ToDictionary(id => id, _ => (0.0, 0.9)), 1, 2, 256)]);

    public static TheoryData<string> Extensions => new() { ".png", ".svg" };

    [Theory]
    [MemberData(nameof(Extensions))]
    public void EveryMethodDrawsItsFigure(string extension)
    {
        var dir = Directory.CreateTempSubdirectory("trkbsim-sensplot-").FullName;
        try
        {
            var files = new[] { "local", "morris", "sobol" }.Select(m => Path.Combine(dir, m + extension)).ToArray();
            SensitivityPlot.Save(files[0], Local());
            SensitivityPlot.Save(files[1], Morris());
            SensitivityPlot.Save(files[2], Sobol());
            foreach (var f in files)
            {
                var bytes = File.ReadAllBytes(f);
                Assert.True(bytes.Length > 3000, $"{f}: {bytes.Length} bytes");
                if (extension == ".png") Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
                else Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            }
            // The tornado names a parameter whose normalised sensitivity is undefined (NaN) as such.
            if (extension == ".svg") Assert.Contains("c (undefined)", File.ReadAllText(files[0]), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
