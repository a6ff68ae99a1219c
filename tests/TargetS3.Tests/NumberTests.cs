using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>Numbers go out as they came: the sign of a zero, and nothing a DOUBLE column cannot hold.</summary>
public sealed class NumberTests
{
    private const string Properties = """{"a":{"type":"number"},"b":{"type":["number","null"]},"o":{"type":["object","null"]},"c":{"type":"number"}}""";

    [Theory]
    [InlineData("jsonl", false)]
    [InlineData("jsonl", true)]
    [InlineData("csv", false)]
    public async Task Run_NegativeZero_KeepsItsSign(string format, bool metadata)
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("t", Properties)
            .Record("t", """{"a":-0.0,"b":-0.000,"o":{"x":-0.0,"y":[-0.0,-0e0,0.0]},"c":-0E-5}""")
            .Record("t", """{"a":-0.0,"b":-0.000,"o":null,"c":-0.00}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new()
            {
                ["format"] = format,
                ["compression"] = "none",
                ["add_metadata_columns"] = metadata,
                ["naming_convention"] = "{stream}-{part}.{ext}",
            }),
            stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var lines = (await bucket.TextAsync($"t-1.{format}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (format == "csv")
        {
            lines.Should().Equal("a,b,o,c", "-0.0,-0.000,\"{\"\"x\"\":-0.0,\"\"y\"\":[-0.0,-0e0,0.0]}\",-0E-5", "-0.0,-0.000,,-0.00");
            return;
        }
        lines.Select(l => metadata ? l[..l.IndexOf(",\"_sdc_", StringComparison.Ordinal)] + "}" : l).Should().Equal(
            """{"a":-0.0,"b":-0.000,"o":{"x":-0.0,"y":[-0.0,-0e0,0.0]},"c":-0E-5}""",
            """{"a":-0.0,"b":-0.000,"o":null,"c":-0.00}""");
    }

    [Fact]
    public async Task Run_ParquetNegativeZero_IsANegativeZeroDouble()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("t", """{"d":{"type":"number"}}""").Record("t", """{"d":-0.0}""").Record("t", """{"d":0.0}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["format"] = "parquet", ["naming_convention"] = "{stream}-{part}.{ext}" }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var values = await ParquetColumnReader.ReadAsync<double>(await bucket.ReadAsync("t-1.parquet"), "d");
        values.Select(d => BitConverter.DoubleToInt64Bits(d!.Value))
            .Should().Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(0.0));
    }

    [Theory]
    [InlineData("1e400", "1e400 is beyond the range of a DOUBLE (±1.7976931348623157e308)")]
    [InlineData("-1.8e308", "-1.8e308 is beyond the range of a DOUBLE (±1.7976931348623157e308)")]
    [InlineData("1e-400", "1e-400 is too close to zero for a DOUBLE (it would be stored as 0)")]
    [InlineData("-2e-324", "-2e-324 is too close to zero for a DOUBLE (it would be stored as 0)")]
    public async Task Run_ParquetDoubleOutOfRange_ExitsOneWithTheLineStreamAndField(string literal, string expected)
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("t", """{"id":{"type":"integer"},"d":{"type":["number","null"]}}""")
            .Record("t", """{"id":1,"d":5e-324}""")
            .State("""{"last":1}""");
        var badLine = stream.NextLineNumber;
        stream.Record("t", $$"""{"id":2,"d":{{literal}}}""").State("""{"last":2}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["format"] = "parquet", ["batch_size_rows"] = 1L, ["naming_convention"] = "{stream}-{part}.{ext}" }),
            stream.ToString());

        result.ExitCode.Should().Be(1, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal($"CRITICAL line {badLine}: stream 't': field 'd': {expected}");
        TargetProcess.StdoutLines(result).Should().Equal("""{"last":1}""");
        (await bucket.KeysAsync()).Should().Equal("t-1.parquet");
        (await ParquetColumnReader.ReadAsync<double>(await bucket.ReadAsync("t-1.parquet"), "d")).Should().Equal(double.Epsilon);
    }
}
