using System.Net;
using System.Net.Http.Json;
using System.Text;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Tests;

/// <summary>Limits and headers of a server others may reach: 413, 429, security headers, JSON errors.</summary>
public sealed class SafetyTests(ApiHostFixture fixture) : IClassFixture<ApiHostFixture>
{
    readonly HttpClient _client = fixture.Host.Client;

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_json_error()
    {
        string model = new('x', 600 * 1024);
        var (status, answer) = await Json.PostRaw(_client, "/api/simulate", $$"""{"model":"{{model}}","end":1}""");
        Assert.Equal(413, status);
        Assert.Contains("at most 524,288 bytes", Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_without_a_length_is_cut_off_at_the_limit()
    {
        await using var host = new ApiHost(new WebOptions { MaxRequestBodyBytes = 1000 });
        var bytes = Encoding.UTF8.GetBytes($$"""{"model":"{{new string('x', 5000)}}","end":1}""");
        using var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var response = await host.Client.PostAsync("/api/simulate", content);
        Assert.Null(content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 1,000 bytes", Json.Error(await Json.Read(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_text_over_its_own_limit_is_a_413()
    {
        await using var host = new ApiHost(new WebOptions { MaxModelTextChars = 100 });
        var (status, answer) = await Json.Post(host.Client, "/api/simulate", new { model = new string(' ', 200) + "x = 1", end = 1.0 });
        Assert.Equal(413, status);
        Assert.Contains("model: 205 characters; at most 100 are allowed", Json.Error(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_simulation_slot_and_the_queue_are_taken_a_request_gets_429_then_runs_once_free()
    {
        await using var host = new ApiHost(new WebOptions { MaxConcurrentSimulations = 1, SimulationQueueLimit = 0 });
        var body = new { model = "S1 = 1; S1 -> ; S1", end = 1.0 };
        var slot = await host.Get<SimulationSlots>().Gate.EnterAsync(CancellationToken.None);
        using (var response = await host.Client.PostAsJsonAsync("/api/simulate", body))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
            Assert.Contains("server busy", Json.Error(await Json.Read(response)), StringComparison.Ordinal);
        }
        slot.Dispose();
        var (status, _) = await Json.Post(host.Client, "/api/simulate", body);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Concurrent_requests_beyond_the_slots_are_refused_never_crashed()
    {
        // One slot (held by the test) and a queue of one: of eight concurrent requests one waits and seven are refused;
        // once the slot is free the waiting one runs. Each body differs, so no answer comes from the answer cache.
        await using var host = new ApiHost(new WebOptions { MaxConcurrentSimulations = 1, SimulationQueueLimit = 1 });
        var slot = await host.Get<SimulationSlots>().Gate.EnterAsync(CancellationToken.None);
        var requests = Enumerable.Range(0, 8).Select(async i =>
        {
            var body = new Dictionary<string, object> { ["drug"] = "fluoxetine", ["dose"] = $"{20 + i}mg", ["every"] = "24h", ["for"] = "4w" };
            using var response = await host.Client.PostAsJsonAsync("/api/regimen", body);
            await Json.Read(response);
            return (int)response.StatusCode;
        }).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (requests.Count(r => r.IsCompleted) < 7 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(7, requests.Count(r => r.IsCompleted));
        Assert.All(requests.Where(r => r.IsCompleted), r => Assert.Equal(429, r.Result));
        slot.Dispose();
        var statuses = await Task.WhenAll(requests);
        Assert.Equal(1, statuses.Count(s => s == 200));
        Assert.Equal(7, statuses.Count(s => s == 429));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/compounds")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/js/app.js")]
    public async Task Every_answer_has_the_security_headers(string path)
    {
        using var response = await _client.GetAsync(path);
        string csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Error_answers_keep_the_security_headers()
    {
        var response = await _client.PostAsync("/api/simulate", new StringContent("{\"model\":\"x = \",\"end\":1}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        response.Dispose();
    }

    [Fact]
    public async Task The_page_loads_scripts_only_from_files()
    {
        string html = await _client.GetStringAsync("/");
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script([^>]*)>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.NotEmpty(scripts);
        foreach (System.Text.RegularExpressions.Match s in scripts)
        {
            Assert.Contains("src=", s.Groups[1].Value, StringComparison.Ordinal);
            Assert.True(string.IsNullOrWhiteSpace(s.Groups[2].Value), "inline script in index.html");
        }
        Assert.DoesNotMatch(@"<[^>]+\son\w+\s*=", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_answers_are_not_cached()
    {
        using var response = await _client.GetAsync("/api/compounds");
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A stream whose length is unknown, so the client sends the body chunked.</summary>
    sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
