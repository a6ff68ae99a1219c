using SingerNet.Tests;

namespace SingerCheck.Tests;

/// <summary>singer-check on the bad-input corpus: one line, exit 1, for every case but an integer of 5,000 digits, which JSON Schema's integer allows.</summary>
public sealed class SingerCheckBadInputTests : BadInputCorpusTests
{
    protected override IReadOnlySet<string> AcceptedHere { get; } = new HashSet<string>(StringComparer.Ordinal) { "integer-of-5000-digits" };

    protected override bool PrintsStates => false;

    protected override Task<ProcessResult> RunAsync(string casePath) => Executable.RunAsync("singer-check", [casePath], timeout: Timeout);

    protected override Task<long[]?> LoadedIdsAsync() => Task.FromResult<long[]?>(null);
}
