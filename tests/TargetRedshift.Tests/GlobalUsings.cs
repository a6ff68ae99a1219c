global using FluentAssertions;
global using Xunit;
global using SingerNet.Tests;
