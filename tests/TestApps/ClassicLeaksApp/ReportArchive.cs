namespace ClassicLeaksApp;

/// <summary>Large buffers kept: every report is rendered into a 128 KiB array, on the large object heap, and archived forever.</summary>
public static class ReportArchive
{
    private static readonly List<byte[]> Reports = [];

    public static void Render(int tick)
    {
        var report = new byte[128 * 1024];
        report[0] = (byte)tick;
        Reports.Add(report);
    }
}
