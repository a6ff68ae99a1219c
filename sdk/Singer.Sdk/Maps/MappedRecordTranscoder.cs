using System.Buffers;
using System.Text.Json;

namespace Singer.Sdk.Maps;

/// <summary>
/// A target's transcoder for a mapped stream: the record is mapped from its input bytes (<see cref="RecordBytesMap"/>),
/// then handed to the target's own transcoder for the mapped SCHEMA, so a mapped record never becomes a dictionary
/// either. The parser marks the record mapped (or left out by the filter) and names it for the output stream, and the
/// target driver does not map it again. Anything either step is not sure of declines, and the record takes the
/// ordinary path: parsed, mapped as a message, validated, where every error is reported at its line as before.
/// </summary>
internal sealed class MappedRecordTranscoder(string outputStream, RecordBytesMap map, RecordTranscoder? inner) : RecordTranscoder
{
    public string OutputStream { get; } = outputStream;

    /// <summary>True when the last record taken was left out by the filter (or the stream is dropped).</summary>
    public bool LastFiltered { get; private set; }

    public override IReadOnlyList<string>? ValueNames => inner?.ValueNames;

    internal override bool TakesPlain => true;

    public override bool TryTranscode(ref Utf8JsonReader reader, IBufferWriter<byte> output, out object?[]? values)
    {
        RecordBytesMap.Outcome outcome;
        try
        {
            outcome = map.TryMap(ref reader);
        }
        catch (MapRuntimeException)
        {
            outcome = RecordBytesMap.Outcome.Declined; // the ordinary path fails the same way, at the record's turn and with its line
        }
        return TakeMapped(outcome, output, out values);
    }

    internal override bool TryTranscodePlain(ReadOnlySpan<byte> json, ref int at, IBufferWriter<byte> output, out object?[]? values)
    {
        RecordBytesMap.Outcome outcome;
        try
        {
            outcome = map.TryMapPlain(json, ref at);
        }
        catch (MapRuntimeException)
        {
            outcome = RecordBytesMap.Outcome.Declined;
        }
        return TakeMapped(outcome, output, out values);
    }

    /// <summary>The mapped record to the target's transcoder (it may decline it too), or the filter's word that there is none.</summary>
    private bool TakeMapped(RecordBytesMap.Outcome outcome, IBufferWriter<byte> output, out object?[]? values)
    {
        values = null;
        LastFiltered = false;
        switch (outcome)
        {
            case RecordBytesMap.Outcome.Filtered:
                LastFiltered = true;
                return true;
            case RecordBytesMap.Outcome.Written when inner is not null:
                var mapped = new Utf8JsonReader(map.Mapped.Span);
                return mapped.Read() && inner.TryTranscode(ref mapped, output, out values);
            default:
                return false;
        }
    }
}
