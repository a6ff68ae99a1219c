global using FluentAssertions;
global using SingerNet.Tests;
global using Xunit;
