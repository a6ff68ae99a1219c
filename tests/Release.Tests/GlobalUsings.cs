global using System.Text.Json.Nodes;
global using FluentAssertions;
global using SingerNet.Tests;
global using Xunit;
