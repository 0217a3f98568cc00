namespace TrkbSim.Numerics.LinearAlgebra;

/// <summary>
/// A fill-reducing elimination order for sparse LU: approximate minimum degree on the graph of A + A^T, after Amestoy,
/// Davis and Duff (1996). Eliminated nodes become elements of a quotient graph (a node's neighbours are the variables it
/// still touches directly plus the elements it belongs to), so elimination never builds the filled graph; a node's
/// degree is bounded from above from the element sizes instead of counted exactly; an element that becomes a subset of a
/// newer one is absorbed into it. Supervariables (mass elimination of nodes with the same neighbours) and special
/// handling of dense rows are left out: they speed the ordering up but do not change what it is for.
/// </summary>
public static class MinimumDegreeOrdering
{
    /// <summary>The order: result[k] is the row and column eliminated k-th. Ties go to the node that reached its degree last.</summary>
    public static int[] Order(SparsePattern pattern) => Order(pattern, out _);

    /// <summary>
    /// The order, and the number of entries below the diagonal of the Cholesky factor of A + A^T in that order (each
    /// eliminated node's element is exactly its column of that factor): what a complete LU without pivoting would
    /// hold in L, and by symmetry in U.
    /// </summary>
    public static int[] Order(SparsePattern pattern, out long fill)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var elimination = new Elimination(pattern.SymmetricOffDiagonal());
        var order = elimination.Run();
        fill = elimination.Fill;
        return order;
    }

    /// <summary>The working state of one ordering.</summary>
    private sealed class Elimination
    {
        private const byte Variable = 0, Element = 1, Absorbed = 2;

        private readonly int _n;
        private readonly List<int>?[] _variables; // variables adjacent to a variable (edges not yet covered by an element)
        private readonly List<int>?[] _elements;  // elements a variable belongs to
        private readonly int[]?[] _members;       // the variables of an element
        private readonly byte[] _kind;
        private readonly int[] _degree;
        private readonly DegreeBuckets _buckets;
        private readonly int[] _mark, _external, _externalMark;
        private int _stamp;

        public Elimination(SparsePattern graph)
        {
            int n = _n = graph.Dimension;
            _variables = new List<int>?[n];
            _elements = new List<int>?[n];
            _members = new int[]?[n];
            _kind = new byte[n];
            _degree = new int[n];
            _mark = new int[n];
            _external = new int[n];
            _externalMark = new int[n];
            _buckets = new DegreeBuckets(n);
            for (int i = 0; i < n; i++)
            {
                var line = graph.Line(i);
                _variables[i] = new List<int>(line.Length);
                foreach (int j in line)
                {
                    _variables[i]!.Add(j);
                }

                _elements[i] = [];
                _degree[i] = line.Length;
                _buckets.Insert(i, line.Length);
            }
        }

        /// <summary>Sum of the element sizes at elimination (after <see cref="Run"/>).</summary>
        public long Fill { get; private set; }

        public int[] Run()
        {
            var order = new int[_n];
            var front = new List<int>();
            for (int k = 0; k < _n; k++)
            {
                int p = _buckets.TakeMinimum();
                order[k] = p;
                BuildElement(p, front);
                Fill += front.Count;
                UpdateNeighbours(p, front, remaining: _n - k - 1);
            }

            return order;
        }

        /// <summary>Turns variable p into an element: its members are the variables it reaches directly or through its elements, which it absorbs.</summary>
        private void BuildElement(int p, List<int> front)
        {
            _kind[p] = Element;
            int stamp = ++_stamp;
            _mark[p] = stamp;
            front.Clear();
            foreach (int j in _variables[p]!)
            {
                if (_kind[j] == Variable && _mark[j] != stamp)
                {
                    _mark[j] = stamp;
                    front.Add(j);
                }
            }

            foreach (int e in _elements[p]!)
            {
                if (_kind[e] != Element)
                {
                    continue;
                }

                foreach (int j in _members[e]!)
                {
                    if (_kind[j] == Variable && _mark[j] != stamp)
                    {
                        _mark[j] = stamp;
                        front.Add(j);
                    }
                }

                _kind[e] = Absorbed;
                _members[e] = null;
            }

            _variables[p] = null;
            _elements[p] = null;
            _members[p] = [.. front];
        }

        /// <summary>
        /// Adds element p to each of its members, drops what p now covers from their lists and bounds their degrees:
        /// |own variables| + |p| - 1 + the sum over their other elements e of |e \ p|, at most the old degree + |p| - 1
        /// and the number of other remaining variables.
        /// </summary>
        private void UpdateNeighbours(int p, List<int> front, int remaining)
        {
            int stamp = _stamp;
            int outside = ++_stamp; // marks the elements whose |e \ p| is being counted
            foreach (int i in front)
            {
                foreach (int e in _elements[i]!)
                {
                    if (_kind[e] != Element)
                    {
                        continue;
                    }

                    if (_externalMark[e] != outside)
                    {
                        _externalMark[e] = outside;
                        _external[e] = _members[e]!.Length;
                    }

                    _external[e]--;
                }
            }

            int grown = front.Count - 1;
            foreach (int i in front)
            {
                var elements = _elements[i]!;
                int kept = 0, sum = 0;
                for (int q = 0; q < elements.Count; q++)
                {
                    int e = elements[q];
                    if (_kind[e] != Element)
                    {
                        continue;
                    }

                    if (_external[e] == 0)
                    {
                        // Every member of e is in p: e adds nothing any more.
                        _kind[e] = Absorbed;
                        _members[e] = null;
                        continue;
                    }

                    sum += _external[e];
                    elements[kept++] = e;
                }

                elements.RemoveRange(kept, elements.Count - kept);
                elements.Add(p);

                var variables = _variables[i]!;
                kept = 0;
                for (int q = 0; q < variables.Count; q++)
                {
                    int j = variables[q];
                    if (_kind[j] == Variable && _mark[j] != stamp)
                    {
                        variables[kept++] = j;
                    }
                }

                variables.RemoveRange(kept, variables.Count - kept);
                int degree = Math.Min(variables.Count + grown + sum, _degree[i] + grown);
                degree = Math.Min(degree, remaining - 1);
                _degree[i] = degree;
                _buckets.Move(i, degree);
            }
        }
    }

    /// <summary>Variables grouped by degree in doubly linked lists, with the smallest non-empty degree found by a moving cursor.</summary>
    private sealed class DegreeBuckets
    {
        private readonly int[] _head, _next, _previous, _degreeOf;
        private int _minimum;

        public DegreeBuckets(int n)
        {
            _head = new int[Math.Max(n, 1)];
            Array.Fill(_head, -1);
            _next = new int[n];
            _previous = new int[n];
            _degreeOf = new int[n];
        }

        public void Insert(int i, int degree)
        {
            _degreeOf[i] = degree;
            _previous[i] = -1;
            _next[i] = _head[degree];
            if (_head[degree] >= 0)
            {
                _previous[_head[degree]] = i;
            }

            _head[degree] = i;
            _minimum = Math.Min(_minimum, degree);
        }

        public void Move(int i, int degree)
        {
            Remove(i);
            Insert(i, degree);
        }

        public int TakeMinimum()
        {
            while (_head[_minimum] < 0)
            {
                _minimum++;
            }

            int i = _head[_minimum];
            Remove(i);
            return i;
        }

        private void Remove(int i)
        {
            int d = _degreeOf[i];
            if (_previous[i] >= 0)
            {
                _next[_previous[i]] = _next[i];
            }
            else
            {
                _head[d] = _next[i];
            }

            if (_next[i] >= 0)
            {
                _previous[_next[i]] = _previous[i];
            }
        }
    }
}
