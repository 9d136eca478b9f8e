using System.Text.Json.Serialization;

namespace DeepStats.Core.Training;

/// <summary>Why a training run ended. Every trained model carries one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StopReason>))]
public enum StopReason
{
    /// <summary>Every requested epoch ran.</summary>
    Completed,
    /// <summary>The monitored metric stopped improving for -Patience epochs; the best epoch's weights were kept.</summary>
    EarlyStopping,
    /// <summary>The run was cancelled (Ctrl+C, StopProcessing, a cancelled token); the best complete epoch's weights were kept.</summary>
    Cancelled,
    /// <summary>The loss became NaN or infinite; the best complete epoch's weights were kept.</summary>
    Diverged,
}

/// <summary>The optimiser that updates the weights (TorchSharp's implementations).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OptimizerKind>))]
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba 2015); weight decay is added to the gradient (L2).</summary>
    Adam,
    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter 2019).</summary>
    AdamW,
    /// <summary>Stochastic gradient descent, optionally with (Nesterov) momentum.</summary>
    SGD,
    /// <summary>RMSprop (Hinton 2012), optionally with momentum.</summary>
    RMSprop,
}

/// <summary>The loss minimised during training. Auto: cross-entropy for a class target, MSE for a numeric one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LossKind>))]
public enum LossKind
{
    Auto,
    /// <summary>Cross-entropy of the softmax of the outputs (class targets).</summary>
    CrossEntropy,
    /// <summary>Mean squared error (numeric targets).</summary>
    MSE,
    /// <summary>Mean absolute error (numeric targets).</summary>
    MAE,
    /// <summary>Huber loss with delta 1 on the standardized target (numeric targets).</summary>
    Huber,
}

/// <summary>How the learning rate changes from epoch to epoch (TorchSharp's schedulers).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleKind>))]
public enum ScheduleKind
{
    /// <summary>The same rate every epoch.</summary>
    Constant,
    /// <summary>Multiplied by Gamma every StepSize epochs.</summary>
    Step,
    /// <summary>Cosine annealing from the rate to MinLearningRate.</summary>
    Cosine,
    /// <summary>One cycle (Smith 2018): up from rate/25 to the rate over 30% of the epochs, then down to rate/25/10000.</summary>
    OneCycle,
    /// <summary>Multiplied by Factor when the monitored loss has not improved for Patience epochs.</summary>
    ReduceOnPlateau,
}

/// <summary>The per-epoch quantity early stopping and best-weight selection watch.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MonitorMetric>))]
public enum MonitorMetric
{
    /// <summary>Validation loss (lower is better); the training loss when there is no validation data.</summary>
    ValidationLoss,
    /// <summary>Validation accuracy (higher is better; class targets with validation data).</summary>
    ValidationAccuracy,
    /// <summary>Training loss (lower is better).</summary>
    Loss,
}
