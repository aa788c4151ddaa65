using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Web;

namespace Pprof.Tests.Web;

/// <summary>A query's key names what its report depends on, so that equal keys share one cached answer.</summary>
public sealed class ViewQueryTests
{
    private static readonly SampleType[] Types = [new("inuse_space", "bytes")];

    [Fact]
    public void Without_the_urls_focus_a_query_is_the_query_never_focused()
    {
        var focused = Read(ReportOptions.Default, ("f", "^main\\.F$"), ("h", "runtime"));
        var unfocused = Read(ReportOptions.Default, ("h", "runtime"));

        var left = focused.WithoutFocus();

        Assert.Null(left.Options.Filter.Focus);
        Assert.Equal(unfocused.Key, left.Key);
        Assert.Equal(unfocused.Options.Filter.Hide?.ToString(), left.Options.Filter.Hide?.ToString());
    }

    [Fact]
    public void Without_the_command_lines_focus_the_key_differs_from_the_command_lines()
    {
        var commandLine = ReportOptions.Default with { Filter = ProfileFilter.None with { Focus = new Regex("^main\\.G$") } };

        var left = Read(commandLine, ("h", "runtime")).WithoutFocus();
        var withTheUrls = Read(commandLine, ("f", "^main\\.F$"), ("h", "runtime")).WithoutFocus();

        Assert.Null(left.Options.Filter.Focus);
        Assert.NotEqual(Read(commandLine, ("h", "runtime")).Key, left.Key);
        Assert.Equal(left.Key, withTheUrls.Key);
    }

    private static ViewQuery Read(ReportOptions commandLine, params (string Name, string Value)[] parameters) =>
        ViewQuery.Read(new QueryCollection(parameters.ToDictionary(p => p.Name, p => new StringValues(p.Value))), commandLine, Types);
}
