using System.Buffers;
using System.Text.Encodings.Web;
using CsCheck;
using Singer.Sdk.Serialization;
using Singer.Sdk.Tests.Support;
using static Singer.Sdk.Tests.Serialization.FastPathAgreement;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>
/// Random schemas and records (see <see cref="SingerGen"/>) through each transcoder and through the ordinary path (the
/// record parsed, validated, written back): a record a transcoder takes is valid, and comes out exactly as the ordinary
/// path writes it; a line the ordinary path refuses fails with the same error either way. Each property also checks the
/// fast path was taken for a fair share of the records, so that it can fail at all.
/// </summary>
public sealed class TranscoderPropertyTests
{
    private static readonly JavaScriptEncoder[] Encoders = [JavaScriptEncoder.UnsafeRelaxedJsonEscaping, JavaScriptEncoder.Default];

    /// <summary>A schema line and a RECORD line of that schema.</summary>
    private static readonly Gen<(string Schema, byte[] Line)> Input =
        SingerGen.Properties.SelectMany(properties => SingerGen.Record(properties)
            .SelectMany(record => SingerGen.RecordLine("s", record))
            .Select(line => (SingerGen.SchemaLine("s", properties), line)));

    private const int Iterations = 2000;

    [Fact]
    public void JsonTranscoder_AnyRecord_WritesExactlyWhatTheOrdinaryPathWrites()
    {
        var taken = 0;
        Input.Select(Gen.Int[0, Encoders.Length - 1]).Sample((input, encoderIndex) =>
        {
            var encoder = Encoders[encoderIndex];
            var line = new ReadOnlySequence<byte>(input.Line);
            var (ordinary, ordinaryError) = Parse(input.Schema, line);
            var (fast, fastError) = Parse(input.Schema, line, schema => JsonRecordTranscoder.For(schema.ParsedSchema, encoder));

            fastError.Should().Be(ordinaryError);
            if (fast is RecordMessage { IsTranscoded: true } record)
            {
                Interlocked.Increment(ref taken);
                var expected = (RecordMessage)ordinary!;
                SchemaValidator.Validate(SchemaOf(input.Schema), expected.Record).Should().BeNull("a record the transcoder takes is valid");
                Render(record).Should().Be(Render(expected, encoder));
            }
        }, iter: Iterations, print: Show);

        taken.Should().BeGreaterThan(Iterations / 10, "records of the schema's types take the fast path (about 15% of them, against many odd ones)");
    }

    [Fact]
    public void ValuesTranscoder_AnyRecord_GivesExactlyTheParsedValues()
    {
        var taken = 0;
        Input.Sample(input =>
        {
            var line = new ReadOnlySequence<byte>(input.Line);
            var (ordinary, ordinaryError) = Parse(input.Schema, line);
            var (fast, fastError) = Parse(input.Schema, line, schema => ValuesRecordTranscoder.For(schema.ParsedSchema));

            fastError.Should().Be(ordinaryError);
            if (fast is RecordMessage { Values: { } values } record)
            {
                Interlocked.Increment(ref taken);
                var expected = (RecordMessage)ordinary!;
                var names = record.ValueNames!;
                SchemaValidator.Validate(SchemaOf(input.Schema), expected.Record).Should().BeNull("a record the transcoder takes is valid");
                values.Select(Exact).Should().Equal(names.Select(n => Exact(expected.Record.GetValueOrDefault(n))));
                (record.Stream, record.Version, record.TimeExtracted).Should().Be((expected.Stream, expected.Version, expected.TimeExtracted));
            }
        }, iter: Iterations, print: Show);

        taken.Should().BeGreaterThan(Iterations / 10, "records of the schema's types take the fast path (about 15% of them, against many odd ones)");
    }

    private static JsonSchema SchemaOf(string schemaLine) => ((SchemaMessage)SingerJsonLine(schemaLine)).ParsedSchema;

    private static SingerMessage SingerJsonLine(string line) =>
        new SingerMessageParser().Parse(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(line)), 1);

    private static string Show((string Schema, byte[] Line) input) => input.Schema + "\n" + SingerGen.Show(input.Line);

    private static string Show(((string Schema, byte[] Line) Input, int Encoder) sample) => Show(sample.Input) + "\nencoder " + sample.Encoder;
}
