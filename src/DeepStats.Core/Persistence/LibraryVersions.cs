using System.Reflection;

namespace DeepStats.Core.Persistence;

/// <summary>The versions of the libraries that produced a model or a model file, for its manifest and metadata.</summary>
public static class LibraryVersions
{
    public static Dictionary<string, string> Current() => new()
    {
        ["DeepStats"] = Version(typeof(LibraryVersions).Assembly),
        ["TorchSharp"] = Version(typeof(TorchSharp.torch).Assembly),
        [".NET"] = Environment.Version.ToString(),
        ["OS"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    };

    private static string Version(Assembly a) =>
        a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? a.GetName().Version?.ToString() ?? "unknown";
}
