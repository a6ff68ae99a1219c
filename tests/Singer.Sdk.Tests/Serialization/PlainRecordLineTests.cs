using System.Buffers;
using System.Text;
using CsCheck;
using Singer.Sdk.Serialization;
using Singer.Sdk.Tests.Support;
using static Singer.Sdk.Tests.Serialization.FastPathAgreement;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>
/// RECORD lines read by hand (<see cref="PlainJson"/>, the parser's first try for a stream with a transcoder) against
/// the JSON reader: the same message or the same error for any line, the usual lines read by hand, and lines with
/// anything unusual (or broken) left to the reader. Random lines are broken one byte at a time, since what matters is
/// that a line the reader refuses is never taken.
/// </summary>
public sealed class PlainRecordLineTests
{
    private const string Schema = """{"type":"SCHEMA","stream":"orders","schema":{"type":"object","properties":{"id":{"type":["null","integer"]},"note":{"type":["null","string"],"maxLength":65535},"created_at":{"type":["null","string"],"format":"date-time"},"amount":{"type":["null","number"]},"flag":{"type":["null","boolean"]}}},"key_properties":["id"]}""";

    private const string Usual = """{"type": "RECORD", "stream": "orders", "record": {"id": 1, "note": "note for order 1: lorem", "created_at": "2024-01-01T00:00:30.000000Z", "amount": 42445.19, "flag": true}, "version": 1795637208975, "time_extracted": "2026-11-25T20:06:48.978383Z"}""";

    private static readonly System.Text.Encodings.Web.JavaScriptEncoder JsonlEncoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly Func<SchemaMessage, RecordTranscoder?>[] Transcoders =
    [
        schema => JsonRecordTranscoder.For(schema.ParsedSchema, JsonlEncoder),
        schema => ValuesRecordTranscoder.For(schema.ParsedSchema),
        ValidatingRecordTranscoder.For,
    ];

