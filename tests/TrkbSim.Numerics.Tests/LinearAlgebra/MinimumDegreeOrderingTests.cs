using TrkbSim.Numerics.LinearAlgebra;

namespace TrkbSim.Numerics.Tests.LinearAlgebra;

public sealed class MinimumDegreeOrderingTests
{
    /// <summary>Symmetric pattern (column-compressed) from an edge list, with the diagonal.</summary>
    private static SparsePattern Graph(int n, IEnumerable<(int, int)> edges)
    {
        var lines = Enumerable.Range(0, n).Select(i => new SortedSet<int> { i }).ToArray();
        foreach (var (a, b) in edges)
        {
            lines[a].Add(b);
            lines[b].Add(a);
        }

        var starts = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            starts[i + 1] = starts[i] + lines[i].Count;
        }

        return new SparsePattern(n, starts, [.. lines.SelectMany(l => l)]);
    }

    /// <summary>Entries of L + U (diagonal once) for a symmetric elimination in the given order, counted on the filled graph.</summary>
    private static long Fill(SparsePattern pattern, int[] order)
    {
        int n = pattern.Dimension;
        var adjacency = Enumerable.Range(0, n).Select(i => new HashSet<int>(pattern.Line(i).ToArray().Where(j => j != i))).ToArray();
        var done = new bool[n];
        long count = n;
        foreach (int p in order)
        {
            var neighbours = adjacency[p].Where(j => !done[j]).ToArray();
            count += 2L * neighbours.Length;
            foreach (int a in neighbours)
            {
                foreach (int b in neighbours)
                {
                    if (a != b)
                    {
                        adjacency[a].Add(b);
                    }
                }
            }

            done[p] = true;
        }

        return count;
    }

    private static void AssertPermutation(int[] order, int n)
    {
        Assert.Equal(n, order.Length);
        Assert.Equal(Enumerable.Range(0, n), order.Order());
    }

    [Fact]
    public void EliminatesTheHubOfAnArrowLast()
    {
        // Node 0 is joined to all others: eliminating it first fills the whole matrix, last (or next to last) fills nothing.
        const int n = 50;
        var arrow = Graph(n, Enumerable.Range(1, n - 1).Select(i => (0, i)));
        int[] order = MinimumDegreeOrdering.Order(arrow);
        AssertPermutation(order, n);
        // With one leaf left the hub has degree 1 too: either may go last.
        Assert.Contains(0, order[^2..]);
        Assert.Equal(arrow.NonZeros, Fill(arrow, order));
        Assert.Equal((long)n * n, Fill(arrow, [.. Enumerable.Range(0, n)]));
    }

    [Fact]
    public void ReducesFillOnAGridAndOnRandomGraphs()
    {
        // 2-D 5-point grid: the natural order fills the band; minimum degree does much better.
        const int side = 20, n = side * side;
        var edges = new List<(int, int)>();
        for (int r = 0; r < side; r++)
        {
            for (int c = 0; c < side; c++)
            {
                if (c + 1 < side) edges.Add((r * side + c, r * side + c + 1));
                if (r + 1 < side) edges.Add((r * side + c, (r + 1) * side + c));
            }
        }

        var grid = Graph(n, edges);
        int[] order = MinimumDegreeOrdering.Order(grid);
        AssertPermutation(order, n);
        long natural = Fill(grid, [.. Enumerable.Range(0, n)]);
        long ordered = Fill(grid, order);
        Assert.True(ordered < 0.7 * natural, $"grid fill {ordered} against {natural} in the natural order");

        var rng = new Random(3);
        var random = Graph(300, Enumerable.Range(0, 450).Select(_ => (rng.Next(300), rng.Next(300))).Where(e => e.Item1 != e.Item2));
        int[] randomOrder = MinimumDegreeOrdering.Order(random);
        AssertPermutation(randomOrder, 300);
        Assert.True(Fill(random, randomOrder) < 0.5 * Fill(random, [.. Enumerable.Range(0, 300)]));
    }

    [Fact]
    public void OrdersUnsymmetricAndEmptyPatterns()
    {
        // Only the upper triangle given: the ordering works on A + A^T.
        var upper = new SparsePattern(4, [0, 1, 3, 5, 8], [0, 0, 1, 1, 2, 0, 2, 3]);
        AssertPermutation(MinimumDegreeOrdering.Order(upper), 4);
        Assert.Empty(MinimumDegreeOrdering.Order(new SparsePattern(0, [0], [])));
        AssertPermutation(MinimumDegreeOrdering.Order(new SparsePattern(3, [0, 0, 0, 0], [])), 3);
    }
}
