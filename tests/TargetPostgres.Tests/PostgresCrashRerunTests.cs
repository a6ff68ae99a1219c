namespace TargetPostgres.Tests;

public sealed class PostgresCrashRerunTests() : CrashRerunTests(new PostgresDatabase());
