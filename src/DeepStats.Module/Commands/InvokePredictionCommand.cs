using System.Collections;
using System.Globalization;
using System.Management.Automation;
using DeepStats.Core;
using DeepStats.Core.Data;
using DeepStats.Core.Evaluation;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>
/// <para type="synopsis">Predicts with a trained model: one object per row with its key, the predicted class and every class's probability, or the predicted value.</para>
/// <para type="description">Takes a dataset (-Data), a CSV file (-Path) or objects from the pipeline (Import-Csv new.csv | Invoke-Prediction -Model $m), and streams the rows through the model in batches of -BatchSize, applying the model's stored preprocessing (imputation, standardization, category codes of training). Each output object has Key (the -KeyColumn value, else the 1-based row number), Predicted (the class label, or the value for a numeric target), Probability (of the predicted class) and one P_&lt;class&gt; property per class; Actual holds the true class or value when the data carries the target. Objects need a property for every column the model was trained on (extra properties are ignored); a value that does not fit (text in a numeric column, a category not seen in training, a missing value the model cannot impute) is one error naming the row and the column.</para>
/// </summary>
/// <example><code>$m = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Start-Training -Epochs 3; Invoke-Prediction -Model $m -Data (Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue) | Select-Object -First 5</code><para>Predicts the species of the first five built-in penguins.</para></example>
/// <example><code>$m = Import-Dataset -Sample Penguins -DropMissing -WarningAction SilentlyContinue | Start-Training -Epochs 3; [pscustomobject]@{ island = 'Biscoe'; bill_length_mm = 45.1; bill_depth_mm = 14.5; flipper_length_mm = 215; body_mass_g = 5000; sex = 'FEMALE' } | Invoke-Prediction -Model $m</code><para>Predicts one penguin given as an object.</para></example>
[Cmdlet(VerbsLifecycle.Invoke, "Prediction", DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(Prediction))]
public sealed class InvokePredictionCommand : DeepStatsCmdlet
{
    private const string ObjectSet = "InputObject", DataSet = "Data", PathSet = "Path";

    /// <summary><para type="description">The trained model (from Start-Training or Import-Model).</para></summary>
    [Parameter(Mandatory = true, Position = 0)]
    public TrainedModel Model { get; set; } = null!;

    /// <summary><para type="description">Rows as objects (for example from Import-Csv), one property per input column.</para></summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    public PSObject InputObject { get; set; } = null!;

    /// <summary><para type="description">A dataset (from Import-Dataset), raw: the model applies its own preprocessing.</para></summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = DataSet)]
    public Dataset Data { get; set; } = null!;

    /// <summary><para type="description">CSV file(s) to predict (wildcards allowed), read with the column kinds the model was trained on; rows are numbered from 1 in each file. With several files a bad file is a non-terminating error naming it and the other files are still predicted.</para></summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary><para type="description">The column (or property) whose value identifies each row in the output; by default rows are numbered from 1.</para></summary>
    [Parameter] public string? KeyColumn { get; set; }

    /// <summary><para type="description">Rows predicted together.</para></summary>
    [Parameter] [ValidateRange(1, 1_000_000)] public int BatchSize { get; set; } = 2048;

