using Parquet;
using Parquet.Meta;
using Parquet.Schema;
using Singer.Sdk;
using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>format parquet: typed columns from the SCHEMA, read back with Parquet.Net and compared value by value.</summary>
public sealed class ParquetTests
{
    private const string Properties = """
        {"id":{"type":"integer"},
         "amount":{"type":["number","null"],"multipleOf":0.01},
         "rate":{"type":["number","null"],"multipleOf":1e-10},
         "ratio":{"type":["number","null"]},
         "flag":{"type":["boolean","null"]},
         "name":{"type":["string","null"]},
         "at":{"type":["string","null"],"format":"date-time"},
         "day":{"type":["string","null"],"format":"date"},
         "meta":{"type":["object","null"]},
         "tags":{"type":["array","null"]}}
        """;

    private static readonly string[] Records =
    [
        """{"id":1,"amount":12.34,"rate":0.0000000001,"ratio":1.5,"flag":true,"name":"héllo ✓ 😀","at":"2024-01-02T03:04:05.123456Z","day":"2024-02-29","meta":{"x":1.50,"s":"é"},"tags":["a",1]}""",
        """{"id":-9223372036854775808,"amount":-99999999999999999999999999.99,"rate":-12345678901234567.8901234567,"ratio":-0.25,"flag":false,"name":"","at":"1999-12-31T23:59:59.999999Z","day":"1970-01-01","meta":{},"tags":[]}""",
        """{"id":3,"amount":null,"rate":null,"ratio":null,"flag":null,"name":null,"at":null,"day":null,"meta":null,"tags":null}""",
        """{"id":4,"amount":-0.5,"rate":7}""",
    ];

