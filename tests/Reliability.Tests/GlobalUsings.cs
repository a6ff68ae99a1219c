global using System.Text.Json.Nodes;
global using FluentAssertions;
global using SingerNet.Tests;
global using SingerNet.Tests.Warehouse;
global using TapMysql.Tests;
global using TargetDuckDb.Tests;
global using TargetPostgres.Tests;
global using Xunit;
