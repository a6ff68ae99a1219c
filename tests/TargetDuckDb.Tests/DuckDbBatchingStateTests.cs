namespace TargetDuckDb.Tests;

public sealed class DuckDbBatchingStateTests() : BatchingStateTests(new DuckDbDatabase());
