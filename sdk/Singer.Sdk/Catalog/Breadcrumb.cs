namespace Singer.Sdk;

/// <summary>
/// The path a metadata entry applies to: <c>[]</c> for the stream, <c>["properties", "col"]</c> for a
/// column, <c>["properties", "a", "properties", "b"]</c> for a nested one.
/// </summary>
public readonly struct Breadcrumb : IEquatable<Breadcrumb>
{
    private readonly string[]? _parts;

    public Breadcrumb(IEnumerable<string> parts) => _parts = parts.ToArray();

    public static Breadcrumb Stream => default;

    public static Breadcrumb Property(params string[] path) =>
        new(path.SelectMany(p => new[] { "properties", p }));

    public IReadOnlyList<string> Parts => _parts ?? [];

    public bool IsStream => Parts.Count == 0;

    /// <summary>The breadcrumb of the enclosing object: one property level up.</summary>
    public Breadcrumb Parent => Parts.Count >= 2 ? new Breadcrumb(Parts.Take(Parts.Count - 2)) : Stream;

    /// <summary>The column name for a top-level property breadcrumb, else null.</summary>
    public string? PropertyName => Parts.Count == 2 && Parts[0] == "properties" ? Parts[1] : null;

    public bool Equals(Breadcrumb other) => Parts.SequenceEqual(other.Parts, StringComparer.Ordinal);

    public override bool Equals(object? obj) => obj is Breadcrumb other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in Parts)
        {
            hash.Add(part, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    public static bool operator ==(Breadcrumb left, Breadcrumb right) => left.Equals(right);

    public static bool operator !=(Breadcrumb left, Breadcrumb right) => !left.Equals(right);

    public override string ToString() => "[" + string.Join(", ", Parts.Select(p => $"\"{p}\"")) + "]";
}
