using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Models;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

public class TrainerTests
{

    private static readonly TrainingOptions Quick = new() { Epochs = 8, BatchSize = 32, LearningRate = 0.01, Seed = LearningTest.Seed(5) };

    [Fact]
    [Trait("Category", LearningTest.Category)]
    public void LearnsASeparableProblem()
    {
        using var model = Trainer.Train(TestData.Blobs(400, 1), NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 8 } }), Quick);
        var report = ModelEvaluator.EvaluateClassification(model, TestData.Blobs(400, 2));
        // Bayes accuracy of these blobs is about 99.8%, guessing 50%; the sweep's spread was 99.25-100%
        LearningTest.AssertAbove(nameof(LearnsASeparableProblem), "accuracy", report.Accuracy, 0.9);
        Assert.Equal(8, model.History.Count);
        Assert.True(model.History[^1].Loss < model.History[0].Loss);
        Assert.Equal(360, model.TrainingRows);
        Assert.Equal(40, model.ValidationRows);
        Assert.NotNull(model.History[0].ValidationAccuracy);
    }

    [Fact]
    [Trait("Category", LearningTest.Category)]
    public void SameSeedSameResult()
    {
        var data = TestData.Blobs(200, 3);
        var spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 8 }, Dropout = 0.2 });
        using var a = Trainer.Train(data, spec, Quick);
        using var b = Trainer.Train(data, spec, Quick);
        using var c = Trainer.Train(data, spec, Quick with { Seed = Quick.Seed + 1 });
        Assert.Equal(a.History.Select(h => h.Loss), b.History.Select(h => h.Loss));
        Assert.Equal(Evaluation.Predictor.Predict(a, data).Probabilities!.SelectMany(p => p), Evaluation.Predictor.Predict(b, data).Probabilities!.SelectMany(p => p));
        Assert.NotEqual(a.History.Select(h => h.Loss), c.History.Select(h => h.Loss));
    }

    [Fact]
    [Trait("Category", LearningTest.Category)]
    public void StandardizerIsFittedOnTrainingRowsAndKeptWithTheModel()
    {
        var data = TestData.Blobs(100, 4);
        using var model = Trainer.Train(data, null, Quick with { Epochs = 1 });
        var s = Assert.IsType<DeepStats.Core.Preprocessing.Standardizer>(Assert.Single(model.Transforms));
        var (train, _) = DatasetSplitter.Split(data, Quick.ValidationFraction, Quick.Seed);
        var trainX = train.Select(i => ((NumericColumn)data.Columns[0]).Values[i]).ToArray();
        Assert.Equal(trainX.Average(), s.Parameters[0].Center, 12);
        Assert.Equal("FeedForward", model.Spec.Kind);
    }

    [Fact]
    [Trait("Category", LearningTest.Category)]
    public void TestDataWithExtraOrReorderedColumnsIsAlignedBeforeTheTransforms()
    {
        using var model = Trainer.Train(TestData.Blobs(200, 7), null, Quick with { Epochs = 3 });
        var test = TestData.Blobs(100, 8);
        // same features in another order, plus a column the model never saw
        var shuffled = Dataset.Tabular("t", "t", new DataColumn[] { test.Columns[1], new NumericColumn("extra", new double[100]), test.Columns[0] }, test.Target);
        var a = Evaluation.Predictor.Predict(model, test).Probabilities!;
        var b = Evaluation.Predictor.Predict(model, shuffled).Probabilities!;
        Assert.Equal(a.SelectMany(p => p), b.SelectMany(p => p));
    }

    [Fact]
    [Trait("Category", LearningTest.Category)]
    public void CancellationStopsBetweenBatchesAndSaysSo()
    {
        using var cts = new CancellationTokenSource();
        int batches = 0;
        using var model = Trainer.Train(TestData.Blobs(400, 5), null, Quick with { Epochs = 50 },
            onBatch: _ => { if (++batches == 3) cts.Cancel(); }, cancel: cts.Token);
        Assert.False(model.Completed);
        Assert.Empty(model.History);
        Assert.Equal(3, batches);
    }

    [Fact]
    public void MissingValuesAreRefusedWithTheColumnName()
    {
        var data = Dataset.Tabular("m", "t", new DataColumn[] { new NumericColumn("x", new[] { 1.0, double.NaN, 3, 4 }) },
            CsvDatasetReader.BuildTarget("y", new[] { "a", "b", "a", "b" }));
        var e = Assert.Throws<DeepStatsException>(() => Trainer.Train(data, null, Quick with { ValidationFraction = 0 }));
        Assert.Equal("MissingValues", e.ErrorId);
        Assert.Contains("'x'", e.Message);
    }

    [Fact]
    public void Float32OverflowIsReportedNotTurnedIntoInfinity()
    {
        var data = Dataset.Tabular("m", "t", new DataColumn[] { new NumericColumn("x", new[] { 1.0, 1e40 }) },
            CsvDatasetReader.BuildTarget("y", new[] { "a", "b" }));
        var e = Assert.Throws<DeepStatsException>(() => TensorFactory.Features(data));
        Assert.Equal("ValueOverflowsFloat32", e.ErrorId);
        Assert.Contains("row 2", e.Message);
    }
}
