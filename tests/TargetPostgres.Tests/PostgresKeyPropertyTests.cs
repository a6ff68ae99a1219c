namespace TargetPostgres.Tests;

public sealed class PostgresKeyPropertyTests() : KeyPropertyTests(new PostgresDatabase());
