using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using CsCheck;
using Singer.Sdk.Serialization;
using Singer.Sdk.Tests.Support;
using static Singer.Sdk.Tests.Serialization.FastPathAgreement;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>
/// Random Singer streams through the message reader two ways: the ordinary way (plain input: LF endings, no BOM, no
/// padding, one read; no transcoder, so every record is parsed into a dictionary), and the fast way (records
/// transcoded as target-s3 and target-duckdb do, the input with CRLF, a BOM, padded lines, read in small pieces, a
/// blank line so long that later lines straddle the reader's buffers). Both give the same messages at the same line
/// numbers, and the same error at the same line.
/// </summary>
public sealed class ReaderPropertyTests
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private const int Iterations = 300;

    /// <summary>A line after the SCHEMA: mostly records, now and then a STATE, a blank line or one that is not a message.</summary>
    private static Gen<byte[]> Line(PropertySpec[] properties)
    {
        var record = SingerGen.Record(properties).SelectMany(r => SingerGen.RecordLine("s", r));
        return Gen.Frequency(
            (12, record),
            (1, Gen.Const("{\"type\":\"STATE\",\"value\":{\"bookmarks\":{\"s\":{\"id\":1.50}}}}").Select(Encoding.UTF8.GetBytes)),
            (1, SingerGen.Pick("", " ", "\t", "\r", " \r").Select(Encoding.UTF8.GetBytes)),
            (1, Gen.Select(record, Gen.Double[0, 1], (line, at) => line[..(int)(line.Length * at)])),
            (1, SingerGen.Pick("not json", "[1]", "{\"type\":\"RECORD\",\"stream\":\"s\"}", "{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":{}} {}",
                "{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":{},\"time_extracted\":\"yesterday\"}").Select(Encoding.UTF8.GetBytes)));
    }

    /// <summary>The stream's lines (SCHEMA first) and how the fast way's input differs from the plain one.</summary>
    private static readonly Gen<(byte[][] Lines, Variant Variant)> Input =
        SingerGen.Properties.SelectMany(properties =>
            Gen.Select(Line(properties).Array[1, 12], Variant.Gen, (lines, variant) =>
                ((byte[][])[Encoding.UTF8.GetBytes(SingerGen.SchemaLine("s", properties)), .. lines], variant)));

    [Fact]
    public void Reader_AnyStream_ReadsTheSameMessagesTheFastWayAsTheOrdinaryWay()
    {
        var records = 0;
        var transcoded = 0;
        Input.Sample((lines, variant) =>
        {
            var ordinary = Read(Plain(variant.LongBlankLine ? [lines[0], [], .. lines[1..]] : lines), chunk: int.MaxValue, variant.ReportBadLines, createTranscoder: null);
            var fast = Read(variant.Apply(variant.LongBlankLine ? [lines[0], LongBlankLine, .. lines[1..]] : lines), variant.Chunk, variant.ReportBadLines,
                schema => JsonRecordTranscoder.For(schema.ParsedSchema, Encoder));

            fast.Lines.Should().Equal(ordinary.Lines);
            Interlocked.Add(ref records, ordinary.Lines.Count(l => l.Contains(" RECORD ", StringComparison.Ordinal)));
            Interlocked.Add(ref transcoded, fast.Transcoded);
        }, iter: Iterations, print: input => string.Join("\n", input.Item1.Select(SingerGen.Show)) + "\n" + input.Item2);

        transcoded.Should().BeGreaterThan(records / 10, "records of the schema's types take the fast path");
    }

    [Fact]
    public void Parser_LineInPieces_ParsesAsTheWholeLine()
    {
        var taken = 0;
        SingerGen.Properties.SelectMany(properties => SingerGen.Record(properties)
                .SelectMany(r => SingerGen.RecordLine("s", r))
                .Select(Gen.Double[0, 1].Array[1, 3], (line, cuts) => (Schema: SingerGen.SchemaLine("s", properties), Line: line, Cuts: cuts)))
            .Sample(input =>
            {
                var transcoder = (SchemaMessage schema) => JsonRecordTranscoder.For(schema.ParsedSchema, Encoder);
                var whole = Parse(input.Schema, new ReadOnlySequence<byte>(input.Line), transcoder);
                var pieces = Parse(input.Schema, Pieces(input.Line, input.Cuts), transcoder);

                Outcome(pieces).Should().Be(Outcome(whole));
                if (pieces.Message is RecordMessage { IsTranscoded: true })
                {
                    Interlocked.Increment(ref taken);
                }
            }, iter: 1000, print: input => input.Schema + "\n" + SingerGen.Show(input.Line) + "\ncut at " + string.Join(", ", input.Cuts));

        taken.Should().BeGreaterThan(100, "records of the schema's types take the fast path (about 15% of them)");
    }

    [Fact]
    public void Parser_InvalidUtf8String_FailsAlikeInOnePieceOrInPieces()
    {
        // A string of raw bytes was decoded by System.Text.Json in one piece ("Cannot read invalid UTF-8 JSON text as
        // string…") and by the SDK in pieces (lines over 64 MiB), so the same line failed with two different errors.
        const string Schema = """{"type":"SCHEMA","stream":"s","schema":{"type":"object","properties":{"note":{}}},"key_properties":[]}""";
        byte[] line = [.. "{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":{\"note\":\"ab"u8, 0xC0, 0xAF, .. "\"}}"u8];

        Parse(Schema, new ReadOnlySequence<byte>(line)).Error.Should().Be("error: line 2: invalid JSON: a string is not valid UTF-8");
        Parse(Schema, Pieces(line, [0.7])).Error.Should().Be("error: line 2: invalid JSON: a string is not valid UTF-8");
    }

    private static string Outcome((SingerMessage? Message, string? Error) parsed) => parsed.Error ?? Render(parsed.Message!);

    /// <summary>The line as a sequence of pieces cut at the given fractions of its length (the way a long line straddles the reader's buffers).</summary>
    private static ReadOnlySequence<byte> Pieces(byte[] line, double[] cuts)
    {
        var ends = cuts.Select(c => (int)(c * line.Length)).Append(line.Length).Distinct().Order().ToArray();
        Piece? first = null;
        Piece? last = null;
        var start = 0;
        foreach (var end in ends)
        {
            last = first is null ? first = new Piece(line[start..end], 0) : last!.Append(line[start..end]);
            start = end;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        public Piece(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Piece Append(byte[] bytes)
        {
            var next = new Piece(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>Longer than what is left of the reader's first 64 KiB buffer, so the lines after it straddle two buffers.</summary>
    private static readonly byte[] LongBlankLine = [.. Enumerable.Range(0, 70_000).Select(i => (byte)" \t"[i % 2])];

    private static byte[] Plain(byte[][] lines) => [.. lines.SelectMany(l => l.Append((byte)'\n'))];

    /// <summary>Each message as "line N: text", each error as "line N: error: text", in order.</summary>
    private static (List<string> Lines, int Transcoded) Read(byte[] input, int chunk, bool reportBadLines, Func<SchemaMessage, RecordTranscoder?>? createTranscoder)
    {
        var lines = new List<string>();
        var transcoded = 0;
        var reader = new SingerReader(new ChunkedStream(input, chunk), reportBadLines ? bad => lines.Add("error: " + bad.Message) : null, createTranscoder);
        try
        {
            foreach (var line in reader.ReadAllAsync().ToBlockingEnumerable())
            {
                lines.Add($"line {line.LineNumber}: {Render(line.Message, Encoder)}");
                transcoded += line.Message is RecordMessage { IsTranscoded: true } ? 1 : 0;
            }
        }
        catch (ProtocolException ex)
        {
            lines.Add("error: " + ex.Message);
        }
        return (lines, transcoded);
    }

    /// <summary>How the fast way's input is written: the same lines, differently.</summary>
    private sealed record Variant(bool[] CrLf, bool Bom, byte[][] Padding, bool LongBlankLine, int Chunk, bool ReportBadLines)
    {
        public static readonly Gen<Variant> Gen = CsCheck.Gen.Select(
            CsCheck.Gen.Bool.Array[16], CsCheck.Gen.Bool, SingerGen.Space.Array[16], CsCheck.Gen.Frequency((3, CsCheck.Gen.Const(false)), (1, CsCheck.Gen.Const(true))),
            CsCheck.Gen.Frequency((1, CsCheck.Gen.Int[1, 16]), (2, CsCheck.Gen.Int[17, 4096]), (2, CsCheck.Gen.Int[4097, 70_000])), CsCheck.Gen.Bool,
            (crlf, bom, padding, longBlank, chunk, report) => new Variant(crlf, bom, padding, longBlank, chunk, report));

        public byte[] Apply(byte[][] lines)
        {
            var output = new List<byte>();
            if (Bom)
            {
                output.AddRange("\uFEFF"u8.ToArray());
            }
            for (var i = 0; i < lines.Length; i++)
            {
                output.AddRange(Padding[i % Padding.Length]);
                output.AddRange(lines[i]);
                output.AddRange(Padding[(i + 1) % Padding.Length]);
                output.AddRange(CrLf[i % CrLf.Length] ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
            }
            return [.. output];
        }

        public override string ToString() =>
            $"CRLF {string.Concat(CrLf.Select(c => c ? 1 : 0))}, BOM {Bom}, long blank line {LongBlankLine}, chunk {Chunk}, report bad lines {ReportBadLines}";
    }
}
