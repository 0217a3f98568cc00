using System.Runtime.InteropServices;

namespace TrkbSim.Cli.Output;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation of a long run, so that the run stops at its next check and
/// removes what it had written, instead of the process ending with a half-written output (or, for SIGINT, going on).
/// </summary>
public sealed class InterruptSignals : IDisposable
{
    readonly PosixSignalRegistration[] _registrations;
    int _signalled;

    /// <summary>Cancels <paramref name="stop"/> on SIGINT or SIGTERM until disposed.</summary>
    public InterruptSignals(CancellationTokenSource stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true; // the run cleans up and ends itself
            Interlocked.Exchange(ref _signalled, 1);
            try { stop.Cancel(); }
            catch (ObjectDisposedException) { } // the run had already finished
        }
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>True once a signal arrived.</summary>
    public bool Signalled => Volatile.Read(ref _signalled) == 1;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
