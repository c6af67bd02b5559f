using ShardML.Core.Execution;
using ShardML.Runtime.Jobs;

namespace ShardML.Runtime.Tests;

public sealed class ChaosKillPlanTests
{
    [Theory]
    [InlineData("iteration")]
    [InlineData("epoch")]
    [InlineData("round")]
    public void A_kill_fires_in_the_main_loop_whatever_the_solver_calls_its_unit(string unit)
    {
        // SGD counts epochs and CoCoA+ rounds; a kill planned "at iteration 5" used to never fire for them.
        var settings = new JobSettings { KillDriverAtIteration = 5 };

        Assert.Null(ChaosKillPlan.Victim(settings, false, new TrainingProgress(unit, 4, 100, 1), ["a", "b"], "a"));
        Assert.Equal(("a", "the driver's silo"), ChaosKillPlan.Victim(settings, false, new TrainingProgress(unit, 5, 100, 1), ["a", "b"], "a"));
        Assert.Null(ChaosKillPlan.Victim(settings, true, new TrainingProgress(unit, 5, 100, 1), ["a", "b"], "a"));
    }

    [Theory]
    [InlineData("initialization")]
    [InlineData("finalization")]
    public void A_kill_never_fires_outside_the_main_loop(string phase)
    {
        var settings = new JobSettings { KillSiloAtIteration = 1 };

        Assert.Null(ChaosKillPlan.Victim(settings, false, new TrainingProgress(phase, 9, 100, 1), ["a", "b"], "a"));
    }
}
