using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.NaiveBayes;

/// <summary>
/// Counts what the classification metrics need over a partition for Gaussian naive Bayes: the confusion matrix, the
/// positive class's probability histogram (binary, for ROC AUC) and the log loss of the actual class (any number of classes).
/// </summary>
/// <param name="Parameters">The model as it scores.</param>
/// <param name="Encoding">The classes; binary problems name their positive class.</param>
[MemoryPackable]
public sealed partial record NaiveBayesEvaluationStep(NaiveBayesParameters Parameters, LabelEncoding Encoding) : IPartitionStep<ClassificationEvaluation>
{
    public ClassificationEvaluation Run(Partition partition, StepContext context)
    {
        var labels = Encoding.Bind(partition);
        var counts = new ClassificationCounts(Encoding, probabilistic: true);
        var likelihoods = new double[Parameters.Classes];
        var p = new double[Parameters.Classes];
        for (var i = 0; i < partition.RowCount; i++)
        {
            Parameters.JointLogLikelihood(partition, i, likelihoods);
            var predicted = NaiveBayesParameters.Decide(likelihoods, p);
            var actual = labels.ClassOf(i);
            counts.Add(actual, predicted, Encoding.IsBinary ? (float)p[Encoding.PositiveClass] : 0f, p[actual]);
        }

        return counts.ToSummary(logLossForMulticlass: true);
    }
}
