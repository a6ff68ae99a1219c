using System.Text;
using Singer.Sdk;

namespace Warehouse;

/// <summary>
/// How a warehouse stores the names it is given: how many bytes of one it keeps, and whether it tells names apart by
/// case. A name the database would cut short is refused before the first run (PostgreSQL creates a 70-byte schema
/// under its first 63 bytes, and the next run, looking for the full name, fails); names are looked up the way the
/// database compares them (DuckDB's schema "Sales" is the existing "sales").
/// </summary>
public sealed record IdentifierRules(int MaxBytes, bool IgnoresCase)
{
    /// <summary>NAMEDATALEN - 1; quoted names keep their case.</summary>
    public static IdentifierRules PostgreSql { get; } = new(63, IgnoresCase: false);

    /// <summary>127 bytes; names are folded to lower case, quoted or not (enable_case_sensitive_identifier is off by default).</summary>
    public static IdentifierRules Redshift { get; } = new(127, IgnoresCase: true);

    /// <summary>No length limit; names keep the case they were created with but are compared without it.</summary>
    public static IdentifierRules DuckDb { get; } = new(int.MaxValue, IgnoresCase: true);

    /// <summary>Compares names as the database does.</summary>
    public StringComparer Comparer => IgnoresCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>Refuses a name from the config (a schema) the database would not store as given.</summary>
    public void CheckConfigured(string key, string name)
    {
        var bytes = Encoding.UTF8.GetByteCount(name);
        var problem = name.Length == 0 ? "is empty"
            : name.Contains('\0', StringComparison.Ordinal) ? "holds a NUL character"
            : bytes > MaxBytes ? $"is {bytes} bytes, and the database keeps only the first {MaxBytes} of a name; choose a shorter one"
            : null;
        if (problem is not null)
        {
            throw new ConfigurationException($"config key '{key}': schema name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' {problem}");
        }
    }
}
