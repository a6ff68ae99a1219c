namespace TargetDuckDb.Tests;

public sealed class DuckDbMetadataColumnsTests() : MetadataColumnsTests(new DuckDbDatabase());
