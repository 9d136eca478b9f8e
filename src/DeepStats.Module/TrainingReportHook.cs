using System.Management.Automation;
using DeepStats.Core.Reporting;
using DeepStats.Core.Training;

namespace DeepStats.Commands;

/// <summary>What Start-Training adds at the end of a run for people reading logs and looking at pictures: a sparkline of the validation loss and, with -ChartPath, the training curves.</summary>
internal static class TrainingReportHook
{
    internal static void AfterTraining(PSCmdlet cmdlet, TrainedModel model, string? chartPath)
    {
        var line = Sparkline.Describe("Validation loss", model.History.Select(e => e.ValidationLoss ?? double.NaN).ToArray())
            ?? Sparkline.Describe("Training loss", model.History.Select(e => e.Loss).ToArray());
        if (line is not null) cmdlet.WriteVerbose(line);
        if (chartPath is null || model.History.Count == 0) return;
        try
        {
            string path = ReportingInput.OutputPath(cmdlet, chartPath);
            Charts.TrainingCurve(model.History).Save(path);
            cmdlet.WriteVerbose($"Wrote the training curves to {path}.");
        }
        catch (Core.DeepStatsException e)
        {
            // the model is still written: a chart that could not be saved must not lose the run
            cmdlet.WriteError(DeepStatsCmdlet.ToErrorRecord(e));
        }
        catch (SessionStateException e)
        {
            // a drive or provider that does not exist
            cmdlet.WriteError(new ErrorRecord(e, Core.ErrorIds.FileWriteFailed, ErrorCategory.WriteError, chartPath));
        }
    }
}
