using Singer.Sdk;
using YamlDotNet.RepresentationModel;

namespace SingerRun.Project;

/// <summary>
/// The common subset of a Meltano project file (<c>meltano.yml</c>) singer-run runs: extractors and loaders (name,
/// executable, config, select, metadata, capabilities, catalog, settings, inherit_from), <c>state_backend.uri</c>, and
/// the pipelines of <c>jobs:</c> and <c>schedules:</c>. Keys that only install or describe a plugin are ignored; any
/// other key is warned about, one line naming it, so nothing the file says is dropped silently.
/// </summary>
internal sealed class MeltanoProject
{
    private static readonly HashSet<string> TopLevel = ["version", "plugins", "state_backend", "jobs", "schedules"];

    /// <summary>Meltano keys with no effect on a run (telemetry, installation, the UI).</summary>
    private static readonly HashSet<string> TopLevelIgnored =
        ["project_id", "send_anonymous_usage_stats", "default_environment", "database_uri", "venv", "python", "cli", "ui", "hub_url", "hub_url_auth", "snowplow", "ff", "experimental"];

    private static readonly HashSet<string> PluginKeys = ["name", "executable", "config", "select", "metadata", "capabilities", "catalog", "settings", "inherit_from"];

    private static readonly HashSet<string> PluginIgnored =
        ["pip_url", "variant", "namespace", "docs", "repo", "label", "logo_url", "description", "settings_group_validation", "python", "maintenance_status", "keywords", "domain_url", "hidden", "quality", "ext_repo", "requires", "update"];

    private static readonly HashSet<string> PluginKinds = ["extractors", "loaders"];

    private static readonly HashSet<string> OtherPluginKinds = ["transformers", "mappers", "utilities", "orchestrators", "files", "transforms", "models", "dashboards"];

    private MeltanoProject(string path) => Path = path;

    /// <summary>The project file's full path.</summary>
    public string Path { get; }

    /// <summary>The folder the project file is in: relative executables and the <c>.singer/</c> folder are there.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public Dictionary<string, ProjectPlugin> Extractors { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ProjectPlugin> Loaders { get; } = new(StringComparer.Ordinal);

    public string? StateBackendUri { get; private set; }

    /// <summary>Every pipeline of the jobs and schedules, each once, in the order the file names them.</summary>
    public List<ProjectPipeline> Pipelines { get; } = [];

