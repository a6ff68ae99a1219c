using System.Buffers;
using System.Collections;
using System.Text.Json;
using Singer.Sdk;
using TapRest.Pagination;

namespace TapRest.Streams;

/// <summary>
/// A page's records left as the bytes of the body: where each record object lies. <see cref="RawRecordWriter"/> turns
/// them into RECORD lines without building values (<see cref="ReadWith"/>, by the stream's loop while the next page is
/// fetched); as a list they are parsed one by one when asked for, into the same dictionaries a parse of the whole body
/// gives.
/// </summary>
/// <param name="listDepth">How deep in the body the list lies (the objects the records path goes through).</param>
/// <param name="scanned">Found by <see cref="LocateByScan"/>, which finds no comment in the list.</param>
internal sealed class RawRecords(
    int listDepth, bool scanned, ReadOnlyMemory<byte> body, List<(int Start, int Length)> items, JsonBodyReader reader)
    : IReadOnlyList<Dictionary<string, object?>>
{
    /// <summary>As the SDK's <see cref="JsonBodyReader"/> reads a body (comments, trailing commas, depth).</summary>
    public static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    /// <summary>
    /// The largest body whose records <see cref="LocateByScan"/> finds, leaving them unchecked: all of them are read
    /// before any is written, each record's fields held meanwhile (about three times their bytes). A larger body's are
    /// checked by <see cref="Locate"/>, then read and written a slice at a time.
    /// </summary>
    internal const int MaxUncheckedList = 16 << 20;

    /// <summary>What <see cref="ScanList"/> stops at: the bytes that open or close a value, a string's quote, a comment's slash.</summary>
    private static readonly SearchValues<byte> Structural = SearchValues.Create("{}[]\"/"u8);

    private static readonly SearchValues<byte> QuoteOrEscape = SearchValues.Create("\"\\"u8);

    private Func<IReadOnlyList<Dictionary<string, object?>>>? _ordinary;

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

    /// <summary>Whether <see cref="ReadWith"/> is what the records are for (<see cref="LeaveForWriter"/> was called); <see cref="IsUnchecked"/> says how they were found.</summary>
    public bool IsForWriter => _ordinary is not null;

    /// <summary>
    /// Marks the records as left for <see cref="ReadWith"/>. <paramref name="ordinary"/> gives the page's records as a
    /// parse of the whole body does (and fails as it does): what the caller writes when the records cannot be read from
    /// bytes (a number with an exponent, bytes that are not JSON).
    /// </summary>
    public void LeaveForWriter(Func<IReadOnlyList<Dictionary<string, object?>>> ordinary) => _ordinary = ordinary;

    public IReadOnlyList<Dictionary<string, object?>> Ordinary() => _ordinary!();

    /// <summary>
    /// Whether the records were found by <see cref="LocateByScan"/>, their bytes unchecked: then they are read in one
    /// <see cref="ReadWith"/> call before any is written, so bytes that are not JSON fail the page as a parse of it
    /// would. Records found by <see cref="Locate"/> were checked while found, and are read a slice at a time.
    /// </summary>
    public bool IsUnchecked => scanned;

    /// <summary>
    /// Reads records <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> - 1, each checking its
    /// grammar: by hand where the writer can (<see cref="RawRecordWriter.TryReadByHand"/>), else with the JSON reader,
    /// by the writer or, where it declines one, checked as <see cref="Locate"/> checks it. Null when that finds anything
    /// a parse of the whole body must deal with, or a record is not exactly where <see cref="ScanList"/> put it: then
    /// <see cref="Ordinary"/> are the page's records.
    /// </summary>
    public RawRecordWriter.Page? ReadWith(RawRecordWriter writer, int from, int count)
    {
        var page = writer.PageFor(body);
        // Each record read on its own, as deep as it may go inside the body; comments skipped only where there may be some.
        var options = new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = scanned ? JsonCommentHandling.Disallow : JsonCommentHandling.Skip,
            MaxDepth = Options.MaxDepth - listDepth - 1,
        };
        try
        {
            for (var i = from; i < from + count; i++)
            {
                var (start, length) = items[i];
                if (writer.TryReadByHand(body.Span.Slice(start, length), start, options.MaxDepth))
                {
                    continue;
                }
                var reader = new Utf8JsonReader(body.Span.Slice(start, length), options);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }
                var atItem = reader;
                if (!writer.TryRead(ref reader, start))
                {
                    reader = atItem;
                    if (!SkipChecked(ref reader))
                    {
                        return null;
                    }
                }
                if (reader.BytesConsumed != length || reader.Read())
                {
                    return null;
                }
            }
            return page;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The list at <paramref name="path"/> (its bytes, '[' to ']') and each of its items, found without reading the items
    /// with the JSON reader: the path is walked to the list, the list's items are found by their brackets and quotes alone
    /// (<see cref="ScanList"/>), and the body without them is checked by <see cref="Locate"/>. Null where that cannot be
    /// sure (a comment in the list, an item that is not an object, a name given twice on the way): then
    /// <see cref="Locate"/> reads the whole body. The items' own bytes are left for <see cref="ReadWith"/> to check.
    /// </summary>
    public static LocatedList? LocateByScan(ReadOnlyMemory<byte> utf8, PlainPath path)
    {
        var reader = new Utf8JsonReader(utf8.Span, Options);
        if (!reader.Read())
        {
            return null;
        }
        for (var step = 0; step < path.Names.Count; step++)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            var wanted = step == path.Names.Count - 1 ? JsonTokenType.StartArray : JsonTokenType.StartObject;
            var found = false;
            while (!found && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = reader.ValueTextEquals(path.Names[step]);
                reader.Read();
                found = matches && reader.TokenType == wanted;
                if (!found)
                {
                    reader.Skip();
                }
            }
            if (!found)
            {
                return null;
            }
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }
        var listStart = (int)reader.TokenStartIndex;
        if (ScanList(utf8.Span, listStart) is not { } scanned)
        {
            return null;
        }
        var list = (listStart, scanned.End + 1 - listStart);
        // The body without the items, read as Locate reads a body: the same list must be where the path leads.
        var skeleton = new byte[utf8.Length - list.Item2 + 2];
        utf8.Span[..(listStart + 1)].CopyTo(skeleton);
        utf8.Span[scanned.End..].CopyTo(skeleton.AsSpan(listStart + 1));
        return Locate(skeleton, path) is { } check && check.List.Start == listStart ? new LocatedList(list, scanned.Items, skeleton) : null;
    }

    /// <summary>
    /// The items of the list whose '[' is at <paramref name="listStart"/>, by structure alone: brackets counted outside
    /// strings, strings skipped from quote to quote (escapes honoured). Each item's start and length, and the index of the
    /// list's ']'; null at anything not read plainly this way: a comment, an item that is not an object, anything between
    /// items but white space and one comma, the end of the bytes.
    /// </summary>
    internal static (int End, List<(int Start, int Length)> Items)? ScanList(ReadOnlySpan<byte> utf8, int listStart)
    {
        var items = new List<(int Start, int Length)>();
        var at = listStart + 1;
        var expectItem = true;
        while (true)
        {
            var next = utf8[at..].IndexOfAnyExcept(" \t\r\n"u8);
            if (next < 0)
            {
                return null;
            }
            at += next;
            switch (utf8[at])
            {
                case (byte)']':
                    return (at, items);
                case (byte)',' when !expectItem:
                    expectItem = true;
                    at++;
                    break;
                case (byte)'{' when expectItem:
                    var end = ObjectEnd(utf8, at);
                    if (end < 0)
                    {
                        return null;
                    }
                    items.Add((at, end + 1 - at));
                    at = end + 1;
                    expectItem = false;
                    break;
                default:
                    return null;
            }
        }
    }

    /// <summary>The index of the '}' closing the object at <paramref name="start"/>; -1 for a comment or the end of the bytes.</summary>
    private static int ObjectEnd(ReadOnlySpan<byte> utf8, int start)
    {
        var depth = 0;
        var at = start;
        while (true)
        {
            var next = utf8[at..].IndexOfAny(Structural);
            if (next < 0)
            {
                return -1;
            }
            at += next;
            switch (utf8[at])
            {
                case (byte)'"':
                    at = StringEnd(utf8, at);
                    if (at < 0)
                    {
                        return -1;
                    }
                    break;
                case (byte)'/':
                    return -1;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                default:
                    if (--depth == 0)
                    {
                        return utf8[at] == (byte)'}' ? at : -1;
                    }
                    break;
            }
            at++;
        }
    }

    /// <summary>The index of the quote closing the string whose opening quote is at <paramref name="quote"/>; -1 if none.</summary>
    private static int StringEnd(ReadOnlySpan<byte> utf8, int quote)
    {
        var at = quote + 1;
        while (true)
        {
            var next = utf8[at..].IndexOfAny(QuoteOrEscape);
            if (next < 0)
            {
                return -1;
            }
            at += next;
            if (utf8[at] == (byte)'"')
            {
                return at;
            }
            at += 2; // the escape and the byte it escapes (a quote or backslash among them)
            if (at >= utf8.Length)
            {
                return -1;
            }
        }
    }

    /// <summary>
    /// The list at <paramref name="path"/> (its bytes, '[' to ']') and each of its items; null when the path does not
    /// lead to a list through objects, a name on the way is given twice (a parse keeps the last), an item is not an
    /// object, or an item holds a number with an exponent (whose range a parse checks). Throws as a parse does on bytes
    /// that are not JSON up to the list's end, and on an escaped string that is no text; the bytes after the list are
    /// left to the caller.
    /// </summary>
    public static LocatedList? Locate(ReadOnlyMemory<byte> utf8, PlainPath path)
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
            if (!SkipChecked(ref reader))
            {
                return null;
            }
            items.Add((start, (int)reader.BytesConsumed - start));
        }
        return new LocatedList((listStart, (int)reader.BytesConsumed - listStart), items, Skeleton: null);
    }

    /// <summary>
    /// Past the value the reader is at (to its end token), each token checked by <see cref="IsPlainToken"/>: false at a
    /// number with an exponent, an escaped string decoded (an escape that is no text fails the page here, as a parse of
    /// it would).
    /// </summary>
    internal static bool SkipChecked(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return IsPlainToken(ref reader);
        }
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (!IsPlainToken(ref reader))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// False for a number with an exponent (its range is for a parse of the whole page to check); an escaped string or
    /// name is decoded now, as a parse of the page would: an escape that is no text (a lone surrogate) fails the page,
    /// not a record halfway.
    /// </summary>
    internal static bool IsPlainToken(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.ValueSpan.IndexOfAny((byte)'e', (byte)'E') < 0;
        }
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
        {
            _ = reader.GetString();
        }
        return true;
    }
}

/// <summary>
/// A body's records list (its bytes, '[' to ']') and each of its items; <paramref name="Skeleton"/> is the body with the
/// items taken out ("[" and "]" kept), when the finding already made it.
/// </summary>
internal readonly record struct LocatedList((int Start, int Length) List, List<(int Start, int Length)> Items, byte[]? Skeleton)
{
    /// <summary>The body with the list emptied ("[" and "]" kept): what the paginator reads unless its path reaches the records.</summary>
    public byte[] SkeletonOf(ReadOnlySpan<byte> utf8)
    {
        if (Skeleton is { } made)
        {
            return made;
        }
        var skeleton = new byte[utf8.Length - List.Length + 2];
        utf8[..(List.Start + 1)].CopyTo(skeleton);
        utf8[(List.Start + List.Length - 1)..].CopyTo(skeleton.AsSpan(List.Start + 1));
        return skeleton;
    }
}
