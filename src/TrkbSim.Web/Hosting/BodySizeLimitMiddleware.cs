using Microsoft.AspNetCore.Http.Features;

namespace TrkbSim.Web.Hosting;

/// <summary>
/// Refuses request bodies larger than <see cref="WebOptions.MaxRequestBodyBytes"/> with 413: at once when the declared
/// length is too large, and while reading when a body without a declared length grows past the limit.
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next, WebOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long limit = options.MaxRequestBodyBytes;
        if (context.Request.ContentLength is { } length && length > limit)
            throw ApiException.TooLarge($"request body too large: {length:N0} bytes; at most {limit:N0} bytes are allowed");
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength is null && HttpMethods.IsPost(context.Request.Method))
            context.Request.Body = new LengthLimitedStream(context.Request.Body, limit);
        return next(context);
    }
}
