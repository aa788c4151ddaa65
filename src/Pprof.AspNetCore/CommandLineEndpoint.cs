using Microsoft.AspNetCore.Http;

namespace Pprof.AspNetCore;

/// <summary><c>/cmdline</c>: the program and its arguments, separated by NUL bytes, as Go writes os.Args.</summary>
internal static class CommandLineEndpoint
{
    public static Task ServeAsync(HttpContext context) =>
        PprofResponses.TextAsync(context, string.Join('\0', Environment.GetCommandLineArgs()));
}
