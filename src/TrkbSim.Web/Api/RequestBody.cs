using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrkbSim.Web.Hosting;

namespace TrkbSim.Web.Api;

/// <summary>A JSON request body that collects keys it does not know, so that a misspelt option is an error, not ignored.</summary>
public interface IRequestBody
{
    /// <summary>Keys the body type has no property for.</summary>
    Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>Checks request bodies: present, and without unknown keys (the error lists the allowed ones).</summary>
public static class RequestBody
{
    /// <summary>The JSON naming of request keys: the CLI's option names without the dashes in front (start-at, cyp2d6).</summary>
    public static readonly JsonNamingPolicy Naming = JsonNamingPolicy.KebabCaseLower;

    /// <summary>Throws 400 when the body is missing or has keys its type does not define.</summary>
    public static T Check<T>(T? body) where T : class, IRequestBody
    {
        if (body is null) throw ApiException.BadRequest("request body: a JSON object is required");
        if (body.Unknown is { Count: > 0 } unknown)
        {
            var keys = Keys(typeof(T));
            throw ApiException.BadRequest(
                $"request body: unknown key{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Keys.Select(k => $"'{k}'"))}; allowed: {string.Join(", ", keys)}");
        }
        return body;
    }

    /// <summary>The JSON keys of a body type, in declaration order.</summary>
    public static IReadOnlyList<string> Keys(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonExtensionDataAttribute>() is null)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? Naming.ConvertName(p.Name))];
    }
}
