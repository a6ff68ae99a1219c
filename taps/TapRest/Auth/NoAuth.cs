namespace TapRest.Auth;

/// <summary>auth_method no_auth: requests go as they are.</summary>
internal sealed class NoAuth : IRequestAuth
{
    public void Apply(IDictionary<string, string> headers)
    {
    }
}
