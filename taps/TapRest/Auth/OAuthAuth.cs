using System.Diagnostics;
using Singer.Sdk;
using TapRest.Http;

namespace TapRest.Auth;

/// <summary>
/// auth_method oauth: a token from access_token_url (form body as theirs builds it: grant_type, scope, client_id,
/// client_secret, username, password, refresh_token, redirect_uri, then oauth_extras), sent as a bearer token. The
/// token is kept and fetched again before it expires (expires_in, else oauth_expiration_secs): once less than half its
/// lifetime, or a minute, is left, so a long run never sends a token that runs out on the way. A token the API refuses
/// with a 401 anyway is fetched again and the request sent once more (<see cref="Renew"/>).
/// </summary>
internal sealed class OAuthAuth : IRequestAuth, IDisposable
{
    private static readonly TimeSpan LongestMargin = TimeSpan.FromMinutes(1);

    private readonly Uri _tokenUrl;
    private readonly Dictionary<string, string> _form;
    private readonly long? _defaultLifetimeSeconds;
    private readonly HttpTransport _transport;
    private string? _token;
    private long _refreshAt;

    public OAuthAuth(PluginConfig config, TimeSpan timeout)
    {
        var url = config.GetRequiredString("access_token_url");
        _tokenUrl = Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : throw new ConfigurationException($"config key 'access_token_url' is not an absolute URL: '{url}'");
        _form = RequestBody(config);
        _defaultLifetimeSeconds = config.GetLong("oauth_expiration_secs");
        // Not following redirects: a 307 would carry client_secret and password in the form body to whatever host it names.
        _transport = new HttpTransport(timeout, userAgent: null);
    }

    public async ValueTask ApplyAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        if (_token is null || Stopwatch.GetTimestamp() >= _refreshAt)
        {
            await FetchAsync(cancellationToken);
        }
        request.Headers["Authorization"] = "Bearer " + _token;
    }

    /// <summary>A token the API refuses before its time (revoked, rotated) is fetched again, once per refusal.</summary>
    public bool Renew()
    {
        _token = null;
        return true;
    }

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var form = new FormUrlEncodedContent(_form);
        var response = await _transport.SendAsync("POST", _tokenUrl, [], form, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var where = $"OAuth token request POST {UrlMasker.Mask(_tokenUrl)}";
        if (!response.IsSuccess)
        {
            throw new SingerException(response.Status == 0
                ? $"{where} failed: {(response.TimedOut ? "no answer in time" : response.Error?.Message ?? "no response")}"
                : $"{where} failed: HTTP {response.Status} {response.ReasonText}: {ApiClient.BodyStart(response.Text)}");
        }
        var body = SafeParse(response.Text);
        _token = body?.GetValueOrDefault("access_token") as string is { Length: > 0 } token
            ? token
            : throw new SingerException($"{where} answered without an access_token");
        SecretRedactor.Register(_token);
        var lifetime = body.GetValueOrDefault("expires_in") switch
        {
            var value when ExactNumber.TryToDecimal(value, out var seconds) => (long)seconds,
            string text when long.TryParse(text, out var seconds) => seconds,
            _ => _defaultLifetimeSeconds,
        };
        _refreshAt = lifetime is { } life
            ? started + (long)((TimeSpan.FromSeconds(life) - Margin(TimeSpan.FromSeconds(life))).TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;
        Log.Info($"OAuth token fetched{(lifetime is { } l ? $", valid for {l} s" : "")}");
    }

    private static TimeSpan Margin(TimeSpan lifetime) => lifetime / 2 < LongestMargin ? lifetime / 2 : LongestMargin;

    private static Dictionary<string, object?>? SafeParse(string? content)
    {
        try
        {
            return SingerJson.Parse(content ?? "") as Dictionary<string, object?>;
        }
        catch (Exception ex) when (ex is FormatException or SingerException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The token request's form fields, checked per grant type as theirs does.</summary>
    private static Dictionary<string, string> RequestBody(PluginConfig config)
    {
        var grant = config.GetString("grant_type") is { Length: > 0 } g ? g : throw new ConfigurationException("auth_method 'oauth' needs config key 'grant_type' (client_credentials, password or refresh_token)");
        string? Value(string key) => config.GetString(key) is { Length: > 0 } v ? v : null;
        var missing = grant switch
        {
            "client_credentials" when Value("client_id") is null || Value("client_secret") is null => "client_id and client_secret",
            "password" when Value("username") is null || Value("password") is null => "username and password",
            "refresh_token" when Value("refresh_token") is null => "refresh_token",
            _ => null,
        };
        if (missing is not null)
        {
            throw new ConfigurationException($"auth_method 'oauth' with grant_type '{grant}' needs {missing}");
        }
        var form = new Dictionary<string, string>(StringComparer.Ordinal) { ["grant_type"] = grant };
        foreach (var key in new[] { "scope", "client_id", "client_secret", "username", "password", "refresh_token", "redirect_uri" })
        {
            if (Value(key) is { } value)
            {
                form[key] = value;
            }
        }
        foreach (var (key, value) in config.GetObject("oauth_extras") ?? [])
        {
            form[key] = value as string ?? SingerJson.Serialize(value);
        }
        return form;
    }

    public void Dispose() => _transport.Dispose();
}
