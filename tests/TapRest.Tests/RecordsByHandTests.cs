using System.Text;
using System.Text.Json;
using TapRest.Streams;

namespace TapRest.Tests;

/// <summary>
/// The usual record read by hand (<see cref="RawRecordWriter.TryReadByHand"/>) against the JSON reader's way
/// (<see cref="RawRecordWriter.TryRead"/>): a record read by hand is one the reader reads, into the same fields, kinds
/// and bytes; everything else is given up on. Records of the usual shape, and the same records with one byte changed,
/// dropped or added.
/// </summary>
public sealed class RecordsByHandTests
{
    private const int MaxDepth = 254;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void UsualRecords_ReadByHand_AsTheReaderReadsThem(int seed)
    {
        var random = new Random(seed);
        using var byHand = new RawRecordWriter(new HashSet<string>());
        using var byReader = new RawRecordWriter(new HashSet<string>());

        for (var i = 0; i < 2000; i++)
        {
            var record = Encoding.ASCII.GetBytes(UsualRecord(random, depth: 0));

            var hand = ByHand(byHand, record);
            hand.Should().NotBeNull($"record {i} is of the usual shape: {Encoding.ASCII.GetString(record)}");
            hand.Should().Be(ByReader(byReader, record), Encoding.ASCII.GetString(record));
        }
        byHand.RecordsByHand.Should().Be(2000);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void UsualRecordsChangedAtOneByte_ReadByHandOnlyAsTheReaderReadsThem(int seed)
    {
        var random = new Random(seed);
        using var byHand = new RawRecordWriter(new HashSet<string>());
        using var byReader = new RawRecordWriter(new HashSet<string>());
        var givenUp = 0;

        for (var i = 0; i < 4000; i++)
        {
            // A usual record between the changed ones: the hand is never rested for misses in a row.
            var usual = Encoding.ASCII.GetBytes(UsualRecord(random, depth: 0));
            ByHand(byHand, usual).Should().Be(ByReader(byReader, usual));

            var changed = Change(random, usual);
            var hand = ByHand(byHand, changed);
            var reader = ByReader(byReader, changed);
            if (hand is null)
            {
                givenUp++;
                continue;
            }
            hand.Should().Be(reader, $"read by hand, so as the reader reads it: {Encoding.Latin1.GetString(changed)}");
        }
        givenUp.Should().BeGreaterThan(1000, "most changes make a record the hand does not read");
        byHand.RecordsByHand.Should().BeGreaterThan(4000 + 100, "some changes leave a record the hand reads");
    }

    [Theory]
    [InlineData("""{"a": "x\"y"}""")]
    [InlineData("""{"a": "é"}""")]
    [InlineData("""{"é": 1}""")]
    [InlineData("""{"a": 1e5}""")]
    [InlineData("""{"a": 1, "a": 2}""")]
    [InlineData("""{"a": 1,}""")]
    [InlineData("""{"a": /* c */ 1}""")]
    [InlineData("""{"a": [{"b": 1}]}""")]
    [InlineData("""{"a": [1.5]}""")]
    [InlineData("""{"a": [-0]}""")]
    [InlineData("""{"a": 01}""")]
    [InlineData("""{"a": 1.}""")]
    [InlineData("""{"a": tru}""")]
    [InlineData("""{"a": "tab	"}""")]
    [InlineData("""{"a": {"b": 1}, "a_b": 2}""")]
    [InlineData("""r "a": 1}""")]
    [InlineData(""" {"a": 1}""")]
    [InlineData("""{"a": 1} x""")]
    [InlineData("""{"a" 1}""")]
    public void UnusualRecords_GivenUpByHand(string record)
    {
        using var writer = new RawRecordWriter(new HashSet<string>());

        ByHand(writer, Encoding.UTF8.GetBytes(record)).Should().BeNull();
        writer.RecordsByHand.Should().Be(0);
    }

    [Fact]
    public void ExceptKeys_GivenUpByHand_ReadByTheReader()
    {
        using var byHand = new RawRecordWriter(new HashSet<string> { "b" });
        using var byReader = new RawRecordWriter(new HashSet<string> { "b" });
        var record = """{"a": 1, "b": {"c": [1, 2]}}"""u8.ToArray();

        ByHand(byHand, record).Should().BeNull();
        ByReader(byReader, record).Should().Be("""{"a":1,"b":"{\"c\": [1, 2]}"} a:Integer b:String""");
    }

    [Fact]
    public void NestedDeeperThanTheLimit_GivenUpByHand()
    {
        using var writer = new RawRecordWriter(new HashSet<string>());
        var deep = string.Concat(Enumerable.Repeat("{\"a\": ", 40)) + "1" + new string('}', 40);

        ByHand(writer, Encoding.ASCII.GetBytes(deep)).Should().BeNull();
        ByHand(writer, Encoding.ASCII.GetBytes("""{"a": {"a": {"a": 1}}}"""), maxDepth: 2).Should().BeNull();
        ByHand(writer, Encoding.ASCII.GetBytes("""{"a": {"a": {"a": 1}}}"""), maxDepth: 3).Should().Be("""{"a_a_a":1} a_a_a:Integer""");
    }

    [Fact]
    public void ManyMissesInARow_RestTheHand_ThenItReadsAgain()
    {
        using var writer = new RawRecordWriter(new HashSet<string>());
        var escaped = """{"a": "x\ny"}"""u8.ToArray();
        var usual = """{"a": "x"}"""u8.ToArray();

        for (var i = 0; i < 16; i++)
        {
            ByHand(writer, escaped).Should().BeNull();
        }
        // Rested: even the usual record goes to the reader, for a while.
        ByHand(writer, usual).Should().BeNull();
        for (var i = 0; i < 1100; i++)
        {
            ByHand(writer, usual);
        }
        ByHand(writer, usual).Should().Be("""{"a":"x"} a:String""");
    }

    /// <summary>The record's JSON and each field's name and kind, read by hand; null when given up on.</summary>
    private static string? ByHand(RawRecordWriter writer, byte[] record, int maxDepth = MaxDepth)
    {
        var page = writer.PageFor(record);
        return writer.TryReadByHand(record, 0, maxDepth) ? Describe(page) : null;
    }

    /// <summary>The same, read as <see cref="RawRecords.ReadWith"/> reads a record the hand gave up on.</summary>
    private static string? ByReader(RawRecordWriter writer, byte[] record)
    {
        var page = writer.PageFor(record);
        try
        {
            var reader = new Utf8JsonReader(record, new JsonReaderOptions { AllowTrailingCommas = true, MaxDepth = MaxDepth });
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && writer.TryRead(ref reader, 0)
                && reader.BytesConsumed == record.Length && !reader.Read()
                ? Describe(page)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Bytes that are not JSON, or not UTF-8 in a name: the page is parsed, and fails as a parse does.
            return null;
        }
    }

    private static string Describe(RawRecordWriter.Page page) =>
        Encoding.UTF8.GetString(page.Json(0)) + string.Concat(
            page.Leaves.Skip(page.Records[0].Start).Take(page.Records[0].Count).Select(leaf => $" {leaf.Field.Name}:{leaf.Kind}"));

    /// <summary>A record of the shape the hand reads: ASCII names and text without escapes, plain numbers, lists of plain items.</summary>
    private static string UsualRecord(Random random, int depth)
    {
        string Pick(params string[] choices) => choices[random.Next(choices.Length)];
        string Space() => Pick("", "", " ", "\n  ", "\t", "\r\n");
        var names = new[] { "id", "name", "a", "b", "created_at", "x-y", "p.q", "n 1", "UPPER", "v" }.OrderBy(_ => random.Next()).Take(random.Next(0, 8));
        var members = names.Select(name => Space() + "\"" + name + "\"" + Space() + ":" + Space() + Value());
        return "{" + string.Join(",", members) + Space() + "}";

        string Value() => random.Next(depth < 3 ? 12 : 11) switch
        {
            0 => Pick("0", "-1", "42", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890"),
            1 => Pick("1.5", "-0.25", "3.000", "0.0", "-0.0", "12345678901234567890.123456789", "1.2345678901234567890123456789012345"),
            2 => Pick("\"\"", "\"plain\"", "\"with space and <html> & 'quote'\"", "\"2024-01-02T03:04:05Z\"", "\"2024-01-02T03:04:05.123+01:00\"", "\"2023-02-29T00:00:00Z\"", "\"~!@#$%^&*()_+{}[]:;,./?\""),
            3 => Pick("true", "false", "null"),
            4 => "[" + string.Join("," + Space(), Enumerable.Range(0, random.Next(4)).Select(_ => Pick("1", "-7", "\"s\"", "true", "false", "null", "\"2024-01-02T03:04:05Z\""))) + Space() + "]",
            5 => "[]",
            6 => "{}",
            7 => "-0",
            8 => Pick("\"1.50\"", "\"-12\""),
            9 => "null",
            10 => Pick("7", "\"t\""),
            _ => UsualRecord(random, depth + 1),
        };
    }

    /// <summary>The record with one byte changed, dropped or added, the byte chosen to make the hand's steps go wrong.</summary>
    private static byte[] Change(Random random, byte[] record)
    {
        var bytes = "\"\\{}[],: \t\n-+.0123456789eEtrufalsn/*\u007f\u0001"u8.ToArray().Concat(new byte[] { 0x80, 0xc3, 0xa9, 0xff }).ToArray();
        var at = random.Next(record.Length);
        var one = bytes[random.Next(bytes.Length)];
        return random.Next(3) switch
        {
            0 => [.. record[..at], one, .. record[(at + 1)..]],
            1 => [.. record[..at], .. record[(at + 1)..]],
            _ => [.. record[..at], one, .. record[at..]],
        };
    }
}
