using TapMysql.LogBased;

namespace TapMysql.Tests;

/// <summary>Which logged statements count as a change of a LOG_BASED stream's table.</summary>
public sealed class LogBasedDdlStatementTests
{
    [Theory]
    [InlineData("ALTER TABLE t ADD COLUMN b INT", "shop", true)]
    [InlineData("ALTER TABLE `t` DROP COLUMN b", "shop", true)]
    [InlineData("alter table shop.t modify a varchar(9)", "other", true)]
    [InlineData("ALTER TABLE `shop`.`t` ADD b INT", "", true)]
    [InlineData("RENAME TABLE t TO t_old", "shop", true)]
    [InlineData("/* comment */ DROP TABLE IF EXISTS `t`", "shop", true)]
    [InlineData("CREATE TABLE t (id INT)", "other", false)]
    [InlineData("ALTER TABLE other.t ADD b INT", "shop", false)]
    [InlineData("ALTER TABLE tt ADD b INT", "shop", false)]
    [InlineData("ALTER TABLE t_2 ADD b INT", "shop", false)]
    [InlineData("ALTER TABLE `t` ADD b INT", "shop", true)]
    public void Mentions_TableOfDatabase_OnlyWhenItIsThatTable(string sql, string statementDatabase, bool expected)
    {
        DdlStatement.IsSchemaChange(sql).Should().BeTrue();
        DdlStatement.Mentions(sql, statementDatabase, "shop", "t").Should().Be(expected);
    }

    [Theory]
    [InlineData("BEGIN", false)]
    [InlineData("INSERT INTO t VALUES (1)", false)]
    [InlineData("  create table x (id int)", true)]
    public void IsSchemaChange_StatementKinds(string sql, bool expected) => DdlStatement.IsSchemaChange(sql).Should().Be(expected);

    [Theory]
    [InlineData("ALTER TABLE `ta``ble` ADD b INT", "ta`ble", true)]
    [InlineData("ALTER TABLE `we``ird`.`ta``ble` ADD b INT", "ta`ble", true)]
    [InlineData("ALTER TABLE ta`ble ADD b INT", "ta`ble", true)]
    [InlineData("ALTER TABLE `ta``bl` ADD b INT", "ta`ble", false)]
    public void Mentions_NameWithBackquote_QuotedWithTheBackquoteDoubled(string sql, string table, bool expected) =>
        DdlStatement.Mentions(sql, "we`ird", "we`ird", table).Should().Be(expected);

    [Theory]
    [InlineData("INSERT INTO t VALUES (1)", true)]
    [InlineData("/* x */ update t set a=1", true)]
    [InlineData("DELETE FROM t", true)]
    [InlineData("REPLACE INTO t VALUES (1)", true)]
    [InlineData("LOAD DATA INFILE 'f' INTO TABLE t", true)]
    [InlineData("ALTER TABLE t ADD b INT", false)]
    [InlineData("BEGIN", false)]
    public void IsRowChange_StatementKinds(string sql, bool expected) => DdlStatement.IsRowChange(sql).Should().Be(expected);

    [Fact]
    public void IsTruncate_TruncateTable_True() => DdlStatement.IsTruncate("TRUNCATE TABLE t").Should().BeTrue();
}
