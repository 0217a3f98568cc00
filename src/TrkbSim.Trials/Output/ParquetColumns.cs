using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace TrkbSim.Trials.Output;

/// <summary>One column of a Parquet table being filled row by row, written out as part of a row group.</summary>
abstract class ParquetColumn(DataField field)
{
    /// <summary>The column's Parquet field.</summary>
    public DataField Field { get; } = field;

    /// <summary>Rows held.</summary>
    public abstract int Count { get; }

    /// <summary>Writes the rows held into the row group and forgets them.</summary>
    public abstract Task FlushAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation);

    /// <summary>Makes room for <paramref name="rows"/> rows at once (instead of growing the buffer by doubling).</summary>
    public abstract void Reserve(int rows);

    /// <summary>The definition levels of a top-level optional field: a value present, or null.</summary>
    protected const int Present = 1, Null = 0;

    /// <summary>
    /// Makes <paramref name="buffer"/> hold at least <paramref name="length"/> elements: exactly that many when
    /// <paramref name="exact"/> (sizing once), else by doubling (growing while rows are added).
    /// </summary>
    protected static void EnsureLength<TElement>(ref TElement[] buffer, int length, bool exact = false)
    {
        if (length > buffer.Length) Array.Resize(ref buffer, exact ? length : Math.Max(2 * buffer.Length, length));
    }
}

/// <summary>A column of values that are never null (Parquet REQUIRED).</summary>
sealed class RequiredColumn<T>(string name) : ParquetColumn(new DataField<T>(name, false)) where T : struct
{
    T[] _values = new T[1024];
    int _count;

    public override int Count => _count;

    public override void Reserve(int rows)
    {
        EnsureLength(ref _values, rows, exact: true);
    }

    // Called for every value of every row. The instantiations over value types are not precompiled ReadyToRun, and
    // tiered compilation leaves them at its first tier for most of a short trial: optimise them at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(T value)
    {
        EnsureLength(ref _values, _count + 1);
        _values[_count++] = value;
    }

    /// <summary>Adds <paramref name="rows"/> rows and returns their values to fill.</summary>
    public Span<T> Extend(int rows)
    {
        EnsureLength(ref _values, _count + rows);
        var span = _values.AsSpan(_count, rows);
        _count += rows;
        return span;
    }

    public override async Task FlushAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation)
    {
        await rowGroup.WriteAsync<T>(Field, _values.AsMemory(0, _count), cancellationToken: cancellation).ConfigureAwait(false);
        _count = 0;
    }
}

/// <summary>
/// A column of values that may be null (Parquet OPTIONAL), held as Parquet writes it: the values present, packed, and
/// one definition level per row (present or null), so that the writer takes them as they are.
/// </summary>
sealed class OptionalColumn<T>(string name) : ParquetColumn(new DataField<T>(name, true)) where T : struct
{
    T[] _values = new T[1024];
    int[] _levels = new int[1024];
    int _present, _count;

    public override int Count => _count;

    public override void Reserve(int rows)
    {
        EnsureLength(ref _values, rows, exact: true);
        EnsureLength(ref _levels, rows, exact: true);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see RequiredColumn<T>.Add
    public void Add(T? value)
    {
        EnsureLength(ref _levels, _count + 1);
        if (value.HasValue)
        {
            EnsureLength(ref _values, _present + 1);
            _values[_present++] = value.GetValueOrDefault();
            _levels[_count++] = Present;
        }
        else _levels[_count++] = Null;
    }

    /// <summary>Adds <paramref name="rows"/> rows that all hold a value and returns those values to fill.</summary>
    public Span<T> ExtendPresent(int rows)
    {
        Room(rows, rows);
        _levels.AsSpan(_count, rows).Fill(Present);
        var span = _values.AsSpan(_present, rows);
        _count += rows;
        _present += rows;
        return span;
    }

    /// <summary>Adds <paramref name="rows"/> null rows.</summary>
    public void AddNulls(int rows)
    {
        Room(rows, 0);
        _levels.AsSpan(_count, rows).Clear(); // Null
        _count += rows;
    }

    void Room(int rows, int present)
    {
        EnsureLength(ref _levels, _count + rows);
        EnsureLength(ref _values, _present + present);
    }

    public override async Task FlushAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation)
    {
        await rowGroup.WriteAllPartsAsync<T>(Field, _values.AsMemory(0, _present), _levels.AsMemory(0, _count), null, cancellation).ConfigureAwait(false);
        _present = _count = 0;
    }
}

/// <summary>
/// A text column (Parquet UTF-8 strings, nullable when asked), held as Parquet writes it: the strings present, packed,
/// and for a nullable column one definition level per row.
/// </summary>
sealed class TextColumn(string name, bool nullable) : ParquetColumn(new DataField<string>(name, nullable))
{
    ReadOnlyMemory<char>[] _values = new ReadOnlyMemory<char>[1024];
    int[]? _levels = nullable ? new int[1024] : null;
    int _present, _count;

