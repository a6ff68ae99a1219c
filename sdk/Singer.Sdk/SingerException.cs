namespace Singer.Sdk;

/// <summary>
/// An error meant for the user: the executable's edge prints <see cref="Exception.Message"/> as one line
/// and exits with <see cref="ExitCode"/>. No stack trace unless --verbose.
/// </summary>
public class SingerException : Exception
{
    public SingerException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>1 for runtime failures, 2 for bad usage or configuration (the Singer CLI convention).</summary>
    public virtual int ExitCode => ExitCodes.RuntimeFailure;
}
