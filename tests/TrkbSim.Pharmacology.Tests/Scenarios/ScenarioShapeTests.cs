using TrkbSim.Pharmacology.Scenarios;

namespace TrkbSim.Pharmacology.Tests.Scenarios;

/// <summary>The words scenario summaries use for a shape follow the numbers, never a fixed phrase.</summary>
public class ScenarioShapeTests
{
    static readonly double[] X = [0, 10, 20, 30, 40];

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, "rises throughout")]
    [InlineData(new[] { 5.0, 4, 3, 2, 1 }, "falls throughout")]
    [InlineData(new[] { 1.0, 2, 3, 2, 1 }, "highest at 20 mol% and lower on both sides (bell-shaped)")]
    [InlineData(new[] { 3.0, 2, 1, 2, 3 }, "lowest at 20 mol% and higher on both sides (U-shaped)")]
    [InlineData(new[] { 1.0, 3, 1, 3, 1 }, "changes direction 3 times (highest at 10 mol%)")]
    [InlineData(new[] { 2.0, 2, 2, 2, 2 }, "the same at every point")]
    [InlineData(new[] { 1.0, 2, 2, 2, 2 }, "rises throughout")]
    public void ShapeNamesWhatTheValuesDo(double[] y, string expected) =>
        Assert.Equal(expected, ScenarioResults.Shape(X, y, "mol%"));
}
