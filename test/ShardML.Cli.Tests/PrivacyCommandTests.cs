namespace ShardML.Cli.Tests;

/// <summary><c>shardml privacy</c>: plan a budget without training, with the numbers Opacus publishes for the same plans.</summary>
public sealed class PrivacyCommandTests
{
    [Fact]
    public async Task Epsilon_with_rdp_gives_opacus_epsilon_and_the_order_as_one_json_document()
    {
        // opacus/tests/accountants_test.py @ 4d0ebc8, test_rdp_accountant: 7.32911117143.
        var run = await CliRun.RunAsync("privacy", "epsilon", "--noise-multiplier", "1.5", "--sample-rate", "0.04", "--steps", "2250", "--delta", "1e-5", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var json = run.Json();
        Assert.Equal("rdp", json.GetProperty("accountant").GetString());
        Assert.Equal(7.32911117143, json.GetProperty("epsilon").GetDouble(), 7);
        Assert.Equal(3.9, json.GetProperty("order").GetDouble());
        Assert.Equal(1.5, json.GetProperty("noiseMultiplier").GetDouble());
        Assert.Equal(0.04, json.GetProperty("sampleRate").GetDouble());
        Assert.Equal(2250, json.GetProperty("steps").GetInt64());
        Assert.Equal(1e-5, json.GetProperty("delta").GetDouble());
        Assert.Contains("at δ = 1e-05 (RDP, at order α = 3.9) for 2,250 steps of σ = 1.5 at q = 0.04", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Epsilon_with_prv_gives_opacus_epsilon_and_no_order()
    {
        // opacus/tests/accountants_test.py @ 4d0ebc8, test_prv_accountant: 2,249 steps → 6.777395712150674.
        var run = await CliRun.RunAsync("privacy", "epsilon", "-s", "1.5", "-q", "0.04", "-T", "2249", "--delta", "1e-5", "--accountant", "prv", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var json = run.Json();
        Assert.Equal("prv", json.GetProperty("accountant").GetString());
        Assert.Equal(6.777395712150674, json.GetProperty("epsilon").GetDouble(), 7);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("order").ValueKind);
    }

    [Fact]
    public async Task Without_json_stdout_is_empty_and_the_answer_is_on_stderr()
    {
        var run = await CliRun.RunAsync("privacy", "epsilon", "-s", "1.5", "-q", "0.04", "-T", "2250", "--delta", "1e-5");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.StandardOutput);
        Assert.Contains("7.32911", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    // opacus/tests/accountants_test.py @ 4d0ebc8, test_get_noise_multiplier_rdp_epochs and _prv_steps (4 places).
    [InlineData("rdp", "2250", 1.416)]
    [InlineData("prv", "2000", 1.2915)]
    public async Task Noise_gives_opacus_noise_multiplier_within_the_budget(string accountant, string steps, double expected)
    {
        var run = await CliRun.RunAsync("privacy", "noise", "--epsilon", "8", "--delta", "1e-5", "--sample-rate", "0.04", "--steps", steps, "--accountant", accountant, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var json = run.Json();
        Assert.Equal(expected, json.GetProperty("noiseMultiplier").GetDouble(), 4);
        Assert.InRange(json.GetProperty("epsilon").GetDouble(), 8 - 0.01, 8);
        Assert.Equal(8, json.GetProperty("targetEpsilon").GetDouble());
        Assert.Equal(accountant, json.GetProperty("accountant").GetString());
        Assert.Equal(accountant == "rdp", json.GetProperty("order").ValueKind == System.Text.Json.JsonValueKind.Number);
        Assert.True(json.GetProperty("lowerNoiseMultiplier").GetDouble() < json.GetProperty("noiseMultiplier").GetDouble());
    }

    [Theory]
    [InlineData("epsilon", "--sample-rate", "1.5", "--sample-rate must be in (0, 1]")]
    [InlineData("epsilon", "--sample-rate", "0", "--sample-rate must be in (0, 1]")]
    [InlineData("epsilon", "--delta", "1", "--delta must be in (0, 1)")]
    [InlineData("epsilon", "--delta", "0", "--delta must be in (0, 1)")]
    [InlineData("epsilon", "--noise-multiplier", "0", "--noise-multiplier must be a finite number > 0")]
    [InlineData("epsilon", "--noise-multiplier", "-2", "--noise-multiplier must be a finite number > 0")]
    [InlineData("epsilon", "--steps", "0", "--steps must be at least 1")]
    [InlineData("noise", "--epsilon", "0", "--epsilon must be a finite number > 0")]
    [InlineData("noise", "--epsilon", "-1", "--epsilon must be a finite number > 0")]
    [InlineData("noise", "--steps", "-5", "--steps must be at least 1")]
    public async Task A_value_outside_its_range_is_a_usage_error_naming_the_flag(string command, string option, string value, string message)
    {
        var values = new Dictionary<string, string>
        {
            ["--noise-multiplier"] = "1.5", ["--epsilon"] = "8", ["--sample-rate"] = "0.04", ["--steps"] = "100", ["--delta"] = "1e-5",
        };
        values[option] = value;
        var first = command == "epsilon" ? "--noise-multiplier" : "--epsilon";
        var run = await CliRun.RunAsync(
            "privacy", command, first, values[first], "--sample-rate", values["--sample-rate"], "--steps", values["--steps"], "--delta", values["--delta"], "--json");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
        var error = run.Json().GetProperty("error");
        Assert.Equal("usage", error.GetProperty("kind").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_target_is_a_usage_error_that_says_why()
    {
        var run = await CliRun.RunAsync("privacy", "noise", "--epsilon", "0.01", "--delta", "1e-5", "--sample-rate", "0.5", "--steps", "100000");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("the budget is too small", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_accountant_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("privacy", "epsilon", "-s", "1", "-q", "0.5", "-T", "10", "--delta", "1e-5", "--accountant", "gdp", "--json");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("usage", run.Json().GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_plan_too_large_for_prv_is_a_usage_error_that_points_to_rdp()
    {
        var run = await CliRun.RunAsync("privacy", "epsilon", "-s", "0.3", "-q", "1", "-T", "1000000", "--delta", "1e-5", "--accountant", "prv");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("use the RDP accountant", run.StandardError, StringComparison.Ordinal);
    }
}
