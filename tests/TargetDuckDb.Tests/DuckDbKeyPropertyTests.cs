namespace TargetDuckDb.Tests;

public sealed class DuckDbKeyPropertyTests() : KeyPropertyTests(new DuckDbDatabase());