    private IReadOnlyList<FeatureInfo>? _features;
    private readonly List<object?[]> _rows = new();
    private readonly List<object?> _keys = new();
    private long _rowNumber;
    private string[]? _probNames;

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case DataSet:
                Emit(Run(() => Predictor.Predict(Model, Data, KeyColumn, 1, BatchSize)), null);
                break;
            case PathSet:
                // one bad file among many is a non-terminating error, the others are still predicted (DeepStatsCmdlet.ForEachFile)
                ForEachFile(Path, null, file => Emit(Run(() => Predictor.Predict(Model, ReadCsv(file), KeyColumn, 1, BatchSize)), null), "CSV");
                break;
            default:
                if (InputObject.BaseObject is Dataset d) { Emit(Run(() => Predictor.Predict(Model, d, KeyColumn, 1, BatchSize)), null); return; }
                _features ??= Run(() => Predictor.InputFeatures(Model));
                _rowNumber++;
                var values = new object?[_features.Count];
                var dict = InputObject.BaseObject as IDictionary;
                for (int j = 0; j < values.Length; j++) values[j] = Value(_features[j].Name, dict, true);
                _rows.Add(values);
                _keys.Add(KeyColumn is null ? _rowNumber : Value(KeyColumn, dict, false));
                if (_rows.Count >= BatchSize) Flush();
                break;
        }
    }

    protected override void EndProcessing()
    {
        if (_rows.Count > 0) Flush();
    }

    private object? Value(string name, IDictionary? dict, bool required)
    {
        if (dict is not null)
        {
            if (dict.Contains(name)) return Unwrap(dict[name]);
            foreach (DictionaryEntry e in dict)
                if (string.Equals(e.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase)) return Unwrap(e.Value);
        }
        else if (InputObject.Properties[name] is { } p) return Unwrap(p.Value);
        if (!required && KeyColumn is not null)
            Fail(ErrorIds.PredictionInputInvalid, ErrorCategory.InvalidData, $"Row {_rowNumber} has no property '{name}' (-KeyColumn).", InputObject);
        else if (required)
            Fail(ErrorIds.PredictionInputInvalid, ErrorCategory.InvalidData,
                $"Row {_rowNumber} has no property '{name}', which the model was trained on (the model needs: {string.Join(", ", _features!.Select(f => f.Name))}).", InputObject);
        return null;
    }

    private static object? Unwrap(object? v) => v is PSObject p ? p.BaseObject : v;

    private void Flush()
    {
        long first = _rowNumber - _rows.Count + 1;
        var set = Run(() => Predictor.Predict(Model, Predictor.FromRows(Model, _rows, first), null, first, BatchSize));
        Emit(set, _keys);
        _rows.Clear();
        _keys.Clear();
    }

    private Dataset ReadCsv(string file)
    {
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.OrdinalIgnoreCase);
        var schema = Model.InputSchema ?? Model.Schema;
        foreach (var f in schema.Features.Where(f => !f.Derived)) kinds[f.Name] = f.Kind;
        string? target = schema.TargetName is { } t && HasColumn(file, t) ? t : null;
        return CsvDatasetReader.Read(file, new CsvImportOptions
        {
            ColumnTypes = kinds,
            Target = target,
            TargetKind = target is null ? null : Model.TargetKind,
            Log = WriteVerbose,
            Warn = WriteWarning,
        });
    }

    private static bool HasColumn(string file, string name)
    {
        using var r = new StreamReader(file);
        var header = r.ReadLine() ?? "";
        return header.Split(',', ';', '\t', '|').Any(h => string.Equals(h.Trim().Trim('"'), name, StringComparison.OrdinalIgnoreCase));
    }

    private void Emit(PredictionSet set, List<object?>? keys)
    {
        bool classes = set.Kind == TargetKind.Classification;
        if (classes) _probNames ??= set.Classes.Select(c => "P_" + c).ToArray();
        for (int i = 0; i < set.Count; i++)
        {
            object? key = keys is not null ? keys[i] : KeyColumn is null && long.TryParse(set.RowIds[i], NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : set.RowIds[i];
            PSObject o;
            if (classes)
            {
                int p = set.PredictedLabels![i];
                var probs = set.Probabilities![i];
                object? actual = set.TruthLabels is { } tl ? (tl[i] < 0 ? null : set.Classes[tl[i]]) : null;
                o = PSObject.AsPSObject(new Prediction(key, set.Classes[p], probs[p], actual));
                for (int c = 0; c < probs.Length; c++) o.Properties.Add(new PSNoteProperty(_probNames![c], (double)probs[c]));
            }
            else
            {
                object? actual = set.TruthValues is { } tv && !double.IsNaN(tv[i]) ? tv[i] : null;
                o = PSObject.AsPSObject(new Prediction(key, set.PredictedValues![i], null, actual));
            }
            WriteObject(o);
        }
    }
}
