using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Schema;

/// <summary>What the Python tap-mysql wrote is valid by its own schemas, so our validator must accept all of it.</summary>
public sealed class FixtureSchemaTests
{
    public static TheoryData<string> PythonFiles => new(FixturePaths.PythonSingerFiles);

    [Fact]
    public void PythonSingerFiles_FixtureDirectory_ListsAllFive()
    {
        FixturePaths.PythonSingerFiles.Should().Equal(
            "orders-incremental-rerun.singer",
            "tap-mysql-bits-full.singer",
            "tap-mysql-types-full.singer",
            "tap-mysql-types-logbased-run2.singer",
            "tap-mysql-types_zero-full.singer");
    }

    [Theory]
    [MemberData(nameof(PythonFiles))]
    public async Task Validate_EveryRecordOfAPythonFixture_HasNoError(string fileName)
    {
        var lines = await SingerText.ReadAsync(await File.ReadAllBytesAsync(FixturePaths.PythonTapMySql(fileName)));
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var errors = new List<string>();
        var records = 0;

        foreach (var line in lines)
        {
            switch (line.Message)
            {
                case SchemaMessage schema:
                    schemas[schema.Stream] = schema.ParsedSchema;
                    break;
                case RecordMessage record:
                    records++;
                    if (SchemaValidator.Validate(schemas[record.Stream], record.Record) is { } error)
                    {
                        errors.Add($"line {line.LineNumber}: {error}");
                    }
                    break;
            }
        }

        records.Should().BeGreaterThan(0);
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Validate_OrdersFixture_HasOneThousandAndOneCentAmounts()
    {
        var lines = await SingerText.ReadAsync(await File.ReadAllBytesAsync(FixturePaths.PythonTapMySql("orders-incremental-rerun.singer")));

        var amounts = lines.Select(l => l.Message).OfType<RecordMessage>().Select(r => r.Record["amount"]).ToList();

        amounts.Should().HaveCount(1001);
        amounts.Should().AllSatisfy(a => ExactNumber.IsMultipleOf(a!, 0.01m).Should().BeTrue());
    }
}
