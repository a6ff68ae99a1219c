namespace TargetDuckDb.Tests;

public sealed class DuckDbNamingTests() : NamingTests(new DuckDbDatabase());
