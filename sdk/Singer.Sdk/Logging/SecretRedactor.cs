namespace Singer.Sdk;

/// <summary>
/// Masks secret config values (passwords, keys, tokens) wherever they would be printed: log lines and
/// error messages. Values are registered when the config is loaded.
/// </summary>
public static class SecretRedactor
{
    public const string Mask = "********";
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
        var secrets = _secrets;
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }
}
