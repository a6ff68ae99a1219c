namespace TargetDuckDb.Tests;

public sealed class DuckDbActivateVersionTests() : ActivateVersionTests(new DuckDbDatabase());
