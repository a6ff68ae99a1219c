namespace SingerRun.Project;

/// <summary>An extractor or loader of a project, its <c>inherit_from</c> resolved; config values as written (not yet expanded).</summary>
internal sealed record ProjectPlugin(
    string Kind,
    string Name,
    string Executable,
    Dictionary<string, object?> Config,
    IReadOnlyList<string>? Select,
    Dictionary<string, object?> Metadata,
    IReadOnlyList<string>? Capabilities,
    string? Catalog,
    IReadOnlyDictionary<string, ProjectSetting> Settings)
{
    /// <summary>Meltano's env var prefix: the name upper-cased, every other character than a letter or digit as '_'.</summary>
    public string EnvironmentPrefix => EnvironmentName(Name) + "_";

    public static string EnvironmentName(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_')]);

    /// <summary>True when the plugin declares <paramref name="capability"/>, or declares none (our executables have them all).</summary>
    public bool Can(string capability) => Capabilities is null || Capabilities.Contains(capability);
}

/// <summary>A setting declared under a plugin's <c>settings:</c>: its kind and whether its value is a secret.</summary>
internal sealed record ProjectSetting(string Name, string? Kind, bool Sensitive);

/// <summary>
/// One pipeline of a project (an extractor into a loader), from a job's task or a schedule, or a task singer-run cannot
/// run (<see cref="Problem"/> says why).
/// </summary>
internal sealed record ProjectPipeline(string Extractor, string Loader, string Source, string? Problem = null)
{
    /// <summary>Meltano's default state id without its environment: <c>&lt;extractor&gt;-to-&lt;loader&gt;</c>.</summary>
    public string StateId => $"{Extractor}-to-{Loader}";
}
