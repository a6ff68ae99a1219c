namespace Singer.Sdk.Tests.Support;

/// <summary>Fixture files as copied next to the test assembly (the csproj links tests/Fixtures/** there).</summary>
internal static class FixturePaths
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PythonTapMySql(string name) => Path.Combine(Root, "python-tap-mysql", name);

    public static string Golden(string name) => Path.Combine(Root, "golden", name);

    /// <summary>Every Singer stream the Python tap-mysql produced, for tests that must hold for all of them.</summary>
    public static IEnumerable<string> PythonSingerFiles =>
        Directory.EnumerateFiles(Path.Combine(Root, "python-tap-mysql"), "*.singer").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
}
