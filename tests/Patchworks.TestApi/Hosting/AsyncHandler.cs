using Microsoft.AspNetCore.Http;

namespace Patchworks.TestApi.Hosting;

/// <summary>
/// Wraps an async route handler that returns an IResult. An async lambda taking only an HttpContext converts to
/// RequestDelegate too, and the compiler prefers that overload of MapGet/MapPost, which throws the result away and
/// answers an empty 200; typed as a Func, the handler goes through the overload that writes the result.
/// </summary>
public static class AsyncHandler
{
    public static Delegate Of(Func<HttpContext, Task<IResult>> handler) => handler;

    public static Delegate Of(Func<HttpContext, string, Task<IResult>> handler) => handler;
}
