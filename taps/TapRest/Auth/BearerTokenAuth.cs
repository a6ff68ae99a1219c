namespace TapRest.Auth;

/// <summary>auth_method bearer_token: <c>Authorization: Bearer …</c> (RFC 6750).</summary>
internal sealed class BearerTokenAuth(string token) : IRequestAuth
{
    public ValueTask ApplyAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        request.Headers["Authorization"] = "Bearer " + token;
        return default;
    }
}
