using System.Collections;
using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Makes a typed DeepStats dataset from PowerShell objects in the pipeline.</para>
/// <para type="description">Each input object is a row and each property a column (hashtables: each key). The columns are the properties of the first object, or -Property. The typing rules are those of Import-Dataset: numbers, and text that parses as a number, make a numeric column (float64); true/false values a boolean one; other text a categorical one; $null, empty text and NA, N/A, NaN, null, ? are missing and counted. Text after a numeric first value is an error naming the row and column (declare the column with -ColumnType). Properties whose values are not simple values (collections, nested objects, dates) are left out unless named in -Property, and -Verbose lists them. Properties that cannot be read (access denied) are missing values, counted in a warning.</para>
/// </summary>
/// <example><code>Import-Csv ./penguins.csv | ConvertTo-Dataset -Target species</code><para>Types the strings Import-Csv produced and makes species the target.</para></example>
/// <example><code>Get-Process | ConvertTo-Dataset -Property CPU, WorkingSet64, Handles, ProcessName -Verbose</code><para>A dataset of process counters, with the process name as a categorical column.</para></example>
/// <example><code>@{ x = 1.5; kind = 'a' }, @{ x = 2.5; kind = 'b' } | ConvertTo-Dataset -Target kind</code><para>Hashtables work too: each key is a column.</para></example>
[Cmdlet(VerbsData.ConvertTo, "Dataset")]
[OutputType(typeof(Dataset))]
public sealed class ConvertToDatasetCommand : DeepStatsCmdlet
{
    private readonly List<object?[]> _rows = new();
    private List<string>? _columns;
    private int _unreadable;
    private HashSet<string>? _known;
    private readonly Dictionary<string, int> _extra = new(StringComparer.OrdinalIgnoreCase); // property -> first row that had it
    private string? _firstUnreadable;

    /// <summary><para type="description">The objects to turn into rows (from the pipeline).</para></summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary><para type="description">The column to predict.</para></summary>
    [Parameter]
    public string? Target { get; set; }

    /// <summary><para type="description">The properties to make columns of, in this order (wildcards allowed); by default every simple-valued property of the first object.</para></summary>
    [Parameter(Position = 0)]
    public string[]? Property { get; set; }

    /// <summary><para type="description">Properties to leave out (names or wildcard patterns).</para></summary>
    [Parameter]
    public string[] Exclude { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">Declared column kinds that replace inference, for example @{ zip = 'Categorical' }.</para></summary>
    [Parameter]
    public Hashtable? ColumnType { get; set; }

    /// <summary><para type="description">Text values read as missing, replacing the default NA, N/A, NaN, null and ? ($null and empty text always are).</para></summary>
    [Parameter]
    public string[]? MissingToken { get; set; }

    /// <summary><para type="description">Whether the target holds classes (Classification) or a number to predict (Regression). Without it the data decides where it is clear: a target with a non-integer number is a number to predict; text, and whole numbers with at most 20 distinct values, are classes. Whole numbers with more than 20 distinct values are ambiguous and stop the import with the error AmbiguousTargetKind: pass -TargetKind to say which.</para></summary>
    [Parameter]
    public TargetKind? TargetKind { get; set; }

    /// <summary><para type="description">How categorical columns become model inputs: OneHot (default) or Index.</para></summary>
    [Parameter]
    public CategoryEncoding CategoryEncoding { get; set; } = CategoryEncoding.OneHot;

    /// <summary><para type="description">Adds an "(unknown)" level to every categorical column for categories unseen in training.</para></summary>
    [Parameter]
    public SwitchParameter UnknownCategory { get; set; }

    /// <summary><para type="description">The dataset's name (default: objects).</para></summary>
    [Parameter]
    public string Name { get; set; } = "objects";

    /// <summary><para type="description">A schema contract: a model (its raw input columns) or a dataset whose column set, kinds and levels the objects must have; every difference (missing, extra, renamed or retyped properties, text in a numeric property on any row, unseen levels) is one SchemaMismatch error listing them all. The target is the reference's when the objects have it.</para></summary>
    [Parameter]
    public object? Schema { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null) return; // $null in a pipeline is not a row
        var baseObject = InputObject.BaseObject;
        if (_columns is null)
        {
            _columns = ChooseColumns(InputObject);
            _known = new HashSet<string>(Names(InputObject), StringComparer.OrdinalIgnoreCase);
        }
        else if (Property is not { Length: > 0 })
        {
            // a later object with properties the first did not have: those values are not in the dataset, so say so
            foreach (var name in Names(InputObject))
                if (!_known!.Contains(name)) _extra.TryAdd(name, _rows.Count + 1);
        }
        var row = new object?[_columns.Count];
        if (baseObject is IDictionary dict)
        {
            for (int j = 0; j < row.Length; j++) row[j] = Unwrap(dict.Contains(_columns[j]) ? dict[_columns[j]] : null);
        }
        else
        {
            for (int j = 0; j < row.Length; j++)
            {
                var p = InputObject.Properties[_columns[j]];
                if (p is null) continue;
                try
                {
                    row[j] = Unwrap(p.Value);
                }
                catch (Exception e) when (e is GetValueException or ExtendedTypeSystemException)
                {
                    _unreadable++;
                    _firstUnreadable ??= $"{_columns[j]} of row {_rows.Count + 1}";
                }
            }
        }
        _rows.Add(row);
    }

