using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.FileProviders;
using TrkbSim.Web.Api;
using TrkbSim.Web.Hosting;
using TrkbSim.Web.Simulations;
using TrkbSim.Web.Trials;

namespace TrkbSim.Web;

/// <summary>
/// The web explorer: a minimal-API server for the JSON API under /api, its OpenAPI document at /openapi/v1.json, and
/// the static front end (wwwroot) at /. <c>trkbsim serve</c> runs it; tests build it on a test server or a free port.
/// </summary>
public static class WebApp
{
    /// <summary>Builds the application; <paramref name="configure"/> may adjust the builder (tests swap in a test server).</summary>
    public static WebApplication Build(WebOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        string staticRoot = Path.GetFullPath(options.ResolveStaticRoot());
        if (!File.Exists(Path.Combine(staticRoot, "index.html")))
            throw new InvalidOperationException($"the web explorer's files are missing: no index.html in {staticRoot}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = staticRoot,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("TrkbSim", LogLevel.Information);
        builder.WebHost.UseUrls(Url(options.Host, options.Port));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SimulationSlots>();
        builder.Services.AddSingleton<TrialRegistry>();
        builder.Services.AddSingleton<ModelSimulation>();
        builder.Services.AddSingleton(new AnswerCache(options.AnswerCacheBytes));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "TrkbSim web API";
            document.Info.Description = "Regimens, model text, scenarios, compounds and virtual trials of the TRKB antidepressant mechanism (docs/web.md)";
            return Task.CompletedTask;
        }));
        builder.Services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = RequestBody.Naming;
            json.SerializerOptions.ReadCommentHandling = JsonCommentHandling.Disallow;
            json.SerializerOptions.MaxDepth = 16;
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<JsonErrorMiddleware>();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        var files = new PhysicalFileProvider(staticRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapOpenApi();
        CompoundEndpoints.Map(app);
        ModelEndpoints.Map(app);
        ScenarioEndpoints.Map(app);
        RegimenEndpoints.Map(app);
        SimulateEndpoints.Map(app);
        SensitivityEndpoints.Map(app);
        TrialEndpoints.Map(app);
        return app;
    }

    /// <summary>The listening URL for a host name or address and a port (IPv6 addresses in brackets).</summary>
    public static string Url(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        string h = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return $"http://{h}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
