using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Predicts every row of a partition with a linear model: the score (regression) or the class index
/// (classification), and for logistic models the class probabilities. Cost: one pass, m dot products per row.
/// </summary>
/// <param name="Coefficients">m × (d + 1): each output's weights then its intercept, on raw features.</param>
/// <param name="Dimension">d.</param>
/// <param name="Encoding">Regression, binary, one-vs-rest or multinomial.</param>
/// <param name="Probabilities">True to return probabilities: one column (the positive class) for binary, k for one-vs-rest and multinomial.</param>
[MemoryPackable]
public sealed partial record LinearModelPredictStep(double[] Coefficients, int Dimension, LabelEncoding Encoding, bool Probabilities)
    : IPartitionStep<PredictionSummary>
{
    public PredictionSummary Run(Partition partition, StepContext context)
    {
        var m = Encoding.Outputs;
        var n = partition.RowCount;
        var values = new float[n];
        var columns = Probabilities && Encoding.IsClassification ? m : 0;
        var probabilities = new float[n * columns];
        var scores = new double[m];
        var p = new double[m];
        for (var i = 0; i < n; i++)
        {
            LinearDecision.Scores(partition, i, Coefficients, Dimension, scores);
            if (!Encoding.IsClassification)
            {
                LinearDecision.EnsureFinite(scores, partition, i, asFloat: true);
                values[i] = (float)scores[0];
                continue;
            }

            values[i] = LinearDecision.Decide(scores, Encoding);
            if (columns > 0)
            {
                LinearDecision.Probabilities(scores, p, Encoding);
                for (var c = 0; c < columns; c++)
                {
                    probabilities[(i * columns) + c] = (float)p[c];
                }
            }
        }

        return new PredictionSummary(values, probabilities, columns);
    }
}
