using System.Buffers;
using System.Text;
using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// CSV (RFC 4180): a header of the SCHEMA's properties in order, LF line ends. A field is quoted when it holds the
/// delimiter, the quote character or a line break (quotes doubled); an empty string is <c>""</c> and null is an empty
/// unquoted field, so the two stay apart. Numbers are their exact JSON text; objects and arrays are JSON text.
/// Record properties that are not in the schema are not written.
/// </summary>
internal sealed class CsvRecordEncoder : RecordEncoder
{
    private readonly string[] _columns;
    private readonly char _delimiter;
    private readonly char _quote;
    private readonly StringBuilder _line = new();

    public CsvRecordEncoder(SchemaMessage schema, char delimiter, char quote, string[] added)
        : base(added)
    {
        var properties = schema.Schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
        _columns = [.. properties.Keys.Where(k => !added.Contains(k, StringComparer.Ordinal))];
        _delimiter = delimiter;
        _quote = quote;
    }

    public override void WriteHeader(IBufferWriter<byte> output)
    {
        _line.Clear();
        var names = _columns.Concat(Added);
        var first = true;
        foreach (var name in names)
        {
            if (!first)
            {
                _line.Append(_delimiter);
            }
            first = false;
            AppendText(name, forceQuotes: false);
        }
        Flush(output);
    }

    public override void WriteRecord(RecordMessage record, string batchedAt, IBufferWriter<byte> output)
    {
        _line.Clear();
        for (var i = 0; i < _columns.Length; i++)
        {
            if (i > 0)
            {
                _line.Append(_delimiter);
            }
            AppendValue(record.Record.GetValueOrDefault(_columns[i]));
        }
        for (var i = 0; i < Added.Length; i++)
        {
            if (_columns.Length > 0 || i > 0)
            {
                _line.Append(_delimiter);
            }
            AppendValue(AddedValue(Added[i], record, batchedAt));
        }
        Flush(output);
    }

    private void AppendValue(object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                AppendText(text, forceQuotes: text.Length == 0);
                return;
            default:
                // Numbers as their exact literal, true/false, objects and arrays as compact JSON.
                AppendText(SingerJson.Serialize(value), forceQuotes: false);
                return;
        }
    }

    private void AppendText(string text, bool forceQuotes)
    {
        if (!forceQuotes && text.AsSpan().IndexOfAny(_delimiter, _quote, '\n') < 0 && !text.Contains('\r', StringComparison.Ordinal))
        {
            _line.Append(text);
            return;
        }
        _line.Append(_quote);
        foreach (var c in text)
        {
            if (c == _quote)
            {
                _line.Append(_quote);
            }
            _line.Append(c);
        }
        _line.Append(_quote);
    }

    private void Flush(IBufferWriter<byte> output)
    {
        _line.Append('\n');
        // Whole, not chunk by chunk: a chunk boundary may split a surrogate pair (an emoji).
        var text = _line.ToString();
        var bytes = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, bytes));
    }
}
