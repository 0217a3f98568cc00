using System.Globalization;

namespace TrkbSim.Simulation;

/// <summary>
/// The time span and output grid a user asks of a simulation (start, end, and either output times or a number of
/// steps), checked once for every front end; messages name the fields with the front end's prefix ("--" for
/// command-line options, "" for JSON keys). Problems are <see cref="ArgumentException"/>s with those messages.
/// </summary>
public static class OutputGrid
{
    /// <summary>Start, end and grid of <paramref name="settings"/> from what the user gave; at most <paramref name="maxRows"/> output rows.</summary>
    public static SimulationSettings Apply(SimulationSettings settings, IReadOnlyList<double>? times, int? steps, int maxRows, string prefix)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string O(string name) => prefix + name;
        string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        double start = settings.Start, end = settings.End;
        if (!double.IsFinite(start)) throw new ArgumentException($"{O("start")}: must be a finite number");
        if (!double.IsFinite(end) || end <= start) throw new ArgumentException($"{O("end")}: must be a finite time greater than {O("start")} ({F(start)})");
        if (times is not null)
        {
            if (steps is not null) throw new ArgumentException($"{O("steps")} and {O("times")} cannot be used together");
            if (times.Count == 0) throw new ArgumentException($"{O("times")}: give at least one output time");
            if (times.Count > maxRows) throw new ArgumentException($"{O("times")}: {times.Count:N0} output times; at most {maxRows:N0} are allowed");
            for (int i = 0; i < times.Count; i++)
            {
                if (!(times[i] >= start && times[i] <= end))
                    throw new ArgumentException($"{O("times")}: {F(times[i])} lies outside [{O("start")}, {O("end")}] = [{F(start)}, {F(end)}]");
                if (i > 0 && times[i] <= times[i - 1]) throw new ArgumentException($"{O("times")}: times must be strictly increasing");
            }
            return settings with { Times = times };
        }
        int n = steps ?? 100;
        if (n < 1 || n >= maxRows) throw new ArgumentException($"{O("steps")}: {n} is not allowed; allowed: 1 to {maxRows - 1:N0}");
        return settings with { Steps = n };
    }
}
