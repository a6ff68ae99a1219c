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
/// <remarks>
/// Without an inner transcoder and with <paramref name="copiesMapped"/> (a pipe filter's, <see cref="StreamMapper.PipeTranscoderFor"/>),
/// the mapped record's bytes are the output as they are: they are what the writer makes of the ordinarily mapped record.
/// </remarks>
internal sealed class MappedRecordTranscoder(string outputStream, RecordBytesMap map, RecordTranscoder? inner, bool copiesMapped = false) : RecordTranscoder
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
            case RecordBytesMap.Outcome.Written when copiesMapped:
                output.Write(map.Mapped.Span);
                return true;
            case RecordBytesMap.Outcome.Written when inner is not null:
                return TakeByHand(map.Mapped.Span, output, out values) || TakeRead(map.Mapped.Span, output, out values);
            default:
                return false;
        }
    }

    /// <summary>
    /// The mapped record read by hand when the inner transcoder can (the map writes plain JSON from plain input). What a
    /// declined try wrote is taken back, so the JSON reader's try starts clean; output other than the parser's own is
    /// not tried by hand, as it could not be taken back.
    /// </summary>
    private bool TakeByHand(ReadOnlySpan<byte> mapped, IBufferWriter<byte> output, out object?[]? values)
    {
        values = null;
        if (!inner!.TakesPlain || output is not Serialization.EncodedChunks chunks)
        {
            return false;
        }
        var at = 0;
        if (inner.TryTranscodePlain(mapped, ref at, output, out values) && at == mapped.Length)
        {
            return true;
        }
        chunks.Rollback();
        values = null;
        return false;
    }

    private bool TakeRead(ReadOnlySpan<byte> mapped, IBufferWriter<byte> output, out object?[]? values)
    {
        var reader = new Utf8JsonReader(mapped);
        values = null;
        return reader.Read() && inner!.TryTranscode(ref reader, output, out values);
    }
}
