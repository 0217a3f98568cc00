namespace TrkbSim.Web.Hosting;

/// <summary>A read-only view of a request body that fails with 413 once more than a given number of bytes were read.</summary>
public sealed class LengthLimitedStream(Stream inner, long limit) : Stream
{
    long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    int Count(int n)
    {
        _read += n;
        if (_read > limit)
            throw new BadHttpRequestException($"more than {limit:N0} bytes; at most {limit:N0} bytes are allowed", StatusCodes.Status413PayloadTooLarge);
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
