using System.Buffers;
using System.Text.Json;

namespace Singer.Sdk;

/// <summary>
/// Turns a stream's records straight from the input bytes into a target's own encoding, on the thread that parses
/// the input, so a record is never built as a dictionary. A transcoder only takes records it can prove valid against
/// the stream's schema; for anything else it declines and the record is parsed and validated the ordinary way, so
/// errors read the same either way. Records it takes reach the sink with <see cref="RecordMessage.Encoded"/> set.
/// </summary>
public abstract class RecordTranscoder
{
    /// <summary>
    /// Writes the record <paramref name="reader"/> is on (at its StartObject) to <paramref name="output"/> and leaves the
    /// reader on its EndObject; or returns false, in any state, to have the record parsed the ordinary way.
    /// </summary>
    public abstract bool TryTranscode(ref Utf8JsonReader reader, IBufferWriter<byte> output);
}
