using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace DeepStats.Core.Training;

/// <summary>Collects the <see cref="RunInfo"/> of a run on this machine.</summary>
public static class RunInfoFactory
{
    public static RunInfo Current(int seed, int threads, string fingerprint) => new(seed, threads,
        Version(typeof(RunInfoFactory).Assembly), Version(typeof(torch).Assembly), torch.__version__, Cpu.Value, fingerprint);

    private static string Version(Assembly a) =>
        (a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? a.GetName().Version?.ToString() ?? "unknown").Split('+')[0];

    private static readonly Lazy<string> Cpu = new(() =>
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim() + $" ({Environment.ProcessorCount} logical)";
        }
        catch (IOException) { }
        return (Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? RuntimeInformation.ProcessArchitecture.ToString()) + $" ({Environment.ProcessorCount} logical)";
    });
}
