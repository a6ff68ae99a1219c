namespace TargetRedshift;

/// <summary>One uploaded file: its key, the rows it holds and its size in bytes as uploaded.</summary>
internal sealed record StagedFile(string Key, int Rows, long Bytes);
