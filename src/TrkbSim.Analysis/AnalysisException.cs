namespace TrkbSim.Analysis;

/// <summary>
/// A problem with an analysis request that the user can fix: an unknown parameter or data column, bad
/// bounds, unusable data. <see cref="Subject"/> names the offending item (parameter id, column, file).
/// </summary>
public sealed class AnalysisException : Exception
{
    /// <summary>The parameter id, column name or file the message is about; null when none applies.</summary>
    public string? Subject { get; }

    public AnalysisException(string message, string? subject = null, Exception? inner = null)
        : base(message, inner) => Subject = subject;
}
