using System.Globalization;

namespace TrkbSim.Bench.Web;

/// <summary>What the load check does: how many clients for how long, against which server, and where the report goes.</summary>
public sealed record LoadOptions
{
    public int Clients { get; init; } = 50;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>The trkbsim executable to start as the server; null: use <see cref="Url"/>.</summary>
    public string? Server { get; init; }
    /// <summary>A server that is already running (its memory is then not measured).</summary>
    public string? Url { get; init; }
    public int Port { get; init; } = 5181;
    /// <summary>Markdown report (appended to docs/performance.md by bench/peers/run.sh).</summary>
    public string? Report { get; init; }

    public const string Usage =
        "usage: TrkbSim.Bench.Web (--server PATH_TO_trkbsim | --url http://host:port) [--clients 50] [--seconds 60] [--warmup 5] [--port 5181] [--report FILE.md]";

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]}: a value is required");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--clients" => o with { Clients = Int() },
                "--seconds" => o with { Duration = TimeSpan.FromSeconds(Int()) },
                "--warmup" => o with { WarmUp = TimeSpan.FromSeconds(Int()) },
                "--server" => o with { Server = Next() },
                "--url" => o with { Url = Next() },
                "--port" => o with { Port = Int() },
                "--report" => o with { Report = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        if (o.Server is null == (o.Url is null)) throw new ArgumentException("give --server or --url");
        if (o.Clients < 1) throw new ArgumentException("--clients: at least 1");
        return o;
    }
}
