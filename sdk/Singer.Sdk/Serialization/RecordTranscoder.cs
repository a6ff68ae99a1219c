using System.Buffers;
using System.Text.Json;

namespace Singer.Sdk;

/// <summary>
/// Turns a stream's records straight from the input bytes into a target's own encoding, on the thread that parses
/// the input, so a record is never built as a dictionary. A transcoder only takes records it can prove valid against
/// the stream's schema; for anything else it declines and the record is parsed and validated the ordinary way, so
/// errors read the same either way. Records it takes reach the sink transcoded (<see cref="RecordMessage.IsTranscoded"/>):
/// as bytes (<see cref="RecordMessage.Encoded"/>) or as values (<see cref="RecordMessage.Values"/>).
/// </summary>
public abstract class RecordTranscoder
{
    /// <summary>
    /// Takes the record <paramref name="reader"/> is on (at its StartObject), leaving the reader on its EndObject: either
    /// writes it to <paramref name="output"/>, or gives its <paramref name="values"/> by <see cref="ValueNames"/>. Or
    /// returns false, in any state, to have the record parsed the ordinary way.
    /// </summary>
    public abstract bool TryTranscode(ref Utf8JsonReader reader, IBufferWriter<byte> output, out object?[]? values);

    /// <summary>For a transcoder that gives values: the property each place of the array holds.</summary>
    public virtual IReadOnlyList<string>? ValueNames => null;
}
