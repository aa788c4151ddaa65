using System.IO.Compression;
using Pprof.ProfileGenerator;

// Writes a large, realistic CPU profile (gzipped profile.proto, fields in Go's order: samples before the tables
// they refer to) for the memory benchmark in bench/README.md. Deterministic: the same arguments give the same
// file. Many functions, call sites and distinct stacks, so that it compresses about as much as a real profile.
if (args.Length is 0 or > 3 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: Pprof.ProfileGenerator OUTPUT.pb.gz [COMPRESSED_MB=300] [SEED=1]");
    return 2;
}

var output = args[0];
var targetBytes = (args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300) << 20;
var seed = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;

var program = new SyntheticProgram(new Random(seed));
var metadata = new MemoryStream();
program.WriteTables(new ProtoOutput(metadata));
var metadataCompressed = new MemoryStream();
using (var gzip = new GZipStream(metadataCompressed, CompressionLevel.Optimal, leaveOpen: true))
{
    metadata.WriteTo(gzip);
}

using var file = File.Create(output);
var samples = 0L;
using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
{
    var proto = new ProtoOutput(gzip);
    program.WriteHeader(proto);
    var sampleBudget = targetBytes - metadataCompressed.Length;
    while (file.Position < sampleBudget)
    {
        for (var i = 0; i < 10_000; i++)
        {
            program.WriteSample(proto);
        }

        samples += 10_000;
    }

    metadata.WriteTo(gzip);
}

Console.Error.WriteLine(
    $"{output}: {file.Length >> 20} MB compressed, {samples:N0} samples, {program.LocationCount:N0} locations, "
    + $"{program.FunctionCount:N0} functions");
return 0;
