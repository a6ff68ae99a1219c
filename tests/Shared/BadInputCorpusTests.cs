using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests;

/// <summary>
/// Runs an executable that reads Singer input on every case of <c>tests/Fixtures/bad/</c> (see the README there). Each
/// case starts with two good records of stream <c>good</c> and their STATE (lines 1–4); what follows is bad. A
/// rejected case must give one line on stderr naming the line, a non-zero exit, no stack trace, within a bounded time,
/// and — for a target — the two good records loaded and their STATE the last one printed. A case in <c>accepted/</c>
/// loads (or passes) whole.
/// </summary>
public abstract partial class BadInputCorpusTests : IAsyncLifetime
{
    /// <summary>The state of the good prefix, as a target prints it.</summary>
    protected const string StateBeforeBadLine = """{"bookmarks":{"good":{"id":2}}}""";

    // Read where it lives in the repository, so no test project has to copy it.
    private static readonly string Folder = Path.Combine(Executable.RepoRoot, "tests", "Fixtures", "bad");

    public static TheoryData<string> RejectedCases => Cases(Folder);

    public static TheoryData<string> AcceptedCases => Cases(Path.Combine(Folder, "accepted"));

    /// <summary>The ids of stream <c>good</c> each accepted case loads.</summary>
    private static readonly Dictionary<string, long[]> AcceptedIds = new(StringComparer.Ordinal)
    {
        ["blank-and-crlf-lines"] = [1, 2, 3],
        ["duplicate-keys"] = [1, 2, 3, 4], // the last of a repeated key wins: {"id": 3, "id": 4} is id 4
        ["quoted-identifiers"] = [1, 2, 3],
        ["unknown-message-type"] = [1, 2, 3],
        ["missing-key-property"] = [1, 2, 3], // where the executable takes records without keys
        ["null-key-property"] = [1, 2, 3],
        ["extra-property-not-in-schema"] = [1, 2, 3], // the property no SCHEMA declares is not loaded
        ["schema-repeated"] = [1, 2, 3],
        ["escaped-unicode"] = [1, 2, 3],
        ["version-and-time-extracted"] = [1, 2, 3],
        ["unicode-identifiers"] = [1, 2, 3], // and one row in the table of stream café_日本
        ["integer-of-5000-digits"] = [1, 2, 3], // where taken whole (the 5,000-digit id is not a long, so not listed)
    };

    /// <summary>Rejected cases this executable takes by design (target-s3 loads records without key values).</summary>
    protected virtual IReadOnlySet<string> AcceptedHere { get; } = new HashSet<string>();

    /// <summary>Runs the executable on the case file (stdin or argument), bounded in time.</summary>
    protected abstract Task<ProcessResult> RunAsync(string casePath);

    /// <summary>The ids of stream <c>good</c> now loaded, in order; null for an executable that loads nothing.</summary>
    protected abstract Task<long[]?> LoadedIdsAsync();

    /// <summary>True for a target: it prints STATE lines on stdout.</summary>
    protected virtual bool PrintsStates => true;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(RejectedCases))]
    public async Task Run_BadInput_OneLineNonZeroExitEarlierDataKept(string name)
    {
        var run = await RunAsync(Path.Combine(Folder, name + ".singer"));

        run.Stderr.Should().NotContain("   at ", "no stack trace for bad input");
        if (AcceptedHere.Contains(name))
        {
            await ShouldHaveLoadedWholeAsync(run, name);
            return;
        }
        run.ExitCode.Should().Be(1, run.Stderr);
        ErrorLines(run).Should().ContainSingle().Which.Should().MatchRegex(@"^(CRITICAL )?line [0-9]+: \S", run.Stderr);
        if (PrintsStates)
        {
            run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(StateBeforeBadLine);
        }
        if (await LoadedIdsAsync() is { } ids)
        {
            ids.Should().Equal(1, 2);
        }
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public async Task Run_AcceptedOddInput_LoadsWhole(string name)
    {
        var run = await RunAsync(Path.Combine(Folder, "accepted", name + ".singer"));

        await ShouldHaveLoadedWholeAsync(run, name);
    }

    /// <summary>Large but legitimate input, made at test time (too big to keep in the repository).</summary>
    public static TheoryData<string> LargeCases => ["line-100mb", "columns-1000", "streams-500", "schema-repeated-100000"];

    [Theory]
    [MemberData(nameof(LargeCases))]
    public async Task Run_LargeInput_LoadsWhole(string name)
    {
        var run = await RunAsync(LargeCase.Path(name));

        run.ExitCode.Should().Be(0, run.Stderr.Length > 2000 ? run.Stderr[..2000] : run.Stderr);
        ErrorLines(run).Should().BeEmpty();
        if (await LoadedIdsAsync() is { } ids)
        {
            ids.Should().Equal(1, 2, 3);
        }
    }

    private async Task ShouldHaveLoadedWholeAsync(ProcessResult run, string name)
    {
        run.ExitCode.Should().Be(0, run.Stderr);
        ErrorLines(run).Should().BeEmpty();
        run.Stderr.Should().NotContain("   at ");
        if (await LoadedIdsAsync() is { } ids)
        {
            ids.Should().Equal(AcceptedIds[name]);
        }
    }

    /// <summary>Every stderr line that is not an ordinary log line (INFO, WARNING, DEBUG, METRIC).</summary>
    private static string[] ErrorLines(ProcessResult run) =>
        [.. run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !LogLine().IsMatch(l))];

    [GeneratedRegex("^(INFO|WARNING|DEBUG) ")]
    private static partial Regex LogLine();

    private static TheoryData<string> Cases(string folder)
    {
        var cases = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(folder, "*.singer").Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileNameWithoutExtension(file));
        }
        return cases;
    }

    /// <summary>How long any one case may take: a hang fails the test instead of the run.</summary>
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
}
