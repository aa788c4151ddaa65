using Pprof.Graphs;
using Pprof.Measurement;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// The <c>-topproto</c> report: the <c>-top</c> list as a profile, one sample per node with the sample types
/// <c>cum</c> and <c>flat</c> in the report's unit, for tools that read profiles rather than text.
/// </summary>
internal static class TopProtoReport
{
    public static Profile Create(Report report)
    {
        var trimmed = report.NewTrimmedGraph();
        report.SelectOutputUnit(trimmed.Graph);
        var source = report.Profile;
        var unit = report.Options.OutputUnit;
        var top = new Profile([new SampleType("cum", unit), new SampleType("flat", unit)])
        {
            TimeNanos = source.TimeNanos,
            DurationNanos = source.DurationNanos,
            PeriodType = source.PeriodType,
            Period = source.Period,
        };
        var functions = new Dictionary<(string, string, string, long), Function>();
        foreach (var node in trimmed.Graph.Nodes)
        {
            var info = node.Info;
            if (!functions.TryGetValue((info.Name, info.OrigName, info.File, info.StartLine), out var function))
            {
                function = new Function
                {
                    Id = (ulong)functions.Count + 1,
                    Name = info.Name,
                    SystemName = info.OrigName,
                    Filename = info.File,
                    StartLine = info.StartLine,
                };
                functions[(info.Name, info.OrigName, info.File, info.StartLine)] = function;
                top.Functions.Add(function);
            }

            top.Locations.Add(new Location
            {
                Id = (ulong)top.Locations.Count + 1,
                Address = info.Address,
                Lines = [new Line(function, info.LineNumber)],
            });
            var cum = (long)Units.Scale(node.CumValue, report.Options.SampleUnit, unit).Value;
            var flat = (long)Units.Scale(node.FlatValue, report.Options.SampleUnit, unit).Value;
            top.Samples.Add([top.Locations.Count - 1], [cum, flat], []);
        }

        return top;
    }
}
