namespace TapMysql.FullTable;

/// <summary>
/// How a LOG_BASED stream's copy differs from FULL_TABLE's: it keeps <c>log_file</c>/<c>log_pos</c> in the
/// bookmark (the binlog coordinates noted before the copy), keeps its <c>version</c> afterwards for the
/// binlog's records, and never writes <c>initial_full_table_complete</c>.
/// </summary>
/// <param name="ActivateAtStart">
/// ACTIVATE_VERSION before the first row too: right for a stream's first copy (the target shows rows at
/// once); wrong for a resync, whose target still holds the earlier rows until the copy is complete.
/// </param>
/// <param name="OnCopied">Called when every row is sent, before the final STATE (to bookmark the coordinates).</param>
internal sealed record LogBasedCopy(bool ActivateAtStart, Action OnCopied);
