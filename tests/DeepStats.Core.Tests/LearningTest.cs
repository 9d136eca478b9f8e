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

    /// <summary>Applies the sweep's torch thread count (<c>DEEPSTATS_TEST_THREADS</c>) before any test runs.</summary>
    [ModuleInitializer]
    internal static void ApplyThreadCount()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("DEEPSTATS_TEST_THREADS"), out var t) && t > 0)
            TorchSharp.torch.set_num_threads(t);
    }
}
