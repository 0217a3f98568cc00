namespace TrkbSim.Cli;

/// <summary>Exit codes of the trkbsim command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int ModelError = 3;
    public const int NumericalFailure = 4;
    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it); nothing was written.</summary>
    public const int Interrupted = 130;
}

/// <summary>A command-line value that is not allowed; the message names the option and what is allowed.</summary>
public sealed class UsageException(string message) : Exception(message);
