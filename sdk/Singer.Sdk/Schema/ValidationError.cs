namespace Singer.Sdk;

/// <summary>Why a value breaks its schema; <see cref="Path"/> is the field ("address.city", "tags[2]").</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"field '{Path}': {Message}";
}
