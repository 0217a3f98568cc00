using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using PuppeteerSharp;

namespace TrkbSim.Web.Tests;

/// <summary>
/// The web explorer on a real Kestrel server (a free port on 127.0.0.1) and a headless Chromium driving it. The browser
/// is the system's: TRKBSIM_CHROMIUM, or Debian's /usr/bin/chromium, installed with apt-get when missing and the tests run
/// as root (as on CI); nothing is downloaded by the test library.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    WebApplication? _app;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _app = WebApp.Build(new WebOptions { Host = "127.0.0.1", Port = 0 });
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/') + "/";
        Browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = SystemChromium.Path(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check"],
        });
    }

    /// <summary>A new page (1400 x 1000) whose console errors and page errors are collected.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPage()
    {
        var page = await Browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 1000 });
        var errors = new List<string>();
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) lock (errors) errors.Add(e.Message.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e.Message); };
        page.DefaultTimeout = 60_000;
        return (page, errors);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;

/// <summary>Finds the system's Chromium, installing Debian's package when it is missing and the process runs as root.</summary>
public static class SystemChromium
{
    static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
    static readonly Lazy<string> Found = new(Locate);

    public static string Path() => Found.Value;

    static string Locate()
    {
        if (Environment.GetEnvironmentVariable("TRKBSIM_CHROMIUM") is { Length: > 0 } given)
            return File.Exists(given) ? given : throw new InvalidOperationException($"TRKBSIM_CHROMIUM={given}: no such file");
        if (Candidates.FirstOrDefault(File.Exists) is { } path) return path;
        if (!OperatingSystem.IsLinux() || !IsRoot() || !File.Exists("/usr/bin/apt-get"))
            throw new InvalidOperationException(
                "the browser tests need Chromium: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set TRKBSIM_CHROMIUM to a Chromium or Chrome executable; " +
                "as root on Debian the tests install it themselves");
        Run("apt-get update");
        Run("apt-get install -y --no-install-recommends chromium");
        return Candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("apt-get install chromium finished but no chromium executable was found");
    }

    static bool IsRoot()
    {
        var (code, output) = Exec("id", "-u");
        return code == 0 && output.Trim() == "0";
    }

    static void Run(string command)
    {
        var (code, output) = Exec("bash", "-c", command);
        if (code != 0)
            throw new InvalidOperationException($"installing Chromium failed: `{command}` exited with {code}:\n{output[^Math.Min(output.Length, 3000)..]}");
    }

    static (int Code, string Output) Exec(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            p.Kill(entireProcessTree: true);
            return (-1, "timed out after 15 minutes");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>Screenshots for docs/web.md, written when TRKBSIM_UPDATE_DOCS=1 (the project's switch for regenerating docs).</summary>
public static class DocScreenshots
{
    public static bool Enabled => Environment.GetEnvironmentVariable("TRKBSIM_UPDATE_DOCS") == "1";

    public static async Task Save(IPage page, string name)
    {
        if (!Enabled) return;
        string dir = System.IO.Path.Combine(RepoRoot(), "docs", "web");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(System.IO.Path.Combine(dir, name + ".png"), new ScreenshotOptions { FullPage = false });
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TrkbSim.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (TrkbSim.slnx) not found above the test output");
    }
}
