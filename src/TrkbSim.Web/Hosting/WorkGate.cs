namespace TrkbSim.Web.Hosting;

/// <summary>
/// Bounds how much of one kind of work runs at once: <c>slots</c> run, up to <c>queue</c> more wait for a slot in
/// arrival order, and beyond that a request is refused at once with 429, so load never grows without bound.
/// </summary>
public sealed class WorkGate : IDisposable
{
    readonly SemaphoreSlim _slots;
    readonly int _queueLimit;
    readonly string _what;
    int _waiting;

    public WorkGate(string what, int slots, int queue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queue);
        _what = what;
        Slots = slots;
        _queueLimit = queue;
        _slots = new SemaphoreSlim(slots, slots);
    }

    /// <summary>Work that may run at once.</summary>
    public int Slots { get; }

    /// <summary>Slots in use now.</summary>
    public int Busy => Slots - _slots.CurrentCount;

    /// <summary>Takes a slot, waiting in the queue when all are busy; throws 429 when the queue is full too.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellation)
    {
        if (_slots.Wait(0, CancellationToken.None)) return new Lease(_slots);
        if (Interlocked.Increment(ref _waiting) > _queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            throw ApiException.Busy($"server busy: all {Slots} {_what} slots are in use and {_queueLimit} requests are waiting; try again shortly");
        }
        try
        {
            await _slots.WaitAsync(cancellation);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return new Lease(_slots);
    }

    /// <summary>Takes a slot only if one is free now (no queue); null otherwise.</summary>
    public IDisposable? TryEnter() => _slots.Wait(0, CancellationToken.None) ? new Lease(_slots) : null;

    public void Dispose() => _slots.Dispose();

    sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            try { slots.Release(); }
            catch (ObjectDisposedException) { } // the server stopped while the work ran

        }
    }
}
