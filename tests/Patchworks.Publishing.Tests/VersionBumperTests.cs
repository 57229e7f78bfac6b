using Patchworks.Core.Publishing;

namespace Patchworks.Publishing.Tests;

/// <summary>--bump moves version.number and the "Version N" / "vN" naming it in version.name, and no other digit.</summary>
public sealed class VersionBumperTests
{
    [Theory]
    [InlineData(1, "Version 1 - Admin API (Shopware 6.5/6.6)", "Version 2 - Admin API (Shopware 6.5/6.6)")]
    [InlineData(1, "Version 1 - Admin API 2024-10", "Version 2 - Admin API 2024-10")]
    [InlineData(3, "v3 (REST API v1.2.0)", "v4 (REST API v1.2.0)")]
    [InlineData(1, "Version 1 - SuiteTalk REST (record v1, SuiteQL)", "Version 2 - SuiteTalk REST (record v1, SuiteQL)")]
    [InlineData(2, "Release 1.4.2", "Release 1.4.2")]
    [InlineData(1, "Integration Service v4 (SOAP)", "Integration Service v4 (SOAP)")]
    [InlineData(4, "Admin API v4.1", "Admin API v4.1")]
    public void Only_the_version_naming_the_number_moves(int number, string name, string expected)
    {
        foreach (var bump in new[] { VersionBump.Patch, VersionBump.Minor, VersionBump.Major })
        {
            Assert.Equal((number + 1, expected), VersionBumper.Next(number, name, bump));
        }
    }

    [Fact]
    public void Without_a_name_only_the_number_moves() => Assert.Equal((8, (string?)null), VersionBumper.Next(7, null, VersionBump.Major));
}
