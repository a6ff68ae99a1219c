using System.Text.RegularExpressions;

namespace StandardTargetTests;

/// <summary>target-postgres or target-duckdb run as a process, as a Meltano user would with <c>primary_key_required: false</c>.</summary>
public sealed partial class WarehouseStandardTarget(string name, WarehouseDatabase database, JsonObject config) : IStandardTarget
{
    private bool _initialized;

    public string Name => name;

    public async Task<TargetRun> RunAsync(string stream)
    {
        if (!_initialized)
        {
            await database.InitializeAsync();
            _initialized = true;
        }
        var result = await database.LoadAsync(stream, config);
        return StandardRun.FromProcess(result);
    }

    public async Task<IReadOnlyList<string?[]>> RowsAsync(string stream, IReadOnlyList<string> fields)
    {
        var rows = await database.TextRowsAsync(
            $"SELECT {string.Join(", ", fields.Select(f => database.Text($"\"{Identifier(f)}\"")))} FROM {database.Qualified(Identifier(stream))}");
        return rows.Select(r => r.Select(TextValue.Normalize).ToArray()).ToList();
    }

    /// <summary>The warehouse name of a stream or field: lower case, each run of other characters one underscore.</summary>
    public static string Identifier(string name) => NotWordCharacters().Replace(name.ToLowerInvariant(), "_");

    public async ValueTask DisposeAsync()
    {
        if (_initialized)
        {
            await database.DisposeAsync();
        }
    }

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NotWordCharacters();
}