    public override int Count => _count;

    public override void Reserve(int rows)
    {
        EnsureLength(ref _values, rows, exact: true);
        if (_levels is not null) EnsureLength(ref _levels, rows, exact: true);
    }

    public void Add(string? value)
    {
        if (value is null && _levels is null) throw new ArgumentNullException(nameof(value), $"column {Field.Name} holds no nulls");
        if (_levels is not null)
        {
            EnsureLength(ref _levels, _count + 1);
            _levels[_count] = value is null ? Null : Present;
        }
        _count++;
        if (value is null) return;
        EnsureLength(ref _values, _present + 1);
        _values[_present++] = value.AsMemory();
    }

    /// <summary>Adds <paramref name="rows"/> rows holding <paramref name="value"/>.</summary>
    public void AddRepeated(string value, int rows)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_levels is not null)
        {
            EnsureLength(ref _levels, _count + rows);
            _levels.AsSpan(_count, rows).Fill(Present);
        }
        _count += rows;
        EnsureLength(ref _values, _present + rows);
        _values.AsSpan(_present, rows).Fill(value.AsMemory());
        _present += rows;
    }

    public override async Task FlushAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellation)
    {
        await rowGroup.WriteAllPartsAsync<ReadOnlyMemory<char>>(Field, _values.AsMemory(0, _present), _levels?.AsMemory(0, _count), null, cancellation)
            .ConfigureAwait(false);
        Array.Clear(_values, 0, _present); // let the strings go
        _present = _count = 0;
    }
}

/// <summary>
/// A Parquet file written row group by row group: rows are added column by column (every column once per row) and
/// a row group is written whenever <see cref="RowGroupRows"/> rows are held, so memory stays bounded.
/// </summary>
sealed class ParquetTable : IAsyncDisposable
{
    readonly ParquetColumn[] _columns;
    readonly FileStream _stream;
    ParquetWriter? _writer;

    ParquetTable(ParquetColumn[] columns, FileStream stream, int rowGroupRows)
    {
        _columns = columns;
        _stream = stream;
        RowGroupRows = rowGroupRows;
    }

    /// <summary>Rows per row group.</summary>
    public int RowGroupRows { get; }

    /// <summary>Rows written so far (row groups flushed).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Creates the file with the columns' schema (Snappy-compressed, as DuckDB's exports were).</summary>
    public static async Task<ParquetTable> CreateAsync(string path, IReadOnlyList<ParquetColumn> columns, int rowGroupRows, CancellationToken cancellation)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var table = new ParquetTable([.. columns], stream, rowGroupRows);
        try
        {
            var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
            table._writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy },
                cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch
        {
            await table.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return table;
    }

    /// <summary>
    /// Makes room in every column for one row group, or for <paramref name="expectedRows"/> when the whole table is
    /// smaller, so that the buffers are not grown (and copied) by doubling while rows are added.
    /// </summary>
    public void Reserve(long expectedRows)
    {
        int rows = (int)Math.Clamp(expectedRows, 0, RowGroupRows);
        foreach (var c in _columns) c.Reserve(rows);
    }

    /// <summary>Rows that can still be added before the row group is full (at least 1 after <see cref="RowsAddedAsync"/>).</summary>
    public int RoomLeft => Math.Max(0, RowGroupRows - _columns[0].Count);

    /// <summary>Writes a row group if a full one is held.</summary>
    public Task RowsAddedAsync(CancellationToken cancellation) =>
        _columns[0].Count >= RowGroupRows ? FlushAsync(cancellation) : Task.CompletedTask;

    /// <summary>Writes the rows held as one row group (none when empty).</summary>
    public async Task FlushAsync(CancellationToken cancellation)
    {
        int rows = _columns[0].Count;
        if (rows == 0 || _writer is null) return;
        foreach (var c in _columns)
            if (c.Count != rows) throw new InvalidOperationException($"column {c.Field.Name} holds {c.Count} rows, {_columns[0].Field.Name} {rows}");
        using (var rowGroup = _writer.CreateRowGroup())
        {
            foreach (var c in _columns) await c.FlushAsync(rowGroup, cancellation).ConfigureAwait(false);
            rowGroup.CompleteValidate();
        }
        RowsWritten += rows;
    }

    /// <summary>Writes the last rows and the file's footer.</summary>
    public async Task CompleteAsync(CancellationToken cancellation)
    {
        await FlushAsync(cancellation).ConfigureAwait(false);
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }
        await _stream.FlushAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Closes the file (without a footer unless <see cref="CompleteAsync"/> ran: the caller removes it).</summary>
    public async ValueTask DisposeAsync()
    {
        // A writer that was not completed is dropped without writing its footer into a half-written file.
        _writer = null;
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
