using System.Net;
using System.Net.Sockets;
using TrkbSim.Cli;

namespace TrkbSim.Web.Tests;

/// <summary>`trkbsim serve` refuses bad options and a port in use with a usage error instead of hanging or crashing.</summary>
public sealed class ServeCommandTests
{
    static (int Code, string Error) Serve(params string[] args)
    {
        using var stderr = new StringWriter();
        int code = Program.Run(["serve", .. args], stderr);
        return (code, stderr.ToString());
    }

    [Theory]
    [InlineData("--port", "70000", "--port: 70000 is not allowed; allowed: 0 to 65535")]
    [InlineData("--host", "http://x/", "--host: 'http://x/' is not a host name or address")]
    public void Bad_options_are_usage_errors(string option, string value, string expected)
    {
        var (code, error) = Serve(option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_a_usage_error()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var run = Task.Run(() => Serve("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (code, error) = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Contains($"--port {port}: cannot listen on http://127.0.0.1:{port}", error, StringComparison.Ordinal);
    }
}
