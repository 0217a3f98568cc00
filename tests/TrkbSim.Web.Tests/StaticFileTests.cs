using System.Net.Sockets;
using System.Text;

namespace TrkbSim.Web.Tests;

/// <summary>Static files come only from wwwroot: raw requests to the real server (no client normalising the path).</summary>
[Collection("browser")]
public sealed class StaticFileTests(BrowserFixture server)
{
    /// <summary>Sends one request line as written and returns the status code and body.</summary>
    async Task<(int Status, byte[] Body)> Raw(string target)
    {
        var uri = new Uri(server.BaseUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\n\r\n"));
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        byte[] all = buffer.ToArray();
        string head = Encoding.ASCII.GetString(all, 0, Math.Min(all.Length, 4096));
        int end = head.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        int status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, all[(end + 4)..]);
    }

    [Theory]
    [InlineData("/../TrkbSim.Web.dll")]
    [InlineData("/%2e%2e/TrkbSim.Web.dll")]
    [InlineData("/js/..%2f..%2fTrkbSim.Web.dll")]
    [InlineData("/js/%2e%2e/%2e%2e/TrkbSim.Web.dll")]
    [InlineData("/..%5cTrkbSim.Web.dll")]
    [InlineData("/vendor/../../TrkbSim.Web.deps.json")]
    [InlineData("//etc/passwd")]
    [InlineData("/%2fetc%2fpasswd")]
    [InlineData("/../../../../../../etc/passwd")]
    public async Task Paths_outside_the_front_end_are_never_served(string target)
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "TrkbSim.Web.dll")), "the file the requests aim at exists beside wwwroot");
        var (status, body) = await Raw(target);
        string text = Encoding.Latin1.GetString(body);
        Assert.False(status == 200 && (text.StartsWith("MZ", StringComparison.Ordinal) || text.Contains("root:", StringComparison.Ordinal) || text.Contains("runtimeTarget", StringComparison.Ordinal)),
            $"{target} answered {status} with a file from outside wwwroot");
        Assert.NotEqual(200, status);
    }

    [Fact]
    public async Task The_front_end_files_are_served_with_their_types()
    {
        var (status, body) = await Raw("/js/app.js");
        Assert.Equal(200, status);
        Assert.Contains("import", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        (status, body) = await Raw("/vendor/uPlot.iife.min.js");
        Assert.Equal(200, status);
        Assert.Contains("uPlot", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }
}
