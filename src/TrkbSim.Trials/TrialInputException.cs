namespace TrkbSim.Trials;

/// <summary>
/// A problem with trial input that the user can fix (an arm string, a population file, an option value).
/// The message names the option or item and what is allowed; the CLI prints it without a stack trace.
/// </summary>
public sealed class TrialInputException(string message, Exception? inner = null) : Exception(message, inner);
