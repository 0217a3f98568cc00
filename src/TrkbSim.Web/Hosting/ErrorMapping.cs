using System.Text.Json;
using TrkbSim.Analysis;
using TrkbSim.Modeling;
using TrkbSim.Numerics.Ode;
using TrkbSim.Pharmacology;
using TrkbSim.Trials;

namespace TrkbSim.Web.Hosting;

/// <summary>An error answer: status, message and, for model text errors, the line and column.</summary>
public sealed record ApiError(int Status, string Message, int? Line = null, int? Column = null, int? RetryAfterSeconds = null);

/// <summary>
/// Maps an exception to the answer a user sees: the project's typed errors keep their message (they are written for
/// users), anything else becomes a 500 with a fixed message; no stack trace ever leaves the server.
/// </summary>
public static class ErrorMapping
{
    public const string InternalMessage = "internal error: the server could not complete this request (the details are in the server's log)";

    public static ApiError Map(Exception exception) => exception switch
    {
        ApiException e => new ApiError(e.Status, e.Message, RetryAfterSeconds: e.RetryAfterSeconds),
        ModelException e => new ApiError(StatusCodes.Status400BadRequest, "model error: " + e.UserMessage, e.Location?.Line, e.Location?.Column),
        PharmacologyInputException or TrialInputException or AnalysisException => new ApiError(StatusCodes.Status400BadRequest, exception.Message),
        OdeSolverException e => new ApiError(StatusCodes.Status422UnprocessableEntity, "numerical failure: " + e.Message),
        BadHttpRequestException e => new ApiError(e.StatusCode, BadRequestMessage(e)),
        _ => new ApiError(StatusCodes.Status500InternalServerError, InternalMessage),
    };

    /// <summary>Whether the exception is the user's doing (logged briefly) rather than the server's (logged with its trace).</summary>
    public static bool IsUserError(Exception exception) => Map(exception).Status < 500;

    static string BadRequestMessage(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return "request body too large: " + e.Message.TrimEnd('.');
        if (e.InnerException is JsonException json)
            // A syntax error comes from the reader (a JsonException inside); a value of the wrong type is a JsonException alone.
            return json.InnerException is not JsonException && json.Path is { Length: > 1 } path
                ? $"request body: the value of '{path.TrimStart('$', '.')}' has the wrong type (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}); see GET /openapi/v1.json for the expected types"
                : $"request body: not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}): give a JSON object";
        if (e.Message.Contains("body was not provided", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("Implicit body", StringComparison.Ordinal))
            return "request body: a JSON object is required";
        if (e.Message.Contains("content type", StringComparison.OrdinalIgnoreCase))
            return "request body: send JSON with the header Content-Type: application/json";
        return "bad request: " + e.Message;
    }
}
