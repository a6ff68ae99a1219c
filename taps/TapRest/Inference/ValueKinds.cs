namespace TapRest.Inference;

/// <summary>The JSON kinds a field has been seen with; a set, so widening is a union.</summary>
[Flags]
internal enum ValueKinds
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Integer = 4,
    Number = 8,
    String = 16,
    DateTime = 32,
    Object = 64,
    Array = 128,

    /// <summary>A catalog property whose schema names no type we read: kept as given, values pass unchanged.</summary>
    Any = 256,
}
