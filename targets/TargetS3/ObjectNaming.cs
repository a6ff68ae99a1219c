using System.Globalization;
using System.Text.RegularExpressions;
using Singer.Sdk;

namespace TargetS3;

/// <summary>Turns naming_convention into object keys: {stream}, {date}, {timestamp}, {part}, {uuid}, {ext}.</summary>
internal static partial class ObjectNaming
{
    private static readonly string[] Tokens = ["stream", "date", "timestamp", "part", "uuid", "ext"];

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
    }

    public static string Key(S3Options options, string stream, DateTimeOffset runStart, int part) =>
        options.KeyPrefix + TokenPattern().Replace(options.NamingConvention, match => match.Groups[1].Value switch
        {
            "stream" => stream,
            "date" => runStart.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "timestamp" => Timestamp(runStart),
            "part" => part.ToString(CultureInfo.InvariantCulture),
            "uuid" => Guid.NewGuid().ToString("D"),
            "ext" => options.Extension,
            _ => match.Value,
        });

    public static string Timestamp(DateTimeOffset runStart) => runStart.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex TokenPattern();
}
