using System.Globalization;
using System.Text.RegularExpressions;
using Singer.Sdk;

namespace TapRest.Streams;

/// <summary>
/// A child stream's path with <c>{field}</c> placeholders, filled from each parent record (its flattened names); the
/// values used are the child's context, which also keys its bookmarks.
/// </summary>
internal static partial class PathTemplate
{
    [GeneratedRegex(@"\{([^{}/]+)\}")]
    private static partial Regex Placeholder();

    public static IReadOnlyList<string> Fields(string path) => Placeholder().Matches(path).Select(m => m.Groups[1].Value).Distinct().ToList();

    public static Dictionary<string, object?> Context(StreamSettings child, Dictionary<string, object?> parentRecord)
    {
        var context = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in Fields(child.Path))
        {
            context[field] = parentRecord.GetValueOrDefault(field) ?? throw new SingerException(
                $"stream '{child.Name}': a record of parent stream '{child.ParentStream}' has no value for {{{field}}} in path '{child.Path}'");
        }
        return context;
    }

    public static string Fill(string path, IReadOnlyDictionary<string, object?> context) =>
        Placeholder().Replace(path, match => Uri.EscapeDataString(Text(context[match.Groups[1].Value])));

    private static string Text(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
