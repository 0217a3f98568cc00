using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace TrkbSim.Web.Tests;

/// <summary>The web explorer on an in-process test server (Microsoft.AspNetCore.TestHost), with a client for it.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    readonly WebApplication _app;
    bool _disposed;

    public ApiHost(WebOptions? options = null)
    {
        Options = options ?? new WebOptions();
        _app = WebApp.Build(Options, b => b.WebHost.UseTestServer());
        _app.StartAsync().GetAwaiter().GetResult();
        Client = _app.GetTestClient();
    }

    public WebOptions Options { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One default test server shared by the tests of a class.</summary>
public sealed class ApiHostFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Host = new ApiHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
