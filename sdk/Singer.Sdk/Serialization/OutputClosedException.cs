namespace Singer.Sdk.Serialization;

/// <summary>
/// The reader of our stdout went away (a target died, <c>| head</c> had enough): nothing written from now on can
/// arrive, so the run stops at once and fails instead of extracting or loading for nobody.
/// </summary>
internal sealed class OutputClosedException(Exception inner) : SingerException(Text, inner)
{
    public const string Text = "output closed by the reader";

    /// <summary>EPIPE (32 on Linux and macOS): .NET reports the errno as the IOException's HResult.</summary>
    public static bool IsBrokenPipe(IOException ex) => ex.HResult == 32;
}
