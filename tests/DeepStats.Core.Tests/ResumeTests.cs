using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Models;
using DeepStats.Core.Preprocessing;
using DeepStats.Core.Training;
using Xunit;

namespace DeepStats.Core.Tests;

/// <summary>-Resume continues a run exactly (a larger -Epochs included), and the one "same configuration" rule
/// (TrainingOptions.DifferenceFrom) that checkpoints and cross-validation joins share.</summary>
public class ResumeTests
{
    private static readonly ModelSpec Spec = NetworkFactory.FeedForward(new FeedForwardOptions { Hidden = new[] { 16 }, Dropout = 0.3 });

    private static readonly TrainingOptions Options = new() { Epochs = 12, BatchSize = 32, LearningRate = 0.01, Seed = 3 };

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"ds-resume-{Guid.NewGuid():N}.ckpt");

    /// <summary>Trains <paramref name="options"/> with Epochs 6 writing a checkpoint, then resumes it to 12 epochs.</summary>
    private static TrainedModel SixThenTwelve(Dataset data, TrainingOptions options, string path)
    {
        using (var six = new Trainer(options with { Epochs = 6 }) { CheckpointPath = path }.Fit(data, Spec))
            Assert.Equal(6, six.History.Count);
        return new Trainer(options) { CheckpointPath = path, Resume = true }.Fit(data, Spec);
    }

    private static void AssertSameRun(TrainedModel whole, TrainedModel resumed)
    {
        Assert.Equal(12, resumed.History.Count);
        // bit for bit: every epoch's losses, accuracies and rate (times differ), and every weight
        Assert.Equal(whole.History.Select(h => (h.Epoch, h.Loss, h.Accuracy, h.ValidationLoss, h.ValidationAccuracy, h.LearningRate)),
            resumed.History.Select(h => (h.Epoch, h.Loss, h.Accuracy, h.ValidationLoss, h.ValidationAccuracy, h.LearningRate)));
        Assert.Equal(whole.Artifact.Weights.Count, resumed.Artifact.Weights.Count);
        for (int i = 0; i < whole.Artifact.Weights.Count; i++) Assert.True(whole.Artifact.Weights[i].SameBits(resumed.Artifact.Weights[i]), whole.Artifact.Weights[i].Name);
        Assert.Equal(StopReason.Completed, resumed.StopReason);
    }

    [Fact]
    public void SixEpochsThenResumeToTwelveEqualsTwelveUninterrupted()
    {
        var data = TestData.Blobs(200, 9);
        using var whole = Trainer.Train(data, Spec, Options);
        string path = TempPath();
        try
        {
            using var resumed = SixThenTwelve(data, Options, path);
            AssertSameRun(whole, resumed);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ResumingWithAugmentationContinuesItsRandomStream()
    {
        // noise on the standardized features, drawn from the policy's own generator: its state travels in the checkpoint,
        // so epochs 7-12 get the noise the uninterrupted run gave them (a fresh generator would repeat epoch 1's draws)
        var data = TestData.Blobs(200, 9);
        var options = Options with { Augmentation = new AugmentationPolicy { NoiseStd = 0.5, Seed = 4 } };
        using var whole = Trainer.Train(data, Spec, options);
        using var plain = Trainer.Train(data, Spec, Options);
        Assert.NotEqual(plain.History[^1].Loss, whole.History[^1].Loss); // the augmentation is in effect
        string path = TempPath();
        try
        {
            using var resumed = SixThenTwelve(data, options, path);
            AssertSameRun(whole, resumed);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ResumingAStepScheduleWithAStepSizeToMoreEpochsContinuesIt()
    {
        // x0.5 every 4 epochs: 0.01 for epochs 1-4, 0.005 for 5-8, 0.0025 for 9-12 whatever -Epochs says
        var data = TestData.Blobs(200, 9);
        var options = Options with { Schedule = new ScheduleOptions { Kind = ScheduleKind.Step, StepSize = 4, Gamma = 0.5 } };
        using var whole = Trainer.Train(data, Spec, options);
        Assert.Equal(new[] { 0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.0025, 0.0025, 0.0025, 0.0025 }, whole.History.Select(h => h.LearningRate));
        string path = TempPath();
        try
        {
            using var resumed = SixThenTwelve(data, options, path);
            AssertSameRun(whole, resumed);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(ScheduleKind.Cosine)]
    [InlineData(ScheduleKind.OneCycle)]
    [InlineData(ScheduleKind.Step)] // without a step size: every third of the epochs
    public void ResumingASchedulesWhoseShapeDependsOnTheEpochsWithOtherEpochsIsRefused(ScheduleKind kind)
    {
        var data = TestData.Blobs(100, 9);
        var options = Options with { Schedule = new ScheduleOptions { Kind = kind } };
        string path = TempPath();
        try
        {
            using (new Trainer(options with { Epochs = 6 }) { CheckpointPath = path }.Fit(data, Spec)) { }
            var e = Assert.Throws<DeepStatsException>(() => new Trainer(options) { CheckpointPath = path, Resume = true }.Fit(data, Spec));
            Assert.Equal(ErrorIds.ResumeChangesSchedule, e.ErrorId);
            Assert.Contains("-Epochs 6", e.Message);
            Assert.Contains(kind.ToString(), e.Message);
            // the same -Epochs resumes (nothing left to run: the six epochs are returned)
            using var same = new Trainer(options with { Epochs = 6 }) { CheckpointPath = path, Resume = true }.Fit(data, Spec);
            Assert.Equal(6, same.History.Count);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TheThreadCountIsNeverPartOfTheConfiguration()
    {
        var data = TestData.Blobs(100, 9);
        string path = TempPath();
        try
        {
            using (new Trainer(Options with { Epochs = 2, ThreadCount = 1 }) { CheckpointPath = path }.Fit(data, Spec)) { }
            using var resumed = new Trainer(Options with { Epochs = 3, ThreadCount = 2 }) { CheckpointPath = path, Resume = true }.Fit(data, Spec);
            Assert.Equal(3, resumed.History.Count);
            // any other option is a difference, named with both values
            var e = Assert.Throws<DeepStatsException>(() => new Trainer(Options with { Epochs = 3, LearningRate = 0.5 }) { CheckpointPath = path, Resume = true }.Fit(data, Spec));
            Assert.Equal(ErrorIds.CheckpointMismatch, e.ErrorId);
            Assert.Contains("LearningRate 0.01 vs 0.5", e.Message);
        }
        finally { File.Delete(path); }

        // the same rule joins cross-validation pieces run with other thread counts, and refuses other epochs
        var cv = new CrossValidationOptions { Folds = 2, Seed = 1 };
        var quick = Options with { Epochs = 1 };
        var one = CrossValidator.Run(data, Spec, quick with { ThreadCount = 1 }, cv with { OnlyFolds = new[] { 1 } });
        var two = CrossValidator.Run(data, Spec, quick with { ThreadCount = 2 }, cv with { OnlyFolds = new[] { 2 } });
        Assert.Equal(2, CrossValidationResult.Join(new[] { one, two }).Folds.Count);
        var longer = CrossValidator.Run(data, Spec, quick with { Epochs = 2 }, cv with { OnlyFolds = new[] { 2 } });
        var j = Assert.Throws<DeepStatsException>(() => CrossValidationResult.Join(new[] { one, longer }));
        Assert.Equal(ErrorIds.CrossValidationConfigurationMismatch, j.ErrorId);
        Assert.Contains("Epochs 1 vs 2", j.Message);
        Assert.Null(quick.DifferenceFrom(quick with { ThreadCount = 7 }));
        Assert.Null(quick.DifferenceFrom(quick with { Epochs = 9 }, epochsMayChange: true));
        Assert.NotNull(quick.DifferenceFrom(quick with { Epochs = 9 }));
        // a step size counts only under the Step schedule, which reads it
        Assert.Null(quick.DifferenceFrom(quick with { Schedule = new ScheduleOptions { StepSize = 3 } }));
        var step = quick with { Schedule = new ScheduleOptions { Kind = ScheduleKind.Step, StepSize = 2 } };
        var why = step.DifferenceFrom(step with { Schedule = step.Schedule with { StepSize = 3 } });
        Assert.StartsWith("Schedule ", why);
        Assert.Contains("\"stepSize\":2", why);
        Assert.Contains("\"stepSize\":3", why);
    }

    [Fact]
    public void AFoldTrainsOnAViewOfItsRowsLikeOnACopyOfThem()
    {
        // a view of rows 20-179 trains the same network, bit for bit, as a dataset holding a copy of those rows
        var data = TestData.Blobs(200, 5);
        var rows = Enumerable.Range(20, 160).ToArray();
        var options = Options with { Epochs = 3 };
        using var viewed = new Trainer(options).Fit(data.View(rows), Spec);
        using var copied = Trainer.Train(data.Select(rows), Spec, options);
        Assert.Equal(copied.History.Select(h => (h.Loss, h.ValidationLoss)), viewed.History.Select(h => (h.Loss, h.ValidationLoss)));
        for (int i = 0; i < copied.Artifact.Weights.Count; i++) Assert.True(copied.Artifact.Weights[i].SameBits(viewed.Artifact.Weights[i]));
        Assert.Equal(144, viewed.TrainingRows); // 160 rows less the 10% stratified validation holdout
        Assert.Equal(16, viewed.ValidationRows);
    }
}
