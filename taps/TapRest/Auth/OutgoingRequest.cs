namespace TapRest.Auth;

/// <summary>
/// A request about to be sent, as an authenticator sees it: most only add headers, a signer (aws) also reads the method,
/// the URL and the body it signs.
/// </summary>
internal sealed record OutgoingRequest(string Method, Uri Url, string? Body, IDictionary<string, string> Headers);