    protected override void EndProcessing()
    {
        if (_rows.Count == 0)
        {
            Fail(ErrorIds.NoDataRows, ErrorCategory.InvalidData, "There are no input objects to make a dataset of.", null);
            return;
        }
        if (_extra.Count > 0)
            WriteWarning($"Some input objects have properties the first object lacks; columns come from the first object, so these were left out: " +
                string.Join(", ", _extra.Take(20).Select(e => $"{e.Key} (first in row {e.Value})")) + (_extra.Count > 20 ? ", ..." : "") +
                ". Name them in -Property to keep them (objects without them get missing values).");
        if (_unreadable > 0)
            WriteWarning($"{_unreadable} property value(s) could not be read (first: {_firstUnreadable}) and are missing values.");
        var data = Run(() => ObjectDatasetBuilder.Build(Name, _columns!, _rows, new CsvImportOptions
        {
            Target = Target,
            TargetKind = TargetKind,
            Exclude = Exclude,
            ColumnTypes = ColumnTypeArgument.Parse(ColumnType),
            MissingTokens = MissingToken ?? CsvImportOptions.DefaultMissingTokens,
            CategoryEncoding = CategoryEncoding,
            UnknownCategory = UnknownCategory,
            Schema = SchemaArgument.Parse(Schema),
            Log = WriteVerbose,
            Warn = WriteWarning,
        }));
        WriteMissingCounts(data);
        WriteObject(data);
    }

    private static object? Unwrap(object? v) => v is PSObject ps ? ps.BaseObject : v;

    private static IEnumerable<string> Names(PSObject o) =>
        o.BaseObject is IDictionary d ? d.Keys.Cast<object>().Select(k => k.ToString()!) : o.Properties.Select(p => p.Name);

    /// <summary>A marker for a property whose value cannot be read and whose declared type is not simple.</summary>
    private static object? Unreadable(PSPropertyInfo p) => DeclaredNonSimple(p);

    /// <summary>Null when the property's declared type is simple or unknown (System.Object); otherwise a stand-in naming that type.</summary>
    private static object? DeclaredNonSimple(PSPropertyInfo p)
    {
        string? name;
        try { name = p.TypeNameOfValue; }
        catch (Exception e) when (e is GetValueException or ExtendedTypeSystemException) { return null; }
        if (string.IsNullOrEmpty(name) || name == "System.Object") return null;
        var t = Type.GetType(name, throwOnError: false);
        return t is not null && (IsSimple(Nullable.GetUnderlyingType(t) ?? t)) ? null : new DeclaredType(name);
    }

    private sealed record DeclaredType(string Name)
    {
        public override string ToString() => Name;
    }

    private static bool IsSimple(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal);

    private List<string> ChooseColumns(PSObject first)
    {
        List<(string Name, object? Value)> props;
        if (first.BaseObject is IDictionary dict)
            props = dict.Keys.Cast<object>().Select(k => (k.ToString()!, Unwrap(dict[k]))).ToList();
        else
        {
            props = new();
            foreach (var p in first.Properties)
            {
                object? v;
                try { v = Unwrap(p.Value); }
                catch (Exception e) when (e is GetValueException or ExtendedTypeSystemException) { v = Unreadable(p); }
                // a null value says nothing about the kind: the declared type decides whether the property is simple
                props.Add((p.Name, v ?? DeclaredNonSimple(p)));
            }
        }
        if (Property is { Length: > 0 })
        {
            var chosen = new List<string>();
            foreach (var pattern in Property)
            {
                var match = props.Where(p => ColumnSelector.IsMatch(pattern, p.Name)).Select(p => p.Name).ToList();
                if (match.Count == 0 && !ColumnSelector.HasWildcard(pattern))
                    match.Add(pattern); // a later object may have it; a column no object has is reported as having no values
                if (match.Count == 0)
                    Fail(ErrorIds.PropertyNotFound, ErrorCategory.ObjectNotFound,
                        $"The pattern '{pattern}' given to -Property matches no property of the first input object. Its properties are: {string.Join(", ", props.Select(p => p.Name))}.", pattern);
                chosen.AddRange(match.Where(m => !chosen.Contains(m)));
            }
            if (Target is not null && !chosen.Any(c => string.Equals(c, Target, StringComparison.OrdinalIgnoreCase)))
                chosen.AddRange(props.Where(p => string.Equals(p.Name, Target, StringComparison.OrdinalIgnoreCase)).Select(p => p.Name));
            return chosen;
        }
        var simple = props.Where(p => p.Value is null || IsSimple(p.Value.GetType())).Select(p => p.Name).ToList();
        var skipped = props.Where(p => p.Value is not null && !IsSimple(p.Value.GetType()))
            .Select(p => $"{p.Name} ({(p.Value is DeclaredType d ? d.Name.Split('.')[^1] : p.Value!.GetType().Name)})").ToList();
        if (skipped.Count > 0)
            WriteVerbose($"Left out {skipped.Count} propert{(skipped.Count == 1 ? "y" : "ies")} whose values are not simple values (name them in -Property to keep them as text): {string.Join(", ", skipped)}.");
        return simple;
    }
}
