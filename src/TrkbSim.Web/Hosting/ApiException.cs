namespace TrkbSim.Web.Hosting;

/// <summary>
/// A request the server refuses, with the HTTP status and a message for the user (what is wrong and what is allowed).
/// Turned into <c>{"error": message}</c> by <see cref="JsonErrorMiddleware"/>.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string message) : base(message) => Status = status;

    public ApiException() : this(StatusCodes.Status400BadRequest, "bad request") { }

    public ApiException(string message) : this(StatusCodes.Status400BadRequest, message) { }

    public ApiException(string message, Exception inner) : base(message, inner) => Status = StatusCodes.Status400BadRequest;

    /// <summary>HTTP status code of the answer.</summary>
    public int Status { get; }

    /// <summary>Seconds after which a refused request (429) may be tried again; null: no Retry-After header.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>400: a value in the request is wrong.</summary>
    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    /// <summary>404: nothing with that name or id.</summary>
    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    /// <summary>413: the request or its model text is too large.</summary>
    public static ApiException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message);

    /// <summary>429: all slots for this kind of work are taken.</summary>
    public static ApiException Busy(string message) => new(StatusCodes.Status429TooManyRequests, message) { RetryAfterSeconds = 2 };
}
