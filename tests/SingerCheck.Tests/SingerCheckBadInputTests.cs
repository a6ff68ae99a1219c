using SingerNet.Tests;

namespace SingerCheck.Tests;

/// <summary>singer-check on the bad-input corpus: one line, exit 1, for every case.</summary>
public sealed class SingerCheckBadInputTests : BadInputCorpusTests
{
    protected override bool PrintsStates => false;

    protected override Task<ProcessResult> RunAsync(string casePath) => Executable.RunAsync("singer-check", [casePath], timeout: Timeout);

    protected override Task<long[]?> LoadedIdsAsync() => Task.FromResult<long[]?>(null);
}
