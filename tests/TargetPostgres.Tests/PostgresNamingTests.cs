namespace TargetPostgres.Tests;

public sealed class PostgresNamingTests() : NamingTests(new PostgresDatabase());
