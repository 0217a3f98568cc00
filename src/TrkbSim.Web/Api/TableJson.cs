using System.Text.Json;

namespace TrkbSim.Web.Api;

/// <summary>
/// Writes a time-course table as <c>"columns": [...], "data": [[row], ...]</c>: values in row order, the shortest text
/// that reads back as the same double (the values a CSV of the same table holds), NaN and infinities as null.
/// </summary>
public static class TableJson
{
    /// <summary>Writes the two properties into the open object of <paramref name="json"/>.</summary>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<string> columns, IReadOnlyList<double[]> values)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        json.WriteStartArray("columns");
        foreach (var c in columns) json.WriteStringValue(c);
        json.WriteEndArray();
        int rows = values.Count == 0 ? 0 : values[0].Length;
        json.WriteStartArray("data");
        for (int r = 0; r < rows; r++)
        {
            json.WriteStartArray();
            foreach (var column in values) Number(json, column[r]);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    /// <summary>A number, or null when it is not finite (JSON has no NaN).</summary>
    public static void Number(Utf8JsonWriter json, double value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteNullValue();
    }

    /// <summary>Writer settings of every answer: text escaped for JSON only (answers are never embedded in HTML).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON answer built by <paramref name="write"/> inside one object.</summary>
    public static IResult Answer(Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK) => new JsonBytes(Bytes(write), status);

    /// <summary>The bytes of one JSON object built by <paramref name="write"/>.</summary>
    public static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    sealed class JsonBytes(byte[] body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body).AsTask();
        }
    }
}
