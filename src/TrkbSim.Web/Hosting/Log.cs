namespace TrkbSim.Web.Hosting;

/// <summary>The server's log messages.</summary>
public static partial class Log
{
    [LoggerMessage(Level = LogLevel.Error, Message = "request {Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "request {Method} {Path} refused ({Status}): {Reason}")]
    public static partial void RequestRefused(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "trial {Id} failed")]
    public static partial void TrialFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not delete {Folder}")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string folder);
}