    public static MeltanoProject Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ConfigurationException($"project file '{path}' not found (give --project PATH, default ./meltano.yml)");
        }
        var project = new MeltanoProject(full);
        project.Read(YamlValues.LoadMapping(File.ReadAllText(full), System.IO.Path.GetFileName(full)));
        return project;
    }

    private void Read(YamlMappingNode root)
    {
        WarnUnknown(root, "", TopLevel, TopLevelIgnored);
        if (YamlValues.Get(root, "plugins") is YamlMappingNode plugins)
        {
            WarnUnknown(plugins, "plugins.", PluginKinds, OtherPluginKinds);
            ReadPlugins(plugins, "extractors", Extractors);
            ReadPlugins(plugins, "loaders", Loaders);
        }
        if (YamlValues.Get(root, "state_backend") is YamlMappingNode backend)
        {
            WarnUnknown(backend, "state_backend.", ["uri"], []);
            StateBackendUri = YamlValues.Text(YamlValues.Get(backend, "uri"), "state_backend.uri");
        }
        var jobs = ReadJobs(YamlValues.Get(root, "jobs"));
        ReadSchedules(YamlValues.Get(root, "schedules"), jobs);
    }

    private void ReadPlugins(YamlMappingNode plugins, string kind, Dictionary<string, ProjectPlugin> into)
    {
        if (YamlValues.Get(plugins, kind) is not YamlSequenceNode list)
        {
            return;
        }
        var raw = new List<(string Name, YamlMappingNode Node)>();
        foreach (var item in list)
        {
            if (item is not YamlMappingNode node || YamlValues.Text(YamlValues.Get(node, "name"), $"plugins.{kind}[].name") is not { Length: > 0 } name)
            {
                throw new ConfigurationException($"plugins.{kind}: every plugin needs a name (line {item.Start.Line})");
            }
            WarnUnknown(node, $"plugins.{kind}[{name}].", PluginKeys, PluginIgnored);
            raw.Add((name, node));
        }
        foreach (var (name, _) in raw)
        {
            into[name] = Resolve(kind, name, raw, 0);
        }
    }

    /// <summary>A plugin with its <c>inherit_from</c> parent (of the same kind in this file) under it: the parent's config and extras, the child's on top.</summary>
    private static ProjectPlugin Resolve(string kind, string name, List<(string Name, YamlMappingNode Node)> raw, int depth)
    {
        var node = raw.First(p => p.Name == name).Node;
        var where = $"plugins.{kind}[{name}]";
        ProjectPlugin? parent = null;
        if (YamlValues.Text(YamlValues.Get(node, "inherit_from"), where + ".inherit_from") is { } parentName)
        {
            if (depth > 10 || !raw.Exists(p => p.Name == parentName))
            {
                throw new ConfigurationException($"{where}.inherit_from: '{parentName}' is not {(kind == "extractors" ? "an extractor" : "a loader")} of this project (singer-run does not read Meltano Hub definitions)");
            }
            parent = Resolve(kind, parentName, raw, depth + 1);
        }
        var config = new Dictionary<string, object?>(parent?.Config ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(node, "config", where))
        {
            config[key] = value;
        }
        var settings = new Dictionary<string, ProjectSetting>(parent?.Settings.ToDictionary() ?? [], StringComparer.Ordinal);
        foreach (var setting in ReadSettings(node, where))
        {
            settings[setting.Name] = setting;
        }
        return new ProjectPlugin(
            kind[..^1],
            name,
            YamlValues.Text(YamlValues.Get(node, "executable"), where + ".executable") ?? parent?.Executable ?? name,
            config,
            Strings(node, "select", where) ?? parent?.Select,
            YamlValues.Get(node, "metadata") is null ? parent?.Metadata ?? [] : Mapping(node, "metadata", where),
            Strings(node, "capabilities", where) ?? parent?.Capabilities,
            YamlValues.Text(YamlValues.Get(node, "catalog"), where + ".catalog") ?? parent?.Catalog,
            settings);
    }

    private static IEnumerable<ProjectSetting> ReadSettings(YamlMappingNode node, string where)
    {
        if (YamlValues.Get(node, "settings") is not YamlSequenceNode list)
        {
            yield break;
        }
        foreach (var item in list.OfType<YamlMappingNode>())
        {
            var values = YamlValues.ToDictionary(item);
            if (values.GetValueOrDefault("name") is string name)
            {
                var kind = values.GetValueOrDefault("kind") as string;
                yield return new ProjectSetting(name, kind, kind is "password" || values.GetValueOrDefault("sensitive") is true);
            }
        }
    }

    private static Dictionary<string, object?> Mapping(YamlMappingNode node, string key, string where) => YamlValues.Get(node, key) switch
    {
        null => [],
        YamlMappingNode mapping => YamlValues.ToDictionary(mapping),
        YamlScalarNode scalar when YamlValues.ToValue(scalar) is null => [],
        _ => throw new ConfigurationException($"{where}.{key} must be a mapping"),
    };

    private static List<string>? Strings(YamlMappingNode node, string key, string where) => YamlValues.Get(node, key) switch
    {
        null => null,
        YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) => [.. list.Children.Select(c => ((YamlScalarNode)c).Value ?? "")],
        _ => throw new ConfigurationException($"{where}.{key} must be a list of strings"),
    };

    /// <summary>Job name → its pipelines.</summary>
    private Dictionary<string, List<ProjectPipeline>> ReadJobs(YamlNode? node)
    {
        var jobs = new Dictionary<string, List<ProjectPipeline>>(StringComparer.Ordinal);
        if (node is not YamlSequenceNode list)
        {
            return jobs;
        }
        foreach (var job in list.OfType<YamlMappingNode>())
        {
            var name = YamlValues.Text(YamlValues.Get(job, "name"), "jobs[].name") ?? "(unnamed)";
            WarnUnknown(job, $"jobs[{name}].", ["name", "tasks"], []);
            var pipelines = new List<ProjectPipeline>();
            foreach (var task in Tasks(YamlValues.Get(job, "tasks")))
            {
                pipelines.AddRange(Pairs(task, $"job '{name}'"));
            }
            jobs[name] = pipelines;
            pipelines.ForEach(Add);
        }
        return jobs;
    }

    /// <summary>A job's tasks: a string, or a list of strings and lists of strings (each string a run of blocks).</summary>
    private static IEnumerable<string> Tasks(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode list => list.Children.SelectMany(Tasks),
        _ => [],
    };

    /// <summary>The pipelines of one task string: blocks taken two at a time, an extractor then a loader.</summary>
    private IEnumerable<ProjectPipeline> Pairs(string task, string source)
    {
        var blocks = task.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < blocks.Length; i += 2)
        {
            if (i + 1 < blocks.Length && Extractors.ContainsKey(blocks[i]) && Loaders.ContainsKey(blocks[i + 1]))
            {
                yield return new ProjectPipeline(blocks[i], blocks[i + 1], source);
                continue;
            }
            yield return new ProjectPipeline(blocks[i], i + 1 < blocks.Length ? blocks[i + 1] : "", source,
                $"{source}: task '{task}' is not a run of EXTRACTOR LOADER pairs of this project (mappers, commands and other plugins are not run by singer-run)");
            yield break;
        }
    }

    private void ReadSchedules(YamlNode? node, Dictionary<string, List<ProjectPipeline>> jobs)
    {
        if (node is not YamlSequenceNode list)
        {
            return;
        }
        foreach (var schedule in list.OfType<YamlMappingNode>())
        {
            var name = YamlValues.Text(YamlValues.Get(schedule, "name"), "schedules[].name") ?? "(unnamed)";
            // The interval is the orchestrator's business (a CronJob's schedule, an Airflow DAG's): singer-run runs what it is given now.
            WarnUnknown(schedule, $"schedules[{name}].", ["name", "job", "extractor", "loader", "transform"], ["interval", "cron_interval", "start_date"]);
            if (YamlValues.Text(YamlValues.Get(schedule, "transform"), "transform") is { } transform && transform != "skip")
            {
                Log.Warning($"{System.IO.Path.GetFileName(Path)}: schedules[{name}].transform '{transform}' is not run by singer-run (only the extract and load)");
            }
            if (YamlValues.Text(YamlValues.Get(schedule, "job"), "job") is { } job)
            {
                if (!jobs.ContainsKey(job))
                {
                    Add(new ProjectPipeline(job, "", $"schedule '{name}'", $"schedule '{name}': job '{job}' is not in jobs:"));
                }
                continue;
            }
            var extractor = YamlValues.Text(YamlValues.Get(schedule, "extractor"), "extractor");
            var loader = YamlValues.Text(YamlValues.Get(schedule, "loader"), "loader");
            if (extractor is null || loader is null)
            {
                Log.Warning($"{System.IO.Path.GetFileName(Path)}: schedules[{name}] names neither a job nor an extractor and a loader; ignored");
                continue;
            }
            Add(Extractors.ContainsKey(extractor) && Loaders.ContainsKey(loader)
                ? new ProjectPipeline(extractor, loader, $"schedule '{name}'")
                : new ProjectPipeline(extractor, loader, $"schedule '{name}'", $"schedule '{name}': '{extractor}' or '{loader}' is not an extractor/loader of this project"));
        }
    }

    private void Add(ProjectPipeline pipeline)
    {
        if (!Pipelines.Exists(p => p.Extractor == pipeline.Extractor && p.Loader == pipeline.Loader))
        {
            Pipelines.Add(pipeline);
        }
    }

    private void WarnUnknown(YamlMappingNode node, string prefix, HashSet<string> known, HashSet<string> ignored)
    {
        foreach (var key in node.Children.Keys.Select(YamlValues.Key))
        {
            if (!known.Contains(key) && !ignored.Contains(key))
            {
                Log.Warning($"{System.IO.Path.GetFileName(Path)}: key '{prefix}{key}' is not supported by singer-run and is ignored");
            }
        }
    }
}