    [Theory]
    [InlineData("gzip", CompressionCodec.GZIP)]
    [InlineData("none", CompressionCodec.UNCOMPRESSED)]
    public async Task Run_Parquet_WritesTypedColumnsWithExactValues(string compression, CompressionCodec codec)
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("orders", Properties, "id");
        foreach (var record in Records)
        {
            stream.Record("orders", record);
        }
        stream.State("""{"bookmarks":{"orders":4}}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["format"] = "parquet", ["compression"] = compression }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        TargetProcess.StdoutLines(result).Should().Equal("""{"bookmarks":{"orders":4}}""");
        var key = (await bucket.KeysAsync()).Should().ContainSingle().Subject;
        key.Should().MatchRegex(@"^orders/\d{4}-\d{2}-\d{2}/orders-\d{8}T\d{6}-[0-9a-f]{12}-1\.parquet$");
        using var file = new MemoryStream(await bucket.ReadAsync(key));
        await using var reader = await ParquetReader.CreateAsync(file, new ParquetOptions { UseDateOnlyTypeForDates = true });

        var fields = reader.Schema.DataFields;
        fields.Select(f => f.Name).Should().Equal("id", "amount", "rate", "ratio", "flag", "name", "at", "day", "meta", "tags");
        fields[1].Should().BeOfType<DecimalDataField>().Which.Scale.Should().Be(2);
        ((DecimalDataField)fields[1]).Precision.Should().Be(38);
        fields[2].Should().BeOfType<DecimalDataField>().Which.Scale.Should().Be(10);
        fields[6].Should().BeOfType<DateTimeDataField>().Which.IsAdjustedToUTC.Should().BeTrue();
        reader.Metadata!.RowGroups.Should().ContainSingle().Which.Columns.Should().OnlyContain(c => c.MetaData!.Codec == codec);

        using var rowGroup = reader.OpenRowGroupReader(0);
        rowGroup.RowCount.Should().Be(4);
        (await ReadAsync<long>(rowGroup, fields[0])).Should().Equal(1L, long.MinValue, 3L, 4L);
        (await ReadAsync<decimal>(rowGroup, fields[1])).Should().Equal(12.34m, -99999999999999999999999999.99m, null, -0.5m);
        (await ReadAsync<decimal>(rowGroup, fields[2])).Should().Equal(0.0000000001m, -12345678901234567.8901234567m, null, 7m);
        (await ReadAsync<double>(rowGroup, fields[3])).Should().Equal(1.5, -0.25, null, null);
        (await ReadAsync<bool>(rowGroup, fields[4])).Should().Equal(true, false, null, null);
        (await ReadTextAsync(rowGroup, fields[5])).Should().Equal("héllo ✓ 😀", "", null, null);
        (await ReadAsync<DateTime>(rowGroup, fields[6])).Should().Equal(
            new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_560),
            new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
            null,
            null);
        (await ReadAsync<DateOnly>(rowGroup, fields[7])).Should().Equal(new DateOnly(2024, 2, 29), new DateOnly(1970, 1, 1), null, null);
        (await ReadTextAsync(rowGroup, fields[8])).Should().Equal("""{"x":1.50,"s":"é"}""", "{}", null, null);
        (await ReadTextAsync(rowGroup, fields[9])).Should().Equal("""["a",1]""", "[]", null, null);
    }

    [Fact]
    public async Task Run_ParquetWithMaxFileRows_WritesOneCompleteFilePerLimit()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("t", """{"id":{"type":"integer"},"at":{"type":"string","format":"date-time"}}""");
        for (var i = 1; i <= 5; i++)
        {
            stream.Record("t", $$"""{"id":{{i}},"at":"2024-01-01T00:00:0{{i}}Z"}""");
        }
        stream.State("""{"last":5}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new()
            {
                ["format"] = "parquet",
                ["max_file_rows"] = 2L,
                ["add_metadata_columns"] = true,
                ["naming_convention"] = "{stream}-{part}.{ext}",
            }),
            stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        (await bucket.KeysAsync()).Should().Equal("t-1.parquet", "t-2.parquet", "t-3.parquet");
        var ids = new List<long?>();
        foreach (var key in await bucket.KeysAsync())
        {
            using var file = new MemoryStream(await bucket.ReadAsync(key));
            await using var reader = await ParquetReader.CreateAsync(file);
            reader.Schema.DataFields.Select(f => f.Name).Should().Equal("id", "at", "_sdc_extracted_at", "_sdc_batched_at", "_sdc_deleted_at");
            using var rowGroup = reader.OpenRowGroupReader(0);
            ids.AddRange(await ReadAsync<long>(rowGroup, reader.Schema.DataFields[0]));
            (await ReadAsync<DateTime>(rowGroup, reader.Schema.DataFields[3])).Should().OnlyContain(t => t != null);
        }
        ids.Should().Equal(1L, 2L, 3L, 4L, 5L);
    }

    [Fact]
    public async Task Run_AddTableVersionColumn_AnInt64ColumnLast()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("t", """{"id":{"type":"integer"}}""")
            .Record("t", """{"id":1}""", version: 1700000000123)
            .Record("t", """{"id":2}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["format"] = "parquet", ["add_table_version_column"] = true }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        using var file = new MemoryStream(await bucket.ReadAsync((await bucket.KeysAsync()).Single()));
        await using var reader = await ParquetReader.CreateAsync(file);
        reader.Schema.DataFields.Select(f => f.Name).Should().Equal("id", "_sdc_table_version");
        using var rowGroup = reader.OpenRowGroupReader(0);
        (await ReadAsync<long>(rowGroup, reader.Schema.DataFields[1])).Should().Equal(1700000000123L, null);
    }

    [Fact]
    public async Task Run_DecimalTooWideForParquetNet_ExitsNonZeroWithOneLineNamingTheField()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("orders", """{"id":{"type":"integer"},"amount":{"type":["number","null"],"multipleOf":0.01}}""")
            .Record("orders", """{"id":1,"amount":1.25}""")
            .Record("orders", """{"id":2,"amount":1234567890123456789012345678901.23}""")
            .State("""{"last":2}""");

        var result = await TargetProcess.RunAsync(TestConfig.For(bucket.Name, new() { ["format"] = "parquet" }), stream.ToString());

        result.ExitCode.Should().Be(1, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal(
            "CRITICAL line 3: stream 'orders': field 'amount': 1234567890123456789012345678901.23 has more digits than a Parquet.Net decimal holds exactly (28-29)");
        result.Stdout.Should().BeEmpty();
        // The record before the bad line is loaded (the SDK's rule for bad input); the refused one is not in the file.
        var key = (await bucket.KeysAsync()).Should().ContainSingle().Subject;
        var file = await bucket.ReadAsync(key);
        (await ParquetColumnReader.ReadAsync<long>(file, "id")).Should().Equal(1L);
        (await ParquetColumnReader.ReadAsync<decimal>(file, "amount")).Should().Equal(1.25m);
    }

    [Fact]
    public async Task PartFile_ParquetOverOnePart_UploadsRowGroupsWhileWritingAndReadsBackWhole()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var options = TestConfig.Options(TestConfig.For(bucket.Name, new() { ["format"] = "parquet", ["compression"] = "none" }));
        var schema = new SchemaMessage(
            "t",
            new Dictionary<string, object?>
            {
                ["type"] = "object",
                ["properties"] = new Dictionary<string, object?>
                {
                    ["id"] = new Dictionary<string, object?> { ["type"] = "integer" },
                    ["pad"] = new Dictionary<string, object?> { ["type"] = "string" },
                },
            },
            []);
        var file = await PartFile.OpenParquetAsync(bucket.Client, options, "t.parquet", schema, CancellationToken.None);
        var random = new Random(42);
        const int rows = 250_000;
        for (var i = 0; i < rows; i++)
        {
            // Random text, so the row groups stay bigger than a part even if Parquet dictionary-encodes them.
            var pad = Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()));
            await file.WriteAsync(new RecordMessage("t", new() { ["id"] = (long)i, ["pad"] = pad }), "2024-01-01T00:00:00Z", CancellationToken.None);
        }
        var partsBeforeComplete = file.UploadedParts;
        await file.CompleteAsync(CancellationToken.None);

        partsBeforeComplete.Should().BeGreaterThan(0, "full row groups go up as parts while the file is written");
        using var bytes = new MemoryStream(await bucket.ReadAsync("t.parquet"));
        await using var reader = await ParquetReader.CreateAsync(bytes);
        reader.RowGroupCount.Should().Be(3);
        var ids = new List<long?>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            ids.AddRange(await ReadAsync<long>(rowGroup, reader.Schema.DataFields[0]));
        }
        ids.Should().Equal(Enumerable.Range(0, rows).Select(i => (long?)i));
    }

    private static async Task<T?[]> ReadAsync<T>(ParquetRowGroupReader rowGroup, DataField field)
        where T : struct
    {
        var values = new T?[rowGroup.RowCount];
        await rowGroup.ReadAsync<T>(field, values.AsMemory());
        return values;
    }

    private static async Task<string?[]> ReadTextAsync(ParquetRowGroupReader rowGroup, DataField field)
    {
        var values = new string?[rowGroup.RowCount];
        await rowGroup.ReadAsync(field, values.AsMemory());
        return values;
    }
}
