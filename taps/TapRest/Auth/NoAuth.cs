namespace TapRest.Auth;

/// <summary>auth_method no_auth: requests go as they are.</summary>
internal sealed class NoAuth : IRequestAuth
{
    public ValueTask ApplyAsync(OutgoingRequest request, CancellationToken cancellationToken) => default;
}
