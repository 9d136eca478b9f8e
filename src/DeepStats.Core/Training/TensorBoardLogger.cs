using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// Writes every epoch's metrics as TensorBoard scalars (TorchSharp's SummaryWriter) under a log folder. Event files grow
/// record by record while training runs (TensorBoard reads them live), so they are appended, not written whole through
/// <see cref="Persistence.AtomicFile"/>. A log that cannot be written never costs the run: the first IO failure (folder
/// not creatable, no permission, disk full) stops the logging and is handed to <c>failed</c> as one
/// <see cref="ErrorIds.FileWriteFailed"/> error; training goes on and returns its model. Without a <c>failed</c>
/// handler the error is thrown.
/// </summary>
public sealed class TensorBoardLogger : TrainingCallback, IDisposable
{
    private readonly string _path;
    private readonly Action<DeepStatsException>? _failed;
    private SummaryWriter? _writer;
    private bool _broken;

    public TensorBoardLogger(string path, Action<DeepStatsException>? failed = null)
    {
        _path = path;
        _failed = failed;
    }

    public override void OnTrainBegin(TrainingContext context) => Guard(() => _writer = utils.tensorboard.SummaryWriter(_path));

    public override void OnEpochEnd(TrainingContext context, EpochRecord record) => Guard(() =>
    {
        foreach (var (name, value) in record.Metrics)
            if (double.IsFinite(value)) _writer?.add_scalar(name, (float)value, record.Epoch);
    });

    public override void OnTrainEnd(TrainingContext context) => Dispose();
    public override void OnFailure(TrainingContext context, Exception error) => Dispose();

    public void Dispose()
    {
        var writer = _writer;
        _writer = null;
        try { (writer as IDisposable)?.Dispose(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private void Guard(Action write)
    {
        if (_broken) return;
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _broken = true;
            Dispose();
            var error = new DeepStatsException(ErrorIds.FileWriteFailed, FailureKind.WriteError,
                $"Cannot write the TensorBoard event files under '{_path}': {e.Message} {(_failed is null ? "Training stopped" : "Training went on without them")}; choose a folder you can write to for -TensorBoardPath.", _path, e);
            if (_failed is null) throw error;
            _failed(error);
        }
    }
}
