global using System.Text.Json.Nodes;
global using FluentAssertions;
global using SingerNet.Tests;
global using SingerNet.Tests.Warehouse;
global using Xunit;
