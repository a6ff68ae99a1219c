using System.Text;

namespace TapRest.Auth;

/// <summary>auth_method basic: RFC 7617 credentials, user name and password joined by a colon, UTF-8, base64.</summary>
internal sealed class BasicAuth(string username, string password) : IRequestAuth
{
    private readonly string _value = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password));

    public ValueTask ApplyAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        request.Headers["Authorization"] = _value;
        return default;
    }
}
