using System.Collections;
using System.Text.Json;
using Singer.Sdk;
using TapRest.Pagination;

namespace TapRest.Streams;

/// <summary>
/// A page's records left as the bytes of the body: where each record object lies. <see cref="RawRecordWriter"/> turns
/// them into RECORD lines without building values; as a list they are parsed one by one when asked for, into the same
/// dictionaries a parse of the whole body gives.
/// </summary>
internal sealed class RawRecords(ReadOnlyMemory<byte> body, List<(int Start, int Length)> items, JsonBodyReader reader)
    : IReadOnlyList<Dictionary<string, object?>>
{
    /// <summary>As the SDK's <see cref="JsonBodyReader"/> reads a body (comments, trailing commas, depth).</summary>
    public static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    public ReadOnlyMemory<byte> Body => body;

    public IReadOnlyList<(int Start, int Length)> Items => items;

    public int Count => items.Count;

    public Dictionary<string, object?> this[int index] => (Dictionary<string, object?>)reader.Parse(body.Span.Slice(items[index].Start, items[index].Length))!;

    public IEnumerator<Dictionary<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < items.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The list at <paramref name="path"/> (its bytes, '[' to ']') and each of its items; null when the path does not
    /// lead to a list through objects, a name on the way is given twice (a parse keeps the last), an item is not an
    /// object, or an item holds a number with an exponent (whose range a parse checks). Throws as a parse does on bytes
    /// that are not JSON up to the list's end, and on an escaped string that is no text; the bytes after the list are
    /// left to the caller.
    /// </summary>
    public static ((int Start, int Length) List, List<(int Start, int Length)> Items)? Locate(ReadOnlyMemory<byte> utf8, PlainPath path)
    {
        var reader = new Utf8JsonReader(utf8.Span, Options);
        if (!reader.Read())
        {
            return null;
        }
        foreach (var name in path.Names)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            var found = false;
            var value = reader;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = reader.ValueTextEquals(name);
                reader.Read();
                if (matches)
                {
                    if (found)
                    {
                        return null;
                    }
                    found = true;
                    value = reader;
                }
                reader.Skip();
            }
            if (!found)
            {
                return null;
            }
            reader = value;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }
        var listStart = (int)reader.TokenStartIndex;
        var items = new List<(int Start, int Length)>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            var start = (int)reader.TokenStartIndex;
            var depth = reader.CurrentDepth;
            while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
            {
                if (reader.TokenType == JsonTokenType.Number && reader.ValueSpan.IndexOfAny((byte)'e', (byte)'E') >= 0)
                {
                    return null;
                }
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    // Decoded now, as a parse of the page would: an escape that is no text (a lone surrogate) fails the page, not a record halfway.
                    _ = reader.GetString();
                }
            }
            items.Add((start, (int)reader.BytesConsumed - start));
        }
        return ((listStart, (int)reader.BytesConsumed - listStart), items);
    }
}
