using System.Text.Json;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// Parses whole JSON documents that arrive one after another with the same shape (the pages of a REST API) into the
/// values records use: exact numbers of any size (long, BigInteger, decimal, BigDecimal), strings left as strings.
/// Property names are remembered across documents, so the thousandth page allocates no key strings.
/// </summary>
public sealed class JsonBodyReader
{
    private readonly Utf8NameTable _names = new();

    /// <summary>The document's value; a <see cref="JsonException"/> when the bytes are not one JSON value.</summary>
    public object? Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        if (!reader.Read())
        {
            throw new JsonException("the document is empty");
        }
        var value = JsonValueReader.ReadValue(ref reader, _names);
        if (reader.Read())
        {
            throw new JsonException($"unexpected content after the JSON value at byte {reader.TokenStartIndex}");
        }
        return value;
    }

    /// <summary>As lenient as Newtonsoft.Json's reader (comments, trailing commas) and as deep as the SDK reads a line.</summary>
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    };
}