    [Theory]
    [InlineData(Usual)]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":null,"amount":7,"flag":true}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"exactly twenty-four byte"}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"twenty-five bytes of text"}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a longer note that goes on past the short string bytes, to be found by the vector search"}}""")]
    [InlineData("""{ "type" : "RECORD" ,	"stream" : "orders" , "record" : { "id" : 0 , "amount" : -0.50 , "flag" : null } , "version" : -7 }""")]
    [InlineData("""{"type":"RECORD","stream":"orders","time_extracted":"2024-01-02T03:04:05+01:00","record":{"note":"","id":2,"amount":0.0,"flag":false}}""")]
    public void UsualLines_AreReadByHand_AsTheReaderReadsThem(string line)
    {
        foreach (var transcoder in Transcoders)
        {
            var (plain, parser) = Outcome(line, transcoder);

            parser.PlainRecords.Should().Be(1, line);
            plain.Should().Be(Outcome(line, transcoder, plainOff: true).Text);
        }
    }

    [Fact]
    public void EmptyRecord_IsReadByHand_WhereNoKeyIsRequired()
    {
        const string line = """{"type":"RECORD","stream":"orders","record":{ }}""";
        var (plain, parser) = Outcome(line, Transcoders[0]);

        parser.PlainRecords.Should().Be(1);
        plain.Should().Be("RECORD orders v t {}");
    }

    [Theory]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":01}}""")] // not JSON: the reader's error
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1.}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":-}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":nul}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"flag":truex}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1}} x""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1}}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"note":"a	b"}}""")] // a raw tab inside a string
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"version":1.0}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"time_extracted":"yesterday"}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"version":99999999999999999999}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"id":2}}""")] // valid, left to the reader
    [InlineData("""{"type":"RECORD","type":"RECORD","stream":"orders","record":{"id":1}}""")]
    [InlineData("""{"record":{"id":1},"type":"RECORD","stream":"orders"}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"extra":1}""")]
    [InlineData("""{"type":"RECORD","stream":"other","record":{"id":1}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"note":"caf\u00e9"}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"note":"café"}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a note longer than the short part, then caf\u00e9"}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a note longer than the short part, then a tab	here"}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a note longer than the short part, cut""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a short one, cut""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"amount":1e5}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":"1"}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"extra":[1]}}""")]
    [InlineData("""{"type":"STATE","value":{}}""")]
    public void UnusualLines_AreLeftToTheReader(string line)
    {
        foreach (var transcoder in Transcoders)
        {
            var (plain, parser) = Outcome(line, transcoder);

            parser.PlainRecords.Should().Be(0, line);
            plain.Should().Be(Outcome(line, transcoder, plainOff: true).Text, "the transcoder over the reader decides: " + line);
        }
    }

    [Fact]
    public void StreamWhoseLinesKeepBeingDeclined_GoesToTheReaderForAWhile_ThenIsTriedAgain()
    {
        var parser = new SingerMessageParser(Transcoders[0]);
        parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Schema)), 1);
        var nested = Encoding.UTF8.GetBytes("""{"type":"RECORD","stream":"orders","record":{"id":1,"extra":{"a":[1]}}}""");
        var plain = Encoding.UTF8.GetBytes("""{"type":"RECORD","stream":"orders","record":{"id":2}}""");
        var lines = Enumerable.Repeat(nested, SingerMessageParser.PlainMissesBeforePause + 4)
            .Concat(Enumerable.Repeat(plain, SingerMessageParser.PlainPauseLines + 80));

        var rendered = lines.Select((line, i) => Render(parser.Parse(new ReadOnlySequence<byte>(line), i + 2), JsonlEncoder)).ToList();

        parser.PlainRecords.Should().Be(84, "the pause began after 16 declined lines and counted down over the last 4 of them and the first 1,020 plain ones");
        rendered.Should().HaveCount(SingerMessageParser.PlainMissesBeforePause + SingerMessageParser.PlainPauseLines + 84);
        rendered[^1].Should().Be("""RECORD orders v t {"id":2}""");
        rendered[0].Should().Be("""RECORD orders v t {"id":1,"extra":{"a":[1]}}""");
    }

    /// <summary>
    /// A field after the record that changes the message's type or stream (found by scripts/fuzz.sh): the record was
    /// transcoded for what the fields before it said, so the line is read again without transcoding.
    /// </summary>
    [Theory]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"type":"OTHER"}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"time_extracted":21,"type":"2026-11-25T20:18:40.324052Z"}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"stream":"other"}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"type":5}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"stream":"orders"}""")]
    public void FieldAfterTheRecordChangingTypeOrStream_ReadsAsWithoutTranscoders(string line)
    {
        // The JSON transcoder writes what the ordinary path writes, so the two read alike as text.
        var (fast, _) = Outcome(line, Transcoders[0]);

        fast.Should().Be(Outcome(line, null).Text, line);
    }

    /// <summary>Random record lines (of random schemas), each broken at one random place or not: the same outcome with the lines read by hand as without.</summary>
    [Fact]
    public void AnyLine_BrokenOrNot_SameOutcomeByHandAsByTheReader()
    {
        var byHand = 0;
        var input = SingerGen.Properties.SelectMany(properties => SingerGen.Record(properties)
            .SelectMany(record => SingerGen.RecordLine("s", record))
            .Select(line => (Schema: SingerGen.SchemaLine("s", properties), Line: line)));
        var mutation = Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], SingerGen.Pick("{", "}", "[", "\"", ":", ",", "\\", " ", "0", "1", ".", "-", "e", "n", "t", "x", "\t", "\u007f", "\u0001", "é"));
        Gen.Select(input, mutation, Gen.Int[0, Transcoders.Length - 1]).Sample((sample, change, which) =>
        {
            var line = Mutate(sample.Line, change);
            var text = Encoding.UTF8.GetString(line);
            var (plain, parser) = Outcome(sample.Schema, line, Transcoders[which]);
            if (parser.PlainRecords > 0)
            {
                Interlocked.Increment(ref byHand);
            }

            plain.Should().Be(Outcome(sample.Schema, line, Transcoders[which], plainOff: true).Text, text);
        }, iter: 8000, print: s => s.Item1.Schema + "\n" + SingerGen.Show(Mutate(s.Item1.Line, s.Item2)) + "\ntranscoder " + s.Item3);

        byHand.Should().BeGreaterThan(150, "a fair share of the lines are read by hand, so the comparison means something");
    }

    /// <summary>
    /// Lines in sequence through one parser: a line read by hand skips reading what it shares byte for byte with the
    /// line before (the bytes before the record, those after it, and each record key with what precedes it), so what
    /// changes from one line to the next must still be read. Each line's outcome is compared with the reader's.
    /// </summary>
    [Theory]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a"}}""", """{"type":"RECORD","stream":"orders","record":{"id":1,"id":2}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a"}}""", """{"type":"RECORD","stream":"orders","record":{"id":1,"note":5}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a"}}""", """{"type":"RECORD","stream":"orders","record":{"id":1,"note":  "b" ,"id":3}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a"}}""", """{"type":"RECORD","stream":"orders","record":{"id":1,"notes":"a"}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a"}}""", """{"type":"RECORD","stream":"orders","record":{"id":1,"note":"a"}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"version":1}""", """{"type":"RECORD","stream":"orders","record":{"id":1},"version":2}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"version":1}""", """{"type":"RECORD","stream":"orders","record":{"id":1},"version":1,"version":2}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"time_extracted":"2024-01-02T03:04:05Z"}""", """{"type":"RECORD","stream":"orders","record":{"id":1},"time_extracted":"yesterday"}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"version":1}""", """{"type":"RECORD","stream":"orders","record":{"id":1},"stream":"other"}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1},"version":1}""", """{"type":"RECORD","stream":"orders","record":{"id":1},"type":"STATE"}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1}}""", """{"type":"RECORD","stream":"orders","record":{"id":1}} """)]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1}}""", """{"type":"RECORD","stream":"orders","record":{"id":1}}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1}}""", """{"type":"RECORD","stream":"orders","record":{"id":1},"record":{"id":2}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1}}""", """{"type":"RECORD","stream":"orders","record":[1]}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","record":{"id":1}}""", """{"type":"RECORD","stream":"orders","record":  {"id":1}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","time_extracted":"2024-01-02T03:04:05Z","record":{"id":1}}""", """{"type":"RECORD","stream":"orders","record":{"id":1}}""")]
    [InlineData("""{"type":"RECORD","stream":"orders","version":7,"record":{"id":1}}""", """{"type":"RECORD","stream":"orders","record":{"id":1}}""")]
    public void LineAfterALikeOne_ReadsAsTheReaderReadsIt(string first, string second)
    {
        foreach (var transcoder in Transcoders)
        {
            var parser = new SingerMessageParser(transcoder);
            var reader = new SingerMessageParser(transcoder) { ReadsPlain = false };
            string[] lines = [Schema, first, first, second, first, second];

            var byHand = lines.Select((line, i) => Outcome(parser, Encoding.UTF8.GetBytes(line), i + 1)).ToList();

            byHand.Should().Equal(lines.Select((line, i) => Outcome(reader, Encoding.UTF8.GetBytes(line), i + 1)), second);
            parser.KnownHeads.Should().BeGreaterThan(0, "a line's head is the one before's");
        }
    }

    /// <summary>Records of two streams in turn (a binlog's tables): each stream's head and tail are kept apart.</summary>
    [Fact]
    public void TwoStreamsInTurn_EachLineReadsAsTheReaderReadsIt()
    {
        var other = Schema.Replace("\"stream\":\"orders\"", "\"stream\":\"other\"", StringComparison.Ordinal);
        var lines = new List<string> { Schema, other };
        for (var i = 0; i < 20; i++)
        {
            var stream = i % 2 == 0 ? "orders" : "other";
            lines.Add($$"""{"type":"RECORD","stream":"{{stream}}","record":{"id":{{i}}},"version":{{i % 4}}}""");
        }
        foreach (var transcoder in Transcoders)
        {
            var parser = new SingerMessageParser(transcoder);
            var reader = new SingerMessageParser(transcoder) { ReadsPlain = false };

            var byHand = lines.Select((line, i) => Outcome(parser, Encoding.UTF8.GetBytes(line), i + 1)).ToList();

            byHand.Should().Equal(lines.Select((line, i) => Outcome(reader, Encoding.UTF8.GetBytes(line), i + 1)));
            byHand[^1].Should().StartWith("transcoded RECORD other v3 ");
            parser.KnownHeads.Should().Be(18, "after each stream's first record, its head is kept beside the other's");
        }
    }

    [Fact]
    public void NewSchema_ForgetsTheLastLinesBytes()
    {
        const string narrow = """{"type":"SCHEMA","stream":"orders","schema":{"type":"object","properties":{"id":{"type":"integer","maximum":5}}},"key_properties":[]}""";
        const string line = """{"type":"RECORD","stream":"orders","record":{"id":7},"version":1}""";
        var parser = new SingerMessageParser(Transcoders[0]);
        string[] lines = [Schema, line, line, narrow, line];

        var outcomes = lines.Select((l, i) => Outcome(parser, Encoding.UTF8.GetBytes(l), i + 1)).ToList();

        outcomes[2].Should().Be("""transcoded RECORD orders v1 t {"id":7}""");
        outcomes[4].Should().Be("""RECORD orders v1 t {"id":7}""", "7 is over the new maximum: the validator's business, not the old schema's transcoder's");
        parser.KnownHeads.Should().Be(1, "the head known before the SCHEMA is forgotten with it");
    }

    /// <summary>
    /// Sequences of random records of one schema (each broken at one place now and then), in a few envelopes and with a
    /// few endings, now and then a new SCHEMA: each line's outcome through one parser by hand is the reader's.
    /// </summary>
    [Fact]
    public void LinesInSequence_BrokenOrNot_SameOutcomeByHandAsByTheReader()
    {
        long known = 0;
        string[] heads = ["{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":", "{\"type\": \"RECORD\", \"stream\": \"s\", \"record\": ",
            "{\"stream\":\"s\",\"type\":\"RECORD\",\"record\":", "{\"type\":\"RECORD\",\"stream\":\"t\",\"record\":",
            "{\"type\":\"RECORD\",\"version\":3,\"stream\":\"s\",\"record\":", "{\"type\":\"RECORD\",\"stream\":\"s\",\"time_extracted\":\"2024-01-02T03:04:05Z\",\"record\":"];
        string[] tails = ["}", ",\"version\":1}", ",\"version\":2}", ",\"version\":1,\"time_extracted\":\"2024-01-02T03:04:05Z\"}",
            ",\"time_extracted\":\"yesterday\"}", ",\"stream\":\"t\"}", ",\"type\":\"RECORD\"}", ", \"version\": 1} ", ",\"record\":{}}"];
        var mutation = Gen.Select(Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 4])), Gen.Int[0, int.MaxValue], SingerGen.Pick("{", "}", "\"", ":", ",", " ", "0", "1", "-", "x", "é"));
        var line = Gen.Select(Gen.Frequency((6, Gen.Const(0)), (1, Gen.Int[0, heads.Length - 1])), Gen.Frequency((4, Gen.Const(1)), (1, Gen.Int[0, tails.Length - 1])), mutation,
            (head, tail, change) => (Envelope: (Head: head, Tail: tail), Change: change));
        var sequence = Gen.Select(SingerGen.Properties, SingerGen.Properties, (first, second) => (First: first, Second: second))
            .SelectMany(schemas => Gen.Select(SingerGen.Record(schemas.First), SingerGen.Record(schemas.Second), line, Gen.Int[0, 15],
                    (a, b, shape, schemaHere) => (Record: a, Other: b, Shape: shape, Schema: schemaHere == 0))
                .Array[2, 14]
                .Select(lines => (schemas.First, schemas.Second, Lines: lines)));
        Gen.Select(sequence, Gen.Int[0, Transcoders.Length - 1]).Sample((sample, which) =>
        {
            var parser = new SingerMessageParser(Transcoders[which]);
            var reader = new SingerMessageParser(Transcoders[which]) { ReadsPlain = false };
            var lines = Lines(sample.First, sample.Second, sample.Lines, heads, tails);
            for (var i = 0; i < lines.Count; i++)
            {
                Outcome(parser, lines[i], i + 1).Should().Be(Outcome(reader, lines[i], i + 1), SingerGen.Show(lines[i]));
            }
            Interlocked.Add(ref known, parser.KnownHeads);
        }, iter: 3000, print: s => string.Join("\n", Lines(s.Item1.First, s.Item1.Second, s.Item1.Lines, heads, tails).Select(SingerGen.Show)) + "\ntranscoder " + s.Item2);

        known.Should().BeGreaterThan(2000, "many lines share the bytes before their record with the line before");
    }

    private static List<byte[]> Lines(PropertySpec[] first, PropertySpec[] second,
        (byte[] Record, byte[] Other, ((int Head, int Tail) Envelope, (int Kind, int Where, string Byte) Change) Shape, bool Schema)[] lines, string[] heads, string[] tails)
    {
        var all = new List<byte[]> { Encoding.UTF8.GetBytes(SingerGen.SchemaLine("s", first)) };
        var schema = first;
        foreach (var line in lines)
        {
            if (line.Schema)
            {
                schema = schema == first ? second : first;
                all.Add(Encoding.UTF8.GetBytes(SingerGen.SchemaLine("s", schema)));
            }
            var record = schema == first ? line.Record : line.Other;
            var ((head, tail), change) = line.Shape;
            all.Add(Mutate([.. Encoding.UTF8.GetBytes(heads[head]), .. record, .. Encoding.UTF8.GetBytes(tails[tail])], change));
        }
        return all;
    }

    /// <summary>The line's outcome through <paramref name="parser"/>, which keeps what it learnt from the lines before.</summary>
    private static string Outcome(SingerMessageParser parser, byte[] line, long number)
    {
        try
        {
            var message = parser.Parse(new ReadOnlySequence<byte>(line), number);
            return (message is RecordMessage { IsTranscoded: true } ? "transcoded " : "") + message switch
            {
                RecordMessage { Values: { } values } record => $"RECORD {record.Stream} v{record.Version} t{record.TimeExtracted} "
                    + string.Join(", ", values.Select((v, i) => record.ValueNames!.Count > 0 ? $"{record.ValueNames[i]}={Exact(v)}" : Exact(v))),
                _ => Render(message, JsonlEncoder),
            };
        }
        catch (ProtocolException ex)
        {
            return "error: " + ex.Message;
        }
    }

    /// <summary>Keeps the line (kind 0), or replaces, inserts or deletes one byte, or cuts the line short.</summary>
    private static byte[] Mutate(byte[] line, (int Kind, int Where, string Byte) change)
    {
        var at = line.Length == 0 ? 0 : change.Where % line.Length;
        var bytes = Encoding.UTF8.GetBytes(change.Byte);
        return change.Kind switch
        {
            1 => [.. line[..at], .. bytes, .. line[(at + 1)..]],
            2 => [.. line[..at], .. bytes, .. line[at..]],
            3 => [.. line[..at], .. line[Math.Min(at + 1, line.Length)..]],
            4 => line[..at],
            _ => line,
        };
    }

    private static (string Text, SingerMessageParser Parser) Outcome(string line, Func<SchemaMessage, RecordTranscoder?>? transcoder, bool plainOff = false) =>
        Outcome(Schema, Encoding.UTF8.GetBytes(line), transcoder, plainOff);

    /// <summary>
    /// The line's message rendered (a record as its fields, its values or its encoded bytes, whichever it carries), or
    /// its error; with <paramref name="plainOff"/>, the line is read by the JSON reader only.
    /// </summary>
    private static (string Text, SingerMessageParser Parser) Outcome(string schema, byte[] line, Func<SchemaMessage, RecordTranscoder?>? transcoder, bool plainOff = false)
    {
        var parser = new SingerMessageParser(transcoder) { ReadsPlain = !plainOff };
        parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(schema)), 1);
        try
        {
            var message = parser.Parse(new ReadOnlySequence<byte>(line), 2);
            return (message switch
            {
                RecordMessage { Values: { } values } record => $"RECORD {record.Stream} v{record.Version} t{record.TimeExtracted} "
                    + string.Join(", ", values.Select((v, i) => record.ValueNames!.Count > 0 ? $"{record.ValueNames[i]}={Exact(v)}" : Exact(v))),
                _ => Render(message, JsonlEncoder),
            }, parser);
        }
        catch (ProtocolException ex)
        {
            return ("error: " + ex.Message, parser);
        }
    }
}
