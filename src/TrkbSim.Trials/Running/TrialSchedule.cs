namespace TrkbSim.Trials.Running;

/// <summary>
/// When a trial looks at its subjects: the time course once a day from day 0 to the last week, and rated visits at
/// baseline (week 0), day 1 (the 24-hour look of rapid-acting treatments) and the end of every week.
/// </summary>
public sealed class TrialSchedule
{
    /// <summary>Daily sample times, h (0, 24, ..., weeks·168).</summary>
    public double[] TimesHours { get; }
    /// <summary>The day (index into <see cref="TimesHours"/>) of each visit.</summary>
    public int[] VisitDays { get; }
    /// <summary>The week of each visit (day 1 is 1/7 week).</summary>
    public double[] VisitWeeks { get; }

    /// <summary>The schedule of a trial of <paramref name="weeks"/> weeks.</summary>
    public TrialSchedule(int weeks)
    {
        int days = weeks * 7;
        TimesHours = new double[days + 1];
        for (int d = 0; d <= days; d++) TimesHours[d] = 24.0 * d;
        var v = new List<int> { 0, 1 };
        for (int w = 1; w <= weeks; w++) v.Add(7 * w);
        VisitDays = v.ToArray();
        VisitWeeks = VisitDays.Select(d => d / 7.0).ToArray();
    }

    /// <summary>Number of daily samples.</summary>
    public int DayCount => TimesHours.Length;

    /// <summary>
    /// The time-course rows kept per subject when every <paramref name="everyDays"/>-th day is stored (days 0,
    /// everyDays, 2 everyDays, ...); none when <paramref name="everyDays"/> is 0.
    /// </summary>
    public int StoredDays(int everyDays) => everyDays > 0 ? (DayCount + everyDays - 1) / everyDays : 0;

    /// <summary>
    /// The rows of the stored days (<see cref="StoredDays"/>) of daily values, <paramref name="k"/> per day: the array
    /// itself when every day is stored, an empty one when none is.
    /// </summary>
    public double[] StoredRows(double[] daily, int k, int everyDays)
    {
        if (everyDays == 1) return daily;
        int rows = StoredDays(everyDays);
        if (rows == 0 || k == 0) return [];
        var stored = new double[rows * k];
        for (int r = 0; r < rows; r++) Array.Copy(daily, r * everyDays * k, stored, r * k, k);
        return stored;
    }
}
