namespace TargetDuckDb.Tests;

public sealed class DuckDbReservedNamingTests() : ReservedNamingTests(new DuckDbDatabase());
