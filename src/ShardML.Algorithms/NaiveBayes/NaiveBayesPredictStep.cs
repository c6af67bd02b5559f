using MemoryPack;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.NaiveBayes;

/// <summary>
/// Predicts every row of a partition with Gaussian naive Bayes: the class index, and the probability of the positive
/// class (binary) or of every class. Cost: one pass, k·d multiply-adds per dense row.
/// </summary>
/// <param name="Parameters">The model as it scores.</param>
/// <param name="PositiveClass">Binary: the class whose probability is the one column; −1 for every class.</param>
[MemoryPackable]
public sealed partial record NaiveBayesPredictStep(NaiveBayesParameters Parameters, int PositiveClass) : IPartitionStep<PredictionSummary>
{
    public PredictionSummary Run(Partition partition, StepContext context)
    {
        var k = Parameters.Classes;
        var columns = PositiveClass >= 0 ? 1 : k;
        var values = new float[partition.RowCount];
        var probabilities = new float[partition.RowCount * columns];
        var likelihoods = new double[k];
        var p = new double[k];
        for (var i = 0; i < partition.RowCount; i++)
        {
            Parameters.JointLogLikelihood(partition, i, likelihoods);
            values[i] = NaiveBayesParameters.Decide(likelihoods, p);
            for (var c = 0; c < columns; c++)
            {
                probabilities[(i * columns) + c] = (float)p[PositiveClass >= 0 ? PositiveClass : c];
            }
        }

        return new PredictionSummary(values, probabilities, columns);
    }
}
