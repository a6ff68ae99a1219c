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

    /// <summary>The parser's count of this stream's lines declined by <see cref="TryTranscodePlain"/> in a row.</summary>
    internal int PlainMisses { get; set; }

    /// <summary>How many more of this stream's lines the parser gives straight to the JSON reader (after many declined).</summary>
    internal int PlainPause { get; set; }

    /// <summary>Whether <see cref="TryTranscodePlain"/> can take records.</summary>
    internal virtual bool TakesPlain => false;

    /// <summary>
    /// <see cref="TryTranscode"/> for a record read by hand (<see cref="Serialization.PlainJson"/>): the object at
    /// <paramref name="at"/> in <paramref name="json"/> (its '{'), <paramref name="at"/> moved past its '}' and the white
    /// space after. False for a record that is not plain as well as for one the transcoder declines: the line is then
    /// read with the JSON reader.
    /// </summary>
    internal virtual bool TryTranscodePlain(ReadOnlySpan<byte> json, ref int at, IBufferWriter<byte> output, out object?[]? values)
    {
        values = null;
        return false;
    }

    /// <summary>For a transcoder that gives values: the property each place of the array holds.</summary>
    public virtual IReadOnlyList<string>? ValueNames => null;
}
