using System.Globalization;

namespace StandardTargetTests;

/// <summary>
/// One spelling for a value read back from any destination, so a case states its rows once: JSON documents compact
/// (PostgreSQL's jsonb text puts spaces after separators), numbers without trailing fractional zeros.
/// </summary>
public static class TextValue
{
    public static string? Normalize(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (text.StartsWith('{') || text.StartsWith('['))
        {
            return JsonNode.Parse(text)!.ToJsonString();
        }
        if (text.Contains('.', StringComparison.Ordinal) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number.ToString("0.############################", CultureInfo.InvariantCulture);
        }
        return text;
    }
}
