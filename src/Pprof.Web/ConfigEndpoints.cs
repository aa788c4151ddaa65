using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pprof.Web;

/// <summary>
/// <c>/ui/saveconfig</c> and <c>/ui/deleteconfig</c> as pprof has them: <c>config</c> names the configuration, and
/// the view parameters of the request's query are what is saved. A GET is answered as pprof answers its page's
/// script (200, or 4xx with the reason); a POST from the pages' forms goes back to the <c>view</c> it came from.
/// </summary>
/// <param name="validate">Throws <see cref="BadQueryException"/> for a query no view could read: such a configuration is not saved.</param>
internal sealed class ConfigEndpoints(SavedConfigs configs, Action<IQueryCollection> validate)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/ui/saveconfig", [HttpMethods.Get, HttpMethods.Post], Save);
        app.MapMethods("/ui/deleteconfig", [HttpMethods.Get, HttpMethods.Post], Delete);
    }

    private Task Save(HttpContext context) => Answer(context, name =>
    {
        validate(context.Request.Query);
        var parameters = ViewQuery.Given(context.Request.Query).ToList();
        configs.Save(new SavedConfig(name, parameters));
        return (StatusCodes.Status200OK, $"saved {name}", parameters.Count == 0 ? "" : new SavedConfig(name, parameters).Query);
    });

    private Task Delete(HttpContext context) => Answer(context, name =>
        configs.Delete(name)
            ? (StatusCodes.Status200OK, $"deleted {name}", ViewQuery.Carried(context.Request.Query))
            : (StatusCodes.Status404NotFound, $"config: there is no saved configuration named {name} in {configs.Path}", ""));

    /// <param name="change">Given the configuration's name: the status, what to say, and the query to go back with.</param>
    private async Task Answer(HttpContext context, Func<string, (int Status, string Message, string Query)> change)
    {
        // A page elsewhere must not change the user's settings through their browser.
        if (context.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            await Reply(context, StatusCodes.Status403Forbidden, "configurations are saved from this server's own pages only");
            return;
        }

        IFormCollection? form;
        try
        {
            form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        }
        catch (InvalidDataException error)
        {
            await Reply(context, StatusCodes.Status400BadRequest, $"config: the form sent is malformed ({error.Message})");
            return;
        }

        var name = (form?["config"].ToString() is { Length: > 0 } posted ? posted : context.Request.Query["config"].ToString()).Trim();
        if (name.Length == 0)
        {
            await Reply(context, StatusCodes.Status400BadRequest, "config: give the configuration a name");
            return;
        }

        // The name is shown in every page's menu: a control character there is no text.
        if (name.Any(char.IsControl))
        {
            await Reply(context, StatusCodes.Status400BadRequest, "config: a name cannot hold control characters");
            return;
        }

        int status;
        string message, query;
        try
        {
            (status, message, query) = change(name);
        }
        catch (BadQueryException error)
        {
            await Reply(context, StatusCodes.Status400BadRequest, error.Message);
            return;
        }
        catch (Exception error) when (error is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await Reply(context, StatusCodes.Status500InternalServerError, $"config: cannot save to {configs.Path}: {error.Message}");
            return;
        }

        var view = form?["view"].ToString() ?? "";
        if (status == StatusCodes.Status200OK && form is not null && PageWriter.IsView(view))
        {
            context.Response.Redirect($"{view}{query}");
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            return;
        }

        await Reply(context, status, message);
    }

    private static Task Reply(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }
}
