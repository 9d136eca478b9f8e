namespace DeepStats.Core.Training;

/// <summary>
/// What a training run needs to be reproduced: the seed, the torch thread count, the library
/// versions, the CPU (libtorch picks kernels per CPU, so seeded runs are identical on one machine,
/// not across machines) and the fingerprint (SHA-256) of the training data.
/// </summary>
public sealed record RunInfo(
    int Seed,
    int Threads,
    string DeepStatsVersion,
    string TorchSharpVersion,
    string LibTorchVersion,
    string Cpu,
    string DataFingerprint)
{
    public override string ToString() =>
        $"seed {Seed}, {Threads} thread(s), DeepStats {DeepStatsVersion}, TorchSharp {TorchSharpVersion}, libtorch {LibTorchVersion}, {Cpu}";
}
