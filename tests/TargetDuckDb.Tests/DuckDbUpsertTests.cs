namespace TargetDuckDb.Tests;

public sealed class DuckDbUpsertTests() : UpsertTests(new DuckDbDatabase());
