namespace Singer.Sdk;

/// <summary>The JSON Schema <c>type</c> keyword as flags; <see cref="None"/> means "any type".</summary>
[Flags]
public enum JsonTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Integer = 4,
    Number = 8,
    String = 16,
    Object = 32,
    Array = 64,
}
