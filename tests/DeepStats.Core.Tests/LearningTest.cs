using System.Runtime.CompilerServices;

namespace DeepStats.Core.Tests;

/// <summary>
/// Learning tests (tests that train a network and assert a quality bar) are marked
/// <c>[Trait("Category", "Learning")]</c> and take their seed from <see cref="Seed"/>, so
/// <c>build.ps1 test -Sweep</c> can rerun them under seeds 1..5 and with 1 and 2 torch threads
/// (the reduction-order spread another CPU's kernels give). Outside the sweep each test keeps its
/// own fixed seed.
/// </summary>
public static class LearningTest
{
    public const string Category = "Learning";

    /// <summary>The sweep's seed (<c>DEEPSTATS_TEST_SEED</c>) when set, else the test's own.</summary>
    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("DEEPSTATS_TEST_SEED"), out var s) ? s : fallback;

    /// <summary>
    /// Asserts that a learning test's metric clears its bar (higher is better), after recording
    /// both for the sweep's spread table: one tab-separated line "test, metric, value, bar" appended
    /// to the file named by <c>DEEPSTATS_LEARNING_LOG</c> when it is set.
    /// </summary>
    public static void AssertAbove(string test, string metric, double value, double bar)
    {
        Record(test, metric, value, bar);
        Xunit.Assert.True(value > bar, $"{test}: {metric} {value:G4}, bar {bar:G4}");
    }

    public static void Record(string test, string metric, double value, double bar)
    {
        var log = Environment.GetEnvironmentVariable("DEEPSTATS_LEARNING_LOG");
        if (string.IsNullOrEmpty(log)) return;
        var line = string.Join('\t', test, metric, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            bar.ToString("R", System.Globalization.CultureInfo.InvariantCulture)) + "\n";
        lock (typeof(LearningTest)) File.AppendAllText(log, line);
    }

    /// <summary>Applies the sweep's torch thread count (<c>DEEPSTATS_TEST_THREADS</c>) before any test runs.</summary>
    [ModuleInitializer]
    internal static void ApplyThreadCount()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("DEEPSTATS_TEST_THREADS"), out var t) && t > 0)
            TorchSharp.torch.set_num_threads(t);
    }
}
