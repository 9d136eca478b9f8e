using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace DeepStats.Commands;

/// <summary>
/// The engine's own load context: DeepStats.Core and everything it brings (TorchSharp and the
/// libtorch natives, Google.Protobuf, SharpZipLib, SkiaSharp, CsvHelper, MathNet, StbImageSharp)
/// load from the <c>engine</c> folder of the module, so another module's copy of one of them in
/// the same session neither blocks DeepStats nor is blocked by it. The pattern of PowerShell-Docs
/// "Resolving PowerShell module assembly dependency conflicts" (and PSBicep's LoadContext).
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    /// <summary>The engine folder's name, inside the module folder (build.ps1 lays it out).</summary>
    public const string FolderName = "engine";

    /// <summary>The assemblies the cmdlets and the engine share from the default context: the user-visible types.</summary>
    private static readonly HashSet<string> Shared = new(StringComparer.OrdinalIgnoreCase) { "DeepStats.Types", "System.Management.Automation" };

    private static readonly string PsHome = Path.GetDirectoryName(typeof(PSObject).Assembly.Location) ?? "";

    public string Folder { get; }

    public EngineLoadContext(string folder) : base("DeepStats.Engine", isCollectible: false) => Folder = folder;

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null || Shared.Contains(name.Name)) return null;
        string path = Path.Combine(Folder, name.Name + ".dll");
        if (!File.Exists(path)) return null; // the framework's own assemblies come from the default context
        // An assembly PowerShell itself ships (PSHOME) is shared unless the engine needs a newer one.
        string psHomeCopy = Path.Combine(PsHome, name.Name + ".dll");
        if (File.Exists(psHomeCopy) && VersionOf(psHomeCopy) >= VersionOf(path)) return null;
        // Loaded by name from the folder whatever version was asked for: a dependency shipped in a
        // higher version than an older reference asks for (SkiaSharp 3 where TorchSharp asks for
        // 2.88) binds to the copy in the folder.
        return LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var candidate in NativeFileNames(unmanagedDllName))
        {
            string path = Path.Combine(Folder, candidate);
            if (File.Exists(path)) return LoadUnmanagedDllFromPath(path);
        }
        return IntPtr.Zero;
    }

    private static IEnumerable<string> NativeFileNames(string name)
    {
        yield return name;
        string ext = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? ".dll"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? ".dylib" : ".so";
        yield return name + ext;
        yield return "lib" + name + ext;
    }

    private static Version VersionOf(string path)
    {
        try { return AssemblyName.GetAssemblyName(path).Version ?? new Version(); }
        catch (BadImageFormatException) { return new Version(); }
    }
}

/// <summary>
/// Sets up the engine's load context when the module is imported and takes it down when it is
/// removed: a Resolving handler on the default context hands DeepStats.Core (and only it) to the
/// engine context, which then resolves the engine's dependencies from its own folder; type
/// accelerators make every public DeepStats.Core type resolve as a literal in user scripts
/// (<c>[DeepStats.Core.Data.Dataset]</c>), since PowerShell resolves type names in the default
/// context only.
/// </summary>
public sealed class EngineModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineAssembly = "DeepStats.Core";

    private static readonly object Gate = new();
    private static EngineLoadContext? s_context;
    private static readonly List<string> s_accelerators = new();

    /// <summary>The engine folder beside DeepStats.dll.</summary>
    internal static string EngineFolder =>
        Path.Combine(Path.GetDirectoryName(typeof(EngineModuleInitializer).Assembly.Location) ?? AppContext.BaseDirectory, EngineLoadContext.FolderName);

    internal static EngineLoadContext Context
    {
        get
        {
            lock (Gate) return s_context ??= new EngineLoadContext(EngineFolder);
        }
    }

    public void OnImport()
    {
        AssemblyLoadContext.Default.Resolving -= ResolveEngine; // once, also after Remove-Module + Import-Module
        AssemblyLoadContext.Default.Resolving += ResolveEngine;
        var core = LoadEngine();
        if (core is not null) AddAccelerators(core);
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        RemoveAccelerators();
        AssemblyLoadContext.Default.Resolving -= ResolveEngine;
    }

    /// <summary>The engine assembly: from the engine folder when the module is laid out that way, else
    /// wherever the default context finds it (the build output of the tests, where everything sits in one folder).</summary>
    private static Assembly? LoadEngine()
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == EngineAssembly);
        if (loaded is not null) return loaded;
        if (!Directory.Exists(EngineFolder)) return null;
        return Context.LoadFromAssemblyName(new AssemblyName(EngineAssembly));
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
    {
        if (!string.Equals(name.Name, EngineAssembly, StringComparison.OrdinalIgnoreCase)) return null;
        if (!File.Exists(Path.Combine(EngineFolder, EngineAssembly + ".dll"))) return null;
        return Context.LoadFromAssemblyName(name);
    }

    private static Type Accelerators =>
        typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators")
        ?? throw new InvalidOperationException("PowerShell's TypeAccelerators class was not found.");

    private static void AddAccelerators(Assembly core)
    {
        var accelerators = Accelerators;
        var existing = (IDictionary<string, Type>)accelerators.GetProperty("Get")!.GetValue(null)!;
        var add = accelerators.GetMethod("Add", new[] { typeof(string), typeof(Type) })!;
        lock (Gate)
        {
            foreach (var type in core.GetExportedTypes())
            {
                if (type.FullName is not { } name || type.IsGenericTypeDefinition) continue;
                if (existing.TryGetValue(name, out var already) && already != type) continue; // never take over someone else's name
                add.Invoke(null, new object[] { name, type });
                if (!s_accelerators.Contains(name)) s_accelerators.Add(name);
            }
        }
    }

    private static void RemoveAccelerators()
    {
        var remove = Accelerators.GetMethod("Remove", new[] { typeof(string) })!;
        lock (Gate)
        {
            foreach (var name in s_accelerators) remove.Invoke(null, new object[] { name });
            s_accelerators.Clear();
        }
    }
}
