using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TrkbSim.Web.Tests;

/// <summary>Small helpers for JSON requests and answers.</summary>
public static class Json
{
    public static async Task<(int Status, JsonElement Body)> Post(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        return ((int)response.StatusCode, await Read(response));
    }

    public static async Task<(int Status, JsonElement Body)> PostRaw(HttpClient client, string path, string text, string contentType = "application/json")
    {
        using var content = new StringContent(text, Encoding.UTF8, contentType);
        using var response = await client.PostAsync(path, content);
        return ((int)response.StatusCode, await Read(response));
    }

    public static async Task<(int Status, JsonElement Body)> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return ((int)response.StatusCode, await Read(response));
    }

    public static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json",
            $"{(int)response.StatusCode} answer is {response.Content.Headers.ContentType}, not JSON: {text[..Math.Min(300, text.Length)]}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>The error message of an error answer, checking its shape: an object with "error" and no trace.</summary>
    public static string Error(JsonElement body)
    {
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        string message = body.GetProperty("error").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        return message;
    }
}
