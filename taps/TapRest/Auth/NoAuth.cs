namespace TapRest.Auth;

/// <summary>auth_method no_auth: requests go as they are.</summary>
internal sealed class NoAuth : IRequestAuth
{
    public ValueTask ApplyAsync(IDictionary<string, string> headers, CancellationToken cancellationToken) => default;
}
