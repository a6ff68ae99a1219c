using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Singer.Sdk;

namespace TargetS3;

/// <summary>Turns naming_convention into object keys: {stream}, {date}, {timestamp}, {run_id}, {part}, {uuid}, {ext}.</summary>
internal static partial class ObjectNaming
{
    private static readonly string[] Tokens = ["stream", "date", "timestamp", "run_id", "part", "uuid", "ext"];

    /// <summary>Refuses unknown tokens up front, so a typo fails before any data moves.</summary>
    public static void Check(string convention)
    {
        foreach (Match match in TokenPattern().Matches(convention))
        {
            if (!Tokens.Contains(match.Groups[1].Value, StringComparer.Ordinal))
            {
                throw new ConfigurationException($"config key 'naming_convention': unknown token {match.Value}; known: {string.Join(", ", Tokens.Select(t => "{" + t + "}"))}");
            }
        }
        if (!convention.Contains("{part}", StringComparison.Ordinal) && !convention.Contains("{uuid}", StringComparison.Ordinal))
        {
            // Without either, the second file of a stream in a run would overwrite the first.
            throw new ConfigurationException("config key 'naming_convention' must contain {part} or {uuid}, so that each file gets its own key");
        }
        if (HasDotSegment(convention))
        {
            throw new ConfigurationException("config key 'naming_convention' must not have a '.' or '..' folder");
        }
    }

    /// <summary>True when the convention's keys are unique per run by themselves ({run_id} or {uuid}), not only within one run.</summary>
    public static bool IsUniquePerRun(string convention) =>
        convention.Contains("{run_id}", StringComparison.Ordinal) || convention.Contains("{uuid}", StringComparison.Ordinal);

    /// <summary>A fresh run id: 12 random hex digits, so two runs started in the same second never share a key.</summary>
    public static string NewRunId() => Guid.NewGuid().ToString("N")[..12];

    public static string Key(S3Options options, string stream, DateTimeOffset runStart, string runId, int part)
    {
        var key = options.KeyPrefix + TokenPattern().Replace(options.NamingConvention, match => match.Groups[1].Value switch
        {
            "stream" => Escape(stream),
            "date" => runStart.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "timestamp" => Timestamp(runStart),
            "run_id" => runId,
            "part" => part.ToString(CultureInfo.InvariantCulture),
            "uuid" => Guid.NewGuid().ToString("D"),
            "ext" => options.Extension,
            _ => match.Value,
        });
        // Escape keeps every token inside its folder; this is the last guard should tokens ever combine into one.
        return HasDotSegment(key)
            ? throw new SingerException($"stream '{stream}': the object key '{key}' would have a '.' or '..' folder")
            : key;
    }

    public static string Timestamp(DateTimeOffset runStart) => runStart.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    /// <summary>
    /// A name from the input (a stream may be called <c>../../other-bucket/x</c>: MariaDB allows it) made safe to put
    /// in a key: '/', '\', '%', control characters and a name made only of dots are percent-encoded (UTF-8), so the
    /// name stays one folder level under s3_key_prefix and no store or client can read it as a path step. '%' is encoded
    /// too, so two different names never give the same key. Everything else, non-ASCII included, stays as it is.
    /// </summary>
    public static string Escape(string name)
    {
        if (name.Length > 0 && name.AsSpan().TrimStart('.').IsEmpty)
        {
            return string.Concat(Enumerable.Repeat("%2E", name.Length));
        }
        if (!name.Any(NeedsEscape))
        {
            return name;
        }
        var escaped = new StringBuilder(name.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.IsBmp && NeedsEscape((char)rune.Value))
            {
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                {
                    escaped.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                escaped.Append(rune.ToString());
            }
        }
        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '%' || char.IsControl(c);

    private static bool HasDotSegment(string key) => key.Split('/', '\\').Any(segment => segment is "." or "..");

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex TokenPattern();
}
