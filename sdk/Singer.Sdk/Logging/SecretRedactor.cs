using System.Text;

namespace Singer.Sdk;

/// <summary>
/// Masks secret config values (passwords, keys, tokens) wherever they would be printed: log lines and error messages,
/// including text from drivers and servers the toolkit does not word itself. Values are registered when the config is
/// loaded. Only a whole value is masked — an occurrence standing on its own between spaces, quotes or separators
/// (<c>'s3cret'</c>, <c>Password=s3cret;</c>, <c>user:s3cret@host</c>) — never the same letters inside a longer
/// word or path (<c>stream.s3cret</c> stays as it is), so a short secret cannot garble unrelated text.
/// </summary>
public static class SecretRedactor
{
    public const string Mask = "********";

    /// <summary>Characters that end a value: an occurrence of a secret between two of these (or the text's ends) is masked.</summary>
    private const string Separators = "'\"`,;:=()[]{}<>@&?|!*#$%^~+";

    private static readonly Lock Gate = new();
    private static string[] _secrets = [];

    public static void Register(string? secret)
    {
        // Very short values would mask ordinary words; they are not plausible secrets anyway.
        if (string.IsNullOrEmpty(secret) || secret.Length < 3)
        {
            return;
        }
        lock (Gate)
        {
            if (!_secrets.Contains(secret))
            {
                _secrets = [.. _secrets, secret];
                Array.Sort(_secrets, (a, b) => b.Length.CompareTo(a.Length));
            }
        }
    }

    public static string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = RedactOne(text, secret);
        }
        return text;
    }

    private static string RedactOne(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }
        var result = new StringBuilder(text.Length);
        var copied = 0;
        for (; at >= 0; at = text.IndexOf(secret, at + 1, StringComparison.Ordinal))
        {
            if (at < copied || !StandsAlone(text, at, secret.Length))
            {
                continue;
            }
            result.Append(text, copied, at - copied).Append(Mask);
            copied = at + secret.Length;
        }
        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>True when the occurrence is a value of its own, not part of a longer word, name or path.</summary>
    private static bool StandsAlone(string text, int start, int length)
    {
        var end = start + length;
        var before = start == 0 || EndsValue(text[start - 1]);
        // A full stop after a value ends a sentence ("the key is s3cret."), unless the text goes on (a file name).
        var after = end == text.Length || EndsValue(text[end])
            || (text[end] == '.' && (end + 1 == text.Length || EndsValue(text[end + 1])));
        return before && after;
    }

    private static bool EndsValue(char c) => char.IsWhiteSpace(c) || char.IsControl(c) || Separators.Contains(c);
}
