namespace Singer.Sdk;

/// <summary>Process exit codes shared by every SingerNet executable (same as the Python Singer tools).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int RuntimeFailure = 1;
    public const int BadUsage = 2;
}
