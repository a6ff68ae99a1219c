using System.Text;
using System.Text.Json;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>
/// tests/Fixtures/golden/tap-mysql-types-full.roundtrip.singer was produced once by reading the Python
/// fixture with <see cref="SingerReader"/> and writing every message with <see cref="SingerWriter"/>,
/// then reviewed by eye (exact decimals, unsigned 64-bit, double extremes, escapes).
/// </summary>
public sealed class RoundTripGoldenTests
{
    private const string Fixture = "tap-mysql-types-full.singer";
    private const string Golden = "tap-mysql-types-full.roundtrip.singer";

    public static TheoryData<string> PythonFiles => new(FixturePaths.PythonSingerFiles);

    private static async Task<byte[]> RewriteAsync(byte[] input)
    {
        var lines = await SingerText.ReadAsync(input);
        return Encoding.UTF8.GetBytes(await SingerText.WriteAsync(lines.Select(l => l.Message)));
    }

    [Fact]
    public async Task RoundTrip_PythonTypesFixture_MatchesTheGoldenFile()
    {
        var written = await RewriteAsync(await File.ReadAllBytesAsync(FixturePaths.PythonTapMySql(Fixture)));

        var golden = await File.ReadAllBytesAsync(FixturePaths.Golden(Golden));
        Encoding.UTF8.GetString(written).Should().Be(Encoding.UTF8.GetString(golden));
        written.Should().Equal(golden);
    }

    [Fact]
    public async Task RoundTrip_GoldenFile_ReproducesItselfByteForByte()
    {
        var golden = await File.ReadAllBytesAsync(FixturePaths.Golden(Golden));

        var written = await RewriteAsync(golden);

        written.Should().Equal(golden);
    }

    [Theory]
    [InlineData("\"c_dec\":-1234567890123456789012345678.0123456789}")]
    [InlineData("\"c_dec\":9999999999999999999999999999.9999999999}")]
    [InlineData("\"c_bigint_u\":18446744073709551615,")]
    [InlineData("\"maximum\":18446744073709551615,")]
    [InlineData("\"c_bigint\":-9223372036854775808,")]
    [InlineData("\"c_double\":-1.7976931348623157e+308,")]
    [InlineData("\"c_double\":1.7976931348623157e+308,")]
    [InlineData("\"c_float\":3.40282e+38,")]
    [InlineData("\"multipleOf\":1e-10,")]
    [InlineData("\"c_varchar\":\"héllo ✓ ? \\\"quoted\\\" \\\\ back\\nslash\",")]
    [InlineData("\"c_text\":\"multi\\nline\\ttab \\\"q\\\" ü 中文\",")]
    public async Task GoldenFile_ExtremeValues_AppearVerbatim(string fragment)
    {
        var golden = await File.ReadAllTextAsync(FixturePaths.Golden(Golden));

        golden.Should().Contain(fragment);
    }

    [Theory]
    [MemberData(nameof(PythonFiles))]
    public async Task RoundTrip_EveryRecordOfAPythonFixture_KeepsEveryValueExactly(string fileName)
    {
        var original = (await File.ReadAllTextAsync(FixturePaths.PythonTapMySql(fileName))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rewritten = Encoding.UTF8.GetString(await RewriteAsync(Encoding.UTF8.GetBytes(string.Join('\n', original)))).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        rewritten.Should().HaveCount(original.Length);
        var records = 0;
        for (var i = 0; i < original.Length; i++)
        {
            using var before = JsonDocument.Parse(original[i]);
            using var after = JsonDocument.Parse(rewritten[i]);
            if (before.RootElement.GetProperty("type").GetString() == "RECORD")
            {
                records++;
            }
            AssertSameJson(before.RootElement, after.RootElement, $"{fileName} line {i + 1}");
        }
        records.Should().BeGreaterThan(0);
    }

    /// <summary>Same structure, same strings, and numbers equal in exact decimal arithmetic.</summary>
    private static void AssertSameJson(JsonElement expected, JsonElement actual, string where)
    {
        actual.ValueKind.Should().Be(expected.ValueKind, where);
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                actual.EnumerateObject().Select(p => p.Name).Should().Equal(expected.EnumerateObject().Select(p => p.Name), where);
                foreach (var property in expected.EnumerateObject())
                {
                    AssertSameJson(property.Value, actual.GetProperty(property.Name), $"{where}.{property.Name}");
                }
                break;
            case JsonValueKind.Array:
                actual.GetArrayLength().Should().Be(expected.GetArrayLength(), where);
                var index = 0;
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    AssertSameJson(e, a, $"{where}[{index++}]");
                }
                break;
            case JsonValueKind.Number:
                var expectedNumber = BigDecimal.Parse(expected.GetRawText());
                var actualNumber = BigDecimal.Parse(actual.GetRawText());
                ExactNumber.Compare(actualNumber, expectedNumber).Should().Be(0, $"{where}: {actual.GetRawText()} vs {expected.GetRawText()}");
                actual.GetRawText().Should().Be(expected.GetRawText(), where);
                break;
            case JsonValueKind.String:
                actual.GetString().Should().Be(expected.GetString(), where);
                break;
            default:
                actual.GetRawText().Should().Be(expected.GetRawText(), where);
                break;
        }
    }
}
