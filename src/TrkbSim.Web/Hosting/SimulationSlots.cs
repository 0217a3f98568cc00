namespace TrkbSim.Web.Hosting;

/// <summary>
/// Runs one piece of simulation work (a regimen, a model, a scenario, a sensitivity analysis) in a slot of the
/// simulation <see cref="WorkGate"/>, stopped when its time budget is spent or the client goes away.
/// </summary>
public sealed class SimulationSlots(WebOptions options) : IDisposable
{
    readonly WorkGate _gate = new("simulation", options.SimulationSlots, options.SimulationQueueLimit);

    /// <summary>The gate (tests take its slots to see what a full server answers).</summary>
    public WorkGate Gate => _gate;

    /// <summary>
    /// Runs <paramref name="work"/> with a token that fires after <see cref="WebOptions.SimulationTimeBudget"/>; a run stopped
    /// by it is answered with 422 and a message saying what to change.
    /// </summary>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, T> work, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var lease = await _gate.EnterAsync(requestAborted);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        budget.CancelAfter(options.SimulationTimeBudget);
        try
        {
            var result = await Task.Run(() => work(budget.Token), budget.Token);
            // Work that swallows a stopped run (a sample counted as failed) still ran out of time.
            if (budget.IsCancellationRequested && !requestAborted.IsCancellationRequested) throw OverBudget(what, null);
            return result;
        }
        catch (OperationCanceledException e) when (!requestAborted.IsCancellationRequested)
        {
            throw OverBudget(what, e.Message);
        }
        catch (AggregateException e) when (budget.IsCancellationRequested && !requestAborted.IsCancellationRequested
            && e.Flatten().InnerExceptions.All(inner => inner is OperationCanceledException))
        {
            throw OverBudget(what, null);
        }
    }

    ApiException OverBudget(string what, string? detail)
    {
        string where = detail is not null && detail.StartsWith("the simulation was stopped", StringComparison.Ordinal) ? $" ({detail})" : "";
        return new ApiException(StatusCodes.Status422UnprocessableEntity,
            $"{what} did not finish within the server's time budget of {options.SimulationTimeBudget.TotalSeconds:0.#} s{where}; " +
            "simulate a shorter time, use a larger output step or fewer samples, or run it with the trkbsim command");
    }

    public void Dispose() => _gate.Dispose();
}
