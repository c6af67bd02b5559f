using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class LbfgsPreconditionerTests : IDisposable
{
    private static readonly string[] Names = ["no", "yes"];
    private static readonly float[] Scales = [1, 30, 0.02f, 400, 5];
    private readonly DataDirectory _files = new();

    [Fact]
    public void A_preconditioned_direction_is_the_plain_recursion_in_scaled_variables()
    {
        // H⁰ = γP on θ is H⁰ = γI on u = P^(−1/2) θ: s → P^(−1/2) s, y and the gradient → P^(1/2) y, direction → P^(−1/2) d.
        const int n = 37;
        var random = new Random(5);
        var p = Vector(n, random, 0.01, 50);
        var curvature = Vector(n, random, 0.1, 10);
        var scaled = new LbfgsMemory(4, preconditioner: p);
        var reference = new LbfgsMemory(4);
        for (var k = 0; k < 6; k++)
        {
            var s = Vector(n, random, -1, 1);
            var y = s.Select((v, j) => (curvature[j] * v) + (0.01 * Math.Sin(j + k))).ToArray();
            Assert.True(scaled.Push(s, y));
            Assert.True(reference.Push(s.Select((v, j) => v / Math.Sqrt(p[j])).ToArray(), y.Select((v, j) => v * Math.Sqrt(p[j])).ToArray()));
        }

        var gradient = Vector(n, random, -1, 1);
        var direction = scaled.Direction(gradient);
        var inU = reference.Direction(gradient.Select((v, j) => v * Math.Sqrt(p[j])).ToArray());

        Approx.Relative(inU.Select((v, j) => v * Math.Sqrt(p[j])).ToArray(), direction, 1e-12, "direction");
        Approx.Relative(Math.Sqrt(gradient.Select((v, j) => v * v * p[j]).Sum()), scaled.ScaledNorm(gradient), 1e-14, "scaled norm");
    }

    [Fact]
    public void An_empty_memory_steps_along_minus_the_preconditioned_gradient()
    {
        double[] p = [2, 0.5, 8];
        var direction = new LbfgsMemory(3, preconditioner: p).Direction([1, -4, 0.25]);

        Assert.Equal([-2.0, 2.0, -2.0], direction);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_diagonal_is_the_objectives_hessian_diagonal_at_zero(bool standardize)
    {
        const double l2 = 0.01;
        var table = Scaled(ClassificationData.Noisy(400));
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("scaled.csv", table, Names), 3, categorical: true);
        var statistics = await executor.RunAsync(new FeatureStatisticsStep(table.Dimension), CancellationToken.None);
        var scaling = standardize ? FeatureScaling.FromStatistics(statistics, centered: true) : FeatureScaling.Identity(table.Dimension);
        var options = new LinearModelOptions { Loss = LossKind.Logistic, Solver = LinearSolver.Lbfgs, L2 = l2, Standardize = standardize };
        var problem = new LinearProblem(executor, options, LabelEncoding.Binary(Names, 1), scaling);

        var inverse = DiagonalPreconditioner.Inverse(problem, statistics);

        // Central differences of the reference gradient, in the solver's coordinates x′ = (x − μ)/σ.
        var solverTable = table with
        {
            Rows = [.. table.Rows.Select(r => r.Select((v, j) => (float)((v - scaling.Mean[j]) / scaling.Scale[j])).ToArray())],
        };
        const double h = 1e-5;
        for (var j = 0; j <= table.Dimension; j++)
        {
            var plus = new double[table.Dimension + 1];
            var minus = new double[table.Dimension + 1];
            plus[j] = h;
            minus[j] = -h;
            var ahead = ReferenceLogistic.LossGradient(solverTable, plus[..^1], plus[^1]);
            var behind = ReferenceLogistic.LossGradient(solverTable, minus[..^1], minus[^1]);
            var hessian = ((ahead[j] - behind[j]) / (2 * h)) + (j < table.Dimension ? l2 : 0);
            Approx.Relative(hessian, 1 / inverse[j], 1e-5, $"H[{j},{j}]");
        }
    }

    [Fact]
    public async Task Badly_scaled_features_reach_the_same_optimum_in_a_fraction_of_the_iterations()
    {
        var table = Scaled(ClassificationData.Noisy());
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("scaled.csv", table, Names), 3, categorical: true);
        var options = new LinearModelOptions { Loss = LossKind.Logistic, Solver = LinearSolver.Lbfgs, L2 = 1e-3, Tolerance = 1e-6, MaximumIterations = 5000 };

        var diagonal = await ClassificationData.TrainAsync(executor, options);
        var plain = await ClassificationData.TrainAsync(executor, options with { Preconditioner = LbfgsPreconditioner.None });

        var (w, b) = ReferenceLogistic.Newton(table, 1e-3);
        var optimum = ReferenceLogistic.Objective(table, w, b, 1e-3);
        Assert.True(diagonal.Summary.Converged && plain.Summary.Converged, $"converged: diagonal {diagonal.Summary.Converged} ({diagonal.Summary.Iterations}, {string.Join("; ", diagonal.Summary.Notes)}), none {plain.Summary.Converged} ({plain.Summary.Iterations}, {string.Join("; ", plain.Summary.Notes)})");
        Approx.Relative(optimum, ReferenceLogistic.Objective(table, diagonal.Weights[0], diagonal.Intercepts[0], 1e-3), 1e-9, "objective, diagonal");
        Approx.Relative(optimum, ReferenceLogistic.Objective(table, plain.Weights[0], plain.Intercepts[0], 1e-3), 1e-9, "objective, none");
        Assert.True(
            diagonal.Summary.Iterations * 3 <= plain.Summary.Iterations,
            $"{diagonal.Summary.Iterations} iterations preconditioned against {plain.Summary.Iterations} without");
    }

    [Fact]
    public void Options_serialized_before_the_preconditioner_member_read_as_diagonal()
    {
        // MemoryPack writes the member count, then the members in declaration order: drop the last, the new one.
        var options = MemoryPackSerializer.Serialize(new LinearModelOptions { Preconditioner = LbfgsPreconditioner.None, Multiclass = MulticlassStrategy.OneVsRest });

        var old = MemoryPackSerializer.Deserialize<LinearModelOptions>([(byte)(options[0] - 1), .. options[1..^sizeof(int)]])!;

        Assert.Equal(LbfgsPreconditioner.Diagonal, old.Preconditioner);
        Assert.Equal(MulticlassStrategy.OneVsRest, old.Multiclass);
        Assert.Equal(LbfgsPreconditioner.None, MemoryPackSerializer.Deserialize<LinearModelOptions>(options)!.Preconditioner);
    }

    [Fact]
    public void A_preconditioner_this_build_does_not_know_is_refused_by_name()
    {
        var options = new LinearModelOptions { Solver = LinearSolver.Lbfgs };

        Assert.Null(options.Validate());
        Assert.Equal("the preconditioner 7 is not one of diagonal, none (`Preconditioner`)", (options with { Preconditioner = (LbfgsPreconditioner)7 }).Validate());
    }

    public void Dispose() => _files.Dispose();

    /// <summary>The columns in units four orders of magnitude apart, as raw measurements often are.</summary>
    private static Table Scaled(Table table) =>
        table with { Rows = [.. table.Rows.Select(r => r.Select((v, j) => v * Scales[j]).ToArray())] };

    private static double[] Vector(int n, Random random, double low, double high) =>
        [.. Enumerable.Range(0, n).Select(_ => low + ((high - low) * random.NextDouble()))];
}
