namespace TargetDuckDb.Tests;

public sealed class DuckDbCrashRerunTests() : CrashRerunTests(new DuckDbDatabase());
