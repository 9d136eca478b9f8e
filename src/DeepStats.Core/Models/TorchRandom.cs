namespace DeepStats.Core.Models;

/// <summary>
/// libtorch's default random generator is one per process. Everything in DeepStats that draws
/// from it (weight initialisation, dropout during training) holds <see cref="Sync"/>, so a seeded
/// run is not disturbed by another run on another thread.
/// </summary>
public static class TorchRandom
{
    public static readonly object Sync = new();
}
