using ShardML.Bench;

namespace ShardML.Bench.Tests;

public sealed class SyntheticDataTests
{
    [Fact]
    public void Any_block_of_rows_is_the_same_bits_whether_generated_alone_or_within_the_whole()
    {
        var data = new BlobData(1000, 5, 4, 2.0, 7);
        var whole = new float[1000 * 5];
        var labels = new float[1000];
        data.Fill(0, whole, labels);

        var block = new float[37 * 5];
        var blockLabels = new float[37];
        new BlobData(1000, 5, 4, 2.0, 7).Fill(411, block, blockLabels);

        Assert.Equal(whole.AsSpan(411 * 5, 37 * 5).ToArray(), block);
        Assert.Equal(labels.AsSpan(411, 37).ToArray(), blockLabels);
    }

    [Fact]
    public void Blobs_lie_around_their_centers_with_the_requested_deviation()
    {
        var data = new BlobData(20_000, 3, 5, 2.0, 1);
        var x = new float[20_000 * 3];
        var blob = new float[20_000];
        data.Fill(0, x, blob);

        double squares = 0;
        for (var i = 0; i < 20_000; i++)
        {
            for (var f = 0; f < 3; f++)
            {
                var diff = x[(i * 3) + f] - data.Centers[((int)blob[i] * 3) + f];
                squares += diff * diff;
            }
        }

        Assert.InRange(Math.Sqrt(squares / (20_000 * 3)), 1.95, 2.05);
        Assert.All(data.Centers, c => Assert.InRange(c, -10f, 10f));
        Assert.Equal(5, blob.Distinct().Count());
    }

    [Fact]
    public void The_regression_target_is_the_true_linear_model_plus_small_noise()
    {
        var data = new RegressionData(5000, 4, 3);
        var x = new float[5000 * 4];
        var y = new float[5000];
        data.Fill(0, x, y);

        double residuals = 0;
        for (var i = 0; i < 5000; i++)
        {
            var prediction = RegressionData.TrueIntercept;
            for (var f = 0; f < 4; f++)
            {
                prediction += data.TrueWeights[f] * x[(i * 4) + f];
            }

            residuals += (y[i] - prediction) * (y[i] - prediction);
        }

        Assert.InRange(Math.Sqrt(residuals / 5000), 0.09, 0.11);
    }

    [Fact]
    public void Starting_centers_are_rows_of_the_data()
    {
        var data = new BlobData(500, 3, 4, 1.0, 9);
        var x = new float[500 * 3];
        data.Fill(0, x, new float[500]);
        var rows = Enumerable.Range(0, 500).Select(i => x.AsSpan(i * 3, 3).ToArray()).ToList();

        var init = data.InitialCenters();

        for (var j = 0; j < 4; j++)
        {
            var center = init.AsSpan(j * 3, 3).ToArray();
            Assert.Contains(rows, r => r.SequenceEqual(center));
        }
    }

    [Fact]
    public void Classification_labels_are_the_true_linear_rule_but_for_the_flipped_share()
    {
        var data = new ClassificationData(20_000, 6, 4, flipProbability: 0.05);
        var x = new float[20_000 * 6];
        var y = new float[20_000];
        data.Fill(0, x, y);

        var disagreements = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var score = ClassificationData.TrueIntercept;
            for (var f = 0; f < 6; f++)
            {
                score += data.TrueWeights[f] * x[(i * 6) + f];
            }

            Assert.True(y[i] is 0 or 1);
            disagreements += (score > 0) == (y[i] == 1) ? 0 : 1;
        }

        Assert.InRange(disagreements / 20_000.0, 0.04, 0.06);
        var tail = new float[10 * 6];
        var tailLabels = new float[10];
        data.Fill(19_990, tail, tailLabels);
        Assert.Equal(x.AsSpan(19_990 * 6).ToArray(), tail);
        Assert.Equal(y.AsSpan(19_990).ToArray(), tailLabels);
    }

    [Fact]
    public void Sparse_rows_have_distinct_ascending_indices_values_in_the_unit_interval_and_signed_labels()
    {
        var data = new SparseClassificationData(1000, 50, 40, 3);
        var indices = new int[40];
        var values = new float[40];
        var counts = new int[50];

        for (var i = 0; i < 1000; i++)
        {
            var label = data.Row(i, indices, values);

            Assert.True(label is -1 or 1);
            Assert.All(values, v => Assert.InRange(v, float.Epsilon, 1f));
            for (var k = 1; k < 40; k++)
            {
                Assert.True(indices[k - 1] < indices[k]);
            }

            foreach (var j in indices)
            {
                counts[j]++;
            }
        }

        Assert.All(counts, c => Assert.InRange(c, 700, 900)); // each of 50 features is in 40/50 of the rows
        var dense = new float[2 * 50];
        var labels = new float[2];
        data.Fill(7, dense, labels);
        Assert.Equal(data.Row(8, indices, values), labels[1]);
        Assert.Equal(40, dense.AsSpan(50).ToArray().Count(v => v != 0));
    }
}
