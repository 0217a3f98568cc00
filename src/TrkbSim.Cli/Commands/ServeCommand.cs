using System.CommandLine;
using Microsoft.Extensions.Hosting;
using TrkbSim.Web;

namespace TrkbSim.Cli.Commands;

/// <summary><c>trkbsim serve [--port 5080] [--host 127.0.0.1]</c>: the web explorer in a browser; Ctrl+C stops it.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port)", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every network interface) or a host name",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var cmd = new Command("serve", "Serve the web explorer: regimens, scenarios, trials, the compound library and the model text in a browser")
        {
            port, host,
        };
        cmd.SetAction(pr =>
        {
            int p = pr.GetValue(port);
            if (p is < 0 or > 65535) throw new UsageException($"--port: {p} is not allowed; allowed: 0 to 65535");
            string h = pr.GetValue(host)!.Trim();
            if (h.Length == 0 || h.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#' or '@'))
                throw new UsageException($"--host: '{h}' is not a host name or address (e.g. 127.0.0.1, localhost, 0.0.0.0)");
            using var app = WebApp.Build(new WebOptions { Host = h, Port = p });
            try { app.Start(); }
            catch (IOException e) { throw new UsageException($"--port {p}: cannot listen on {WebApp.Url(h, p)}: {e.Message}"); }
            foreach (var url in app.Urls) Console.Error.WriteLine($"TrkbSim web explorer: {url}/ (Ctrl+C stops)");
            if (h is not ("127.0.0.1" or "localhost" or "::1"))
                Console.Error.WriteLine($"trkbsim: warning: --host {h}: other machines can reach this server; it has no login");
            app.WaitForShutdown();
            return ExitCodes.Success;
        });
        return cmd;
    }
}
