namespace TapRest.Auth;

/// <summary>auth_method bearer_token: <c>Authorization: Bearer …</c> (RFC 6750).</summary>
internal sealed class BearerTokenAuth(string token) : IRequestAuth
{
    public void Apply(IDictionary<string, string> headers) => headers["Authorization"] = "Bearer " + token;
}
