using System.Net;
using System.Text;

namespace TapRest.Http;

/// <summary>
/// What one request got: a status with its reason phrase, the headers (names case-insensitive, repeats joined with ", ")
/// and the body's bytes, or status 0 with the error when no answer came (timeout, refused, reset).
/// </summary>
internal sealed class HttpAnswer
{
    private string? _text;

    public HttpAnswer(int status, string? reason, Dictionary<string, string> headers, byte[] body)
    {
        Status = status;
        Reason = reason;
        Headers = headers;
        Body = body;
    }

    private HttpAnswer(Exception error, bool timedOut)
        : this(0, null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), [])
    {
        Error = error;
        TimedOut = timedOut;
    }

    public int Status { get; }

    public string? Reason { get; }

    public Dictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public Exception? Error { get; }

    public bool TimedOut { get; }

    public bool IsSuccess => Status is >= 200 and < 300;

    public static HttpAnswer Failed(Exception error, bool timedOut) => new(error, timedOut);

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    /// <summary>The reason phrase the server gave, else the standard one for the status.</summary>
    public string ReasonText =>
        Reason is { Length: > 0 } reason && reason != Status.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? reason
            : Enum.IsDefined((HttpStatusCode)Status) ? ((HttpStatusCode)Status).ToString() : "";

    /// <summary>
    /// The body as UTF-8 bytes: the bytes received when they are UTF-8 (no charset, or utf-8, and no UTF-16 byte-order
    /// mark), else the text decoded (by the mark, else the declared charset) and encoded again.
    /// </summary>
    public byte[] Utf8Body() => IsUtf8 ? Body : Encoding.UTF8.GetBytes(Text);

    /// <summary>The body as text, decoded as a browser would: a byte-order mark first, then the declared charset, else UTF-8.</summary>
    public string Text => _text ??= Decode();

    private bool IsUtf8 =>
        !HasUtf16Mark && (Charset is not { } charset || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    private bool HasUtf16Mark => Body.Length >= 2 && ((Body[0] == 0xFF && Body[1] == 0xFE) || (Body[0] == 0xFE && Body[1] == 0xFF));

    private string? Charset
    {
        get
        {
            if (Header("Content-Type") is not { } type)
            {
                return null;
            }
            var at = type.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
            return at < 0 ? null : type[(at + 8)..].Split(';')[0].Trim('"', ' ');
        }
    }

    private string Decode()
    {
        if (Body.Length >= 2 && Body[0] == 0xFF && Body[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(Body, 2, Body.Length - 2);
        }
        if (Body.Length >= 2 && Body[0] == 0xFE && Body[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(Body, 2, Body.Length - 2);
        }
        var encoding = Encoding.UTF8;
        if (Charset is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset);
            }
            catch (ArgumentException)
            {
                // An unknown charset: read as UTF-8, the JSON default.
            }
        }
        var preamble = encoding.Preamble;
        var skip = preamble.Length > 0 && Body.AsSpan().StartsWith(preamble) ? preamble.Length : 0;
        return encoding.GetString(Body, skip, Body.Length - skip);
    }
}
