using System.Globalization;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>Every Parquet value equals the JSONL value of the same record: doubles to the bit, big unsigned integers, decimals, nulls.</summary>
public sealed class ParquetExactnessTests
{
    private const string Properties = """
        {"id":{"type":"integer"},
         "d":{"type":["number","null"]},
         "u":{"type":["integer","null"],"minimum":0,"maximum":18446744073709551615},
         "m":{"type":["number","null"],"multipleOf":0.01}}
        """;

    private static readonly string[] Doubles =
    [
        "90.28571428571429", "0.1", "1e-300", "1.7976931348623157e308", "-1.7976931348623157e308", "5e-324",
        "2.2250738585072014e-308", "123456789.12345679", "0.30000000000000004", "-0.0", "1", "-2.5", "1E+300",
        "9007199254740993", "3.141592653589793", "1.0000000000000002", "0.000001", "1e22", "1e23",
    ];

    private static readonly string[] Unsigned = ["0", "1", "9223372036854775807", "9223372036854775808", "18446744073709551615", "12345678901234567890"];

    [Fact]
    public async Task Run_VariedStream_EveryParquetValueEqualsTheJsonlValue()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var input = Input();
        foreach (var format in new[] { "jsonl", "parquet" })
        {
            var result = await TargetProcess.RunAsync(
                TestConfig.For(bucket.Name, new() { ["format"] = format, ["compression"] = "none", ["s3_key_prefix"] = format, ["naming_convention"] = "{stream}-{part}.{ext}" }),
                input);
            result.ExitCode.Should().Be(0, result.Stderr);
        }
        var lines = (await bucket.TextAsync("jsonl/t-1.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var parquet = await bucket.ReadAsync("parquet/t-1.parquet");
        var ids = await ParquetColumnReader.ReadAsync<long>(parquet, "id");
        var doubles = await ParquetColumnReader.ReadAsync<double>(parquet, "d");
        var unsigned = await ParquetColumnReader.ReadAsync<decimal>(parquet, "u");
        var money = await ParquetColumnReader.ReadAsync<decimal>(parquet, "m");

        lines.Should().HaveCount(RecordCount);
        ids.Should().HaveCount(RecordCount);
        for (var i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var record = json.RootElement;
            ids[i].Should().Be(record.GetProperty("id").GetInt64());
            Bits(doubles[i]).Should().Be(Bits(Parse(record.GetProperty("d"), double.Parse)), $"d of line {i + 1} is {record.GetProperty("d").GetRawText()}");
            unsigned[i].Should().Be(Parse(record.GetProperty("u"), decimal.Parse), $"u of line {i + 1}");
            money[i].Should().Be(Parse(record.GetProperty("m"), decimal.Parse), $"m of line {i + 1}");
        }
        doubles[0].Should().Be(90.28571428571429);
        unsigned.Should().Contain(18446744073709551615m);
        using var file = new MemoryStream(parquet);
        await using var reader = await ParquetReader.CreateAsync(file);
        var u = reader.Schema.DataFields.Single(f => f.Name == "u").Should().BeOfType<DecimalDataField>().Subject;
        (u.Precision, u.Scale).Should().Be((20, 0));
    }

    private const int RecordCount = 1000;

    /// <summary>The listed values first, then seeded random ones: doubles from random bits and from divisions (short literals that fit decimal).</summary>
    private static string Input()
    {
        var random = new Random(20261203);
        var stream = new SingerStream().Schema("t", Properties, "id");
        for (var i = 0; i < RecordCount; i++)
        {
            var d = i < Doubles.Length ? Doubles[i] : (i % 11) switch
            {
                0 => "null",
                < 5 => RandomBitsDouble(random),
                _ => R(random.Next(1, 1_000_000) / (double)random.Next(1, 100_000) * Math.Pow(10, random.Next(-8, 9))),
            };
            var u = i % 13 == 5 ? "null" : i < Unsigned.Length * 3 ? Unsigned[i % Unsigned.Length] : ((ulong)random.NextInt64() * 2 + (ulong)random.Next(2)).ToString(CultureInfo.InvariantCulture);
            var m = i % 7 == 3 ? "null" : (random.NextInt64(-10_000_000_000, 10_000_000_000) / 100m).ToString(CultureInfo.InvariantCulture);
            stream.Record("t", $$"""{"id":{{i}},"d":{{d}},"u":{{u}},"m":{{m}}}""");
        }
        return stream.ToString();
    }

    private static string RandomBitsDouble(Random random)
    {
        while (true)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(value) && value != 0)
            {
                return R(value);
            }
        }
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static T? Parse<T>(JsonElement element, Func<string, IFormatProvider, T> parse)
        where T : struct =>
        element.ValueKind == JsonValueKind.Null ? null : parse(element.GetRawText(), CultureInfo.InvariantCulture);

    private static long? Bits(double? value) => value is { } d ? BitConverter.DoubleToInt64Bits(d) : null;
}
