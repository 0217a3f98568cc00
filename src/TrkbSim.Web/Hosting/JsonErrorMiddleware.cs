using System.Text.Json;

namespace TrkbSim.Web.Hosting;

/// <summary>
/// Turns every failure into <c>{"error": "..."}</c> (with <c>line</c> and <c>column</c> for model text errors): exceptions
/// by <see cref="ErrorMapping"/>, and empty error answers (404 for an unknown API path, 405) by their status.
/// </summary>
public sealed class JsonErrorMiddleware(RequestDelegate next, WebOptions options, ILogger<JsonErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody to answer.
            return;
        }
        catch (Exception e)
        {
            var error = ErrorMapping.Map(e);
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
                error = error with { Message = $"request body too large: at most {options.MaxRequestBodyBytes:N0} bytes are allowed" };
            if (error.Status >= 500) Log.RequestFailed(logger, e, context.Request.Method, context.Request.Path.Value ?? "");
            else Log.RequestRefused(logger, context.Request.Method, context.Request.Path.Value ?? "", error.Status, error.Message);
            if (context.Response.HasStarted) throw;
            context.Response.Clear();
            await Write(context, error);
            return;
        }
        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentType is null
            && context.Response.ContentLength is null or 0)
        {
            await Write(context, new ApiError(context.Response.StatusCode, StatusText(context, options)));
        }
    }

    static string StatusText(HttpContext context, WebOptions options) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"not found: {context.Request.Path}; the API is listed at /openapi/v1.json",
        StatusCodes.Status405MethodNotAllowed => $"method {context.Request.Method} is not allowed on {context.Request.Path}",
        StatusCodes.Status413PayloadTooLarge => $"request body too large: at most {options.MaxRequestBodyBytes:N0} bytes are allowed",
        StatusCodes.Status415UnsupportedMediaType => "request body: send JSON with the header Content-Type: application/json",
        var s => $"request failed with status {s}",
    };

    /// <summary>Writes an error answer.</summary>
    public static async Task Write(HttpContext context, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (error.RetryAfterSeconds is { } retry) context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Api.TableJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("error", error.Message);
            if (error.Line is { } line) json.WriteNumber("line", line);
            if (error.Column is { } column) json.WriteNumber("column", column);
            json.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(buffer.ToArray());
    }
}
