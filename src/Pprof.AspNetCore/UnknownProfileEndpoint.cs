using Microsoft.AspNetCore.Http;

namespace Pprof.AspNetCore;

/// <summary>Any other name under the prefix: 404 as Go answers, saying when it is one of Go's profiles that .NET lacks.</summary>
internal static class UnknownProfileEndpoint
{
    public static Task ServeAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"] as string ?? "";
        var known = ProfileCatalog.Unavailable.FirstOrDefault(p => p.Name == name);
        var message = known.Name is null ? $"Unknown profile: {name}" : $"Unknown profile: {name} is not available in .NET ({known.Reason})";
        return PprofResponses.ErrorAsync(context, StatusCodes.Status404NotFound, message);
    }
}
