using Singer.Sdk;

namespace TapRest.Auth;

/// <summary>auth_method name → authenticator, the one place that knows the names (theirs, so configs carry over).</summary>
internal static class AuthFactory
{
    private static readonly Dictionary<string, Func<PluginConfig, IRequestAuth>> Kinds = new(StringComparer.Ordinal)
    {
        ["no_auth"] = _ => new NoAuth(),
        ["api_key"] = config => new ApiKeyAuth(ApiKeys(config)),
        ["basic"] = config => new BasicAuth(config.GetRequiredString("username"), config.GetString("password") ?? ""),
        ["bearer_token"] = config => new BearerTokenAuth(config.GetRequiredString("bearer_token")),
        ["oauth"] = config => new OAuthAuth(config, Http.HttpSettings.Read(config).Timeout),
        ["aws"] = AwsSigV4Auth.Create,
    };

    public static IRequestAuth Create(PluginConfig config)
    {
        // Keys are secrets whichever auth_method is in use: one may also be written into params, and is masked there.
        foreach (var value in config.GetObject("api_keys")?.Values ?? Enumerable.Empty<object?>())
        {
            SecretRedactor.Register(value?.ToString());
        }
        var method = config.GetString("auth_method") is { Length: > 0 } name ? name : "no_auth";
        if (Kinds.TryGetValue(method, out var create))
        {
            return create(config);
        }
        throw new ConfigurationException($"config key 'auth_method' must be one of {string.Join(", ", Kinds.Keys)}, got '{method}'");
    }

    /// <summary>The api_keys object as text (its values were registered as secrets in <see cref="Create"/>: the SDK masks only string settings).</summary>
    private static Dictionary<string, string> ApiKeys(PluginConfig config) =>
        config.GetObject("api_keys") is { Count: > 0 } map
            ? map.ToDictionary(e => e.Key, e => e.Value?.ToString() ?? "", StringComparer.Ordinal)
            : throw new ConfigurationException("auth_method 'api_key' needs config key 'api_keys' (header name -> key)");
}
