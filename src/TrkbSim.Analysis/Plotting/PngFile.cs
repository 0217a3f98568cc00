using SkiaSharp;

namespace TrkbSim.Analysis.Plotting;

/// <summary>
/// Writes plots as PNG files, encoded for speed: one row filter (Sub) and zlib level 3, where Skia's default tries
/// every filter on every row at level 6. A trial's three pictures then encode in ~14 ms instead of ~52 ms, for files
/// ~25-65 % larger (docs/performance.md); the pixels are the same.
/// </summary>
public static class PngFile
{
    static readonly SKPngEncoderOptions Fast = new(SKPngEncoderFilterFlags.Sub, 3);

    /// <summary>Renders <paramref name="plot"/> at <paramref name="width"/> x <paramref name="height"/> pixels into <paramref name="path"/>.</summary>
    public static void Save(ScottPlot.Plot plot, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        Save(canvas => plot.Render(canvas, width, height), path, width, height);
    }

    /// <summary>Renders the panels of <paramref name="multiplot"/> on a white background into <paramref name="path"/>.</summary>
    public static void Save(ScottPlot.Multiplot multiplot, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(multiplot);
        Save(canvas =>
        {
            canvas.Clear(SKColors.White);
            multiplot.Render(canvas, new ScottPlot.PixelRect(0, width, height, 0));
        }, path, width, height);
    }

    /// <summary>Draws with <paramref name="draw"/> on a <paramref name="width"/> x <paramref name="height"/> canvas and writes it to <paramref name="path"/>.</summary>
    public static void Save(Action<SKCanvas> draw, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(draw);
        ArgumentNullException.ThrowIfNull(path);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new ArgumentOutOfRangeException(nameof(width), $"a {width} x {height} picture cannot be drawn");
        draw(surface.Canvas);
        using var pixels = surface.PeekPixels() ?? throw new InvalidOperationException("the picture's pixels cannot be read");
        using var data = pixels.Encode(Fast) ?? throw new InvalidOperationException($"{path}: the picture could not be encoded as PNG");
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
