namespace TapRest.Auth;

/// <summary>One auth_method: adds what a request needs to be let in (the Meltano SDK's authenticator shape).</summary>
internal interface IRequestAuth
{
    ValueTask ApplyAsync(IDictionary<string, string> headers, CancellationToken cancellationToken);
}
