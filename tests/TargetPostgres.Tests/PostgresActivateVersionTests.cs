namespace TargetPostgres.Tests;

public sealed class PostgresActivateVersionTests() : ActivateVersionTests(new PostgresDatabase());
