namespace TrkbSim.Pharmacology.Validation;

/// <summary>One observation against the model's prediction (in the observation's unit).</summary>
public sealed record ValidationRow(Observation Observation, double? Predicted)
{
    /// <summary>Predicted / observed; null when there is no positive prediction to compare.</summary>
    public double? FoldError => Predicted is { } p && p > 0 && Observation.Observed.Value > 0 ? p / Observation.Observed.Value : null;

    /// <summary>Within a factor of 2 of the observed value (for a bound: not beyond twice or half the bound; a prediction of
    /// zero is within an upper bound).</summary>
    public bool Within2Fold => Observation.Observed.Bound == "upper" && Predicted is { } zero && zero == 0 && Observation.Observed.Value > 0
        || FoldError is { } f && Observation.Observed.Bound switch
        {
            "upper" => f <= 2,
            "lower" => f >= 0.5,
            _ => f is >= 0.5 and <= 2,
        };

    /// <summary>Inside the observed range (or on the right side of a bound); null when the observation gives no range.</summary>
    public bool? WithinRange
    {
        get
        {
            var o = Observation.Observed;
            if (Predicted is not { } p) return o.Low is null && o.High is null && o.Bound is null ? null : false;
            if (o.Bound == "upper") return p <= o.Value;
            if (o.Bound == "lower") return p >= o.Value;
            if (o.Low is null && o.High is null) return null;
            return p >= (o.Low ?? double.NegativeInfinity) && p <= (o.High ?? double.PositiveInfinity);
        }
    }
}
