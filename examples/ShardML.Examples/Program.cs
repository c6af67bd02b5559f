using ShardML.Examples;

// Run from the repository's root: the examples read samples/.
await ReadmeExample.RunAsync();
await TrainAndPredictExample.RunAsync();
await DataFromMemoryExample.RunAsync();
await JobsAndOptionsExample.RunAsync();
await PrivacyAccountingExample.RunAsync();
await PrivateTrainingExample.RunAsync();
await ModelsExample.RunAsync();
await DataPreparationExample.RunAsync();
await EvaluationExample.RunAsync();
Console.WriteLine("all examples ran");
