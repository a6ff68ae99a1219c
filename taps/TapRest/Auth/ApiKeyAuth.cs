namespace TapRest.Auth;

/// <summary>auth_method api_key: every entry of api_keys is sent as a header (name → key), as theirs does.</summary>
internal sealed class ApiKeyAuth(IReadOnlyDictionary<string, string> keys) : IRequestAuth
{
    public ValueTask ApplyAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        foreach (var (name, key) in keys)
        {
            request.Headers[name] = key;
        }
        return default;
    }
}
