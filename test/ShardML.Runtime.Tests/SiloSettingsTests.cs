using ShardML.Runtime.Hosting;

namespace ShardML.Runtime.Tests;

public sealed class SiloSettingsTests
{
    [Fact]
    public void The_embedded_silo_always_gets_two_different_ports()
    {
        // Ports asked for one after the other could coincide, and the embedded silo then refused to start (seen in CI).
        for (var i = 0; i < 10_000; i++)
        {
            var settings = ShardSilo.Embedded();

            Assert.NotEqual(settings.SiloPort, settings.GatewayPort);
            Assert.Null(settings.Validate());
        }
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Null(new SiloSettings().Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_revival_interval_that_is_not_positive_is_refused_with_a_reason(int seconds)
    {
        var problem = new SiloSettings { ReviveOrphansEvery = TimeSpan.FromSeconds(seconds) }.Validate();

        Assert.NotNull(problem);
        Assert.Contains("orphaned jobs", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Building_a_silo_with_invalid_settings_fails_before_anything_starts()
    {
        var error = Assert.Throws<ArgumentException>(() => ShardSilo.Build(new SiloSettings { ReviveOrphansEvery = TimeSpan.Zero }, [], null));

        Assert.Contains("orphaned jobs", error.Message, StringComparison.Ordinal);
    }
}
