namespace TapRest.Auth;

/// <summary>One auth_method: adds what a request needs to be let in (the Meltano SDK's authenticator shape).</summary>
internal interface IRequestAuth
{
    ValueTask ApplyAsync(OutgoingRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// After a 401: drops a credential that may have been revoked, so the next <see cref="ApplyAsync"/> gets a fresh one.
    /// True when that is worth one more try (a fetched token); fixed credentials answer false and the 401 stands.
    /// </summary>
    bool Renew() => false;
}
