using System.Diagnostics;
using Singer.Sdk;
using SingerRun.Project;
using YamlDotNet.RepresentationModel;

namespace SingerRun.Tests;

/// <summary>The project file in catalogs/ and the deploy/ examples: they parse and say what the README says.</summary>
public sealed class ShippedExamplesTests
{
    private static string Repo(params string[] path) => Path.Combine([Executable.RepoRoot, .. path]);

    [Fact]
    public void CatalogsMeltanoYml_IsTheDemoPipeline_NoWarnings()
    {
        var log = new StringWriter();
        var previous = Log.RedirectTo(log);
        MeltanoProject project;
        try
        {
            project = MeltanoProject.Load(Repo("catalogs", "meltano.yml"));
        }
        finally
        {
            Log.RedirectTo(previous);
        }

        log.ToString().Should().BeEmpty();
        project.Pipelines.Select(p => p.StateId).Should().Equal("tap-mysql-to-target-duckdb");
        project.Extractors["tap-mysql"].Executable.Should().Be("tap-mysql");
        project.Extractors["tap-mysql"].Metadata.Keys.Should().Equal("demo_shop-orders", "demo_shop-customers");
        project.Loaders["target-duckdb"].Config["default_target_schema"].Should().Be("shop");
    }

    [Theory]
    [InlineData("singer-run-indexed-job.yaml", "Job")]
    [InlineData("singer-run-cronjob.yaml", "CronJob")]
    public void KubernetesExamples_AreYamlOfTheirKind(string file, string kind)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Repo("deploy", "kubernetes", file))));
        var root = (Dictionary<string, object?>)YamlValues.ToValue(stream.Documents.Single().RootNode)!;

        root["apiVersion"].Should().Be("batch/v1");
        root["kind"].Should().Be(kind);
        if (kind == "Job")
        {
            var spec = (Dictionary<string, object?>)root["spec"]!;
            spec["completionMode"].Should().Be("Indexed");
            var container = (Dictionary<string, object?>)((List<object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)spec["template"]!)["spec"]!)["containers"]!).Single()!;
            var env = ((List<object?>)container["env"]!).Cast<Dictionary<string, object?>>().ToDictionary(e => (string)e["name"]!, e => e.GetValueOrDefault("value"));
            env["JOB_COMPLETION_COUNT"].Should().Be(spec["completions"]!.ToString());
            ((List<object?>)container["args"]!).Should().StartWith(new object?[] { "run", "--all" });
        }
    }

    [Fact]
    public async Task AirflowDag_IsValidPython()
    {
        var start = new ProcessStartInfo("python3", ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", Repo("deploy", "airflow", "singer_run_dag.py")])
        {
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var stderr = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();

        python.ExitCode.Should().Be(0, stderr);
    }
}
