using SkiaSharp;
using TrkbSim.Analysis.Plotting;

namespace TrkbSim.Analysis.Tests.Plotting;

public class PngFileTests
{
    static ScottPlot.Plot Sample()
    {
        var plot = new ScottPlot.Plot();
        double[] x = [.. Enumerable.Range(0, 200).Select(i => i / 10.0)];
        plot.Add.Scatter(x, [.. x.Select(Math.Sin)]).LegendText = "sin";
        plot.Add.FillY(x, [.. x.Select(v => Math.Cos(v) - 1)], [.. x.Select(v => Math.Cos(v) + 1)]);
        plot.Title("PNG pixels");
        plot.ShowLegend();
        return plot;
    }

    [Fact]
    public void The_fast_encoding_keeps_the_pixels_of_the_plotting_librarys_own_png()
    {
        string dir = Path.Combine(Path.GetTempPath(), "trkbsim-png-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string own = Path.Combine(dir, "own.png"), fast = Path.Combine(dir, "fast.png");
            Sample().SavePng(own, 640, 400);
            PngFile.Save(Sample(), fast, 640, 400);
            using var a = SKBitmap.Decode(own);
            using var b = SKBitmap.Decode(fast);
            Assert.NotNull(b);
            Assert.Equal((640, 400), (b.Width, b.Height));
            Assert.Equal(a.Info.ColorType, b.Info.ColorType);
            var pa = a.Pixels; var pb = b.Pixels; int diff = 0, maxd = 0; string ex = "";
            for (int i = 0; i < pa.Length; i++) if (pa[i] != pb[i]) { diff++; int d = Math.Max(Math.Abs(pa[i].Red - pb[i].Red), Math.Max(Math.Abs(pa[i].Green - pb[i].Green), Math.Abs(pa[i].Blue - pb[i].Blue))); if (d > maxd) { maxd = d; ex = $"{i % 640},{i / 640}: {pa[i]} vs {pb[i]}"; } }
            Assert.True(diff == 0, $"{diff} of {pa.Length} pixels differ, max {maxd}, e.g. {ex}; {a.Info.ColorType}/{a.Info.AlphaType} vs {b.Info.ColorType}/{b.Info.AlphaType}");
            // Not a blank picture: the plot drew more than its background.
            Assert.True(b.Pixels.Distinct().Count() > 10);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_picture_that_cannot_be_drawn_is_refused_and_no_file_is_left()
    {
        string path = Path.Combine(Path.GetTempPath(), "trkbsim-png-" + Guid.NewGuid().ToString("N") + ".png");
        Assert.Throws<ArgumentOutOfRangeException>(() => PngFile.Save(_ => { }, path, 0, 0));
        Assert.False(File.Exists(path));
    }
}
