namespace DeepStats.Core;

/// <summary>
/// The catalogue of stable error ids: every <c>DeepStatsException</c> and every ErrorRecord the
/// module writes takes its id from here, one meaning per id. Scripts and tests rely on them
/// (<c>FullyQualifiedErrorId</c>), so an id is never renamed or reused for another meaning.
/// New ids go at the end, each with a one-line summary of when it is raised (ErrorIdTests checks
/// that every id used in src/ is here, PascalCase, unique and documented).
/// </summary>
public static class ErrorIds
{
    /// <summary>A file or path given to a cmdlet or reader does not exist (or no file matches a wildcard).</summary>
    public const string FileNotFound = nameof(FileNotFound);
    /// <summary>A path is on a PowerShell provider other than the file system.</summary>
    public const string NotAFileSystemPath = nameof(NotAFileSystemPath);
    /// <summary>A built-in sample's data file is missing from the module folder.</summary>
    public const string SampleNotFound = nameof(SampleNotFound);
    /// <summary>The data would not fit in the memory the process may use.</summary>
    public const string DatasetTooLarge = nameof(DatasetTooLarge);
    /// <summary>The pipeline into Start-Training (datasets) or Test-Model (models) was empty: nothing arrived to work on.</summary>
    public const string NoDataReceived = nameof(NoDataReceived);
    /// <summary>A gzip-compressed (or gzip-looking) file cannot be decompressed.</summary>
    public const string CsvBadGzip = nameof(CsvBadGzip);
    /// <summary>A file given as a table is not text (binary content, a NUL byte, a known binary format).</summary>
    public const string CsvBinaryContent = nameof(CsvBinaryContent);
    /// <summary>A CSV file is empty.</summary>
    public const string CsvEmptyFile = nameof(CsvEmptyFile);
    /// <summary>A CSV header has more columns than a table may have (often a wrong separator).</summary>
    public const string CsvTooManyColumns = nameof(CsvTooManyColumns);
    /// <summary>A CSV row has a different number of fields than the header.</summary>
    public const string CsvRaggedRow = nameof(CsvRaggedRow);
    /// <summary>A CSV value in a numeric column is beyond the float64 range (or infinite).</summary>
    public const string CsvValueOutOfRange = nameof(CsvValueOutOfRange);
    /// <summary>A CSV file has a header but no data rows.</summary>
    public const string CsvNoDataRows = nameof(CsvNoDataRows);
    /// <summary>A CSV field (or header name) is longer than a field may be.</summary>
    public const string CsvFieldTooLarge = nameof(CsvFieldTooLarge);
    /// <summary>A CSV value in a column declared Boolean is not true/false, yes/no or 1/0.</summary>
    public const string CsvNotBoolean = nameof(CsvNotBoolean);
    /// <summary>A CSV value in a numeric column is not a number.</summary>
    public const string CsvTextInNumericColumn = nameof(CsvTextInNumericColumn);
    /// <summary>A CSV header name is blank.</summary>
    public const string CsvBlankHeader = nameof(CsvBlankHeader);
    /// <summary>Two CSV columns have the same header name.</summary>
    public const string CsvDuplicateHeader = nameof(CsvDuplicateHeader);
    /// <summary>A CSV record is longer than a record may be (usually a quote left open).</summary>
    public const string CsvRecordTooLarge = nameof(CsvRecordTooLarge);
    /// <summary>A quoted CSV field is never closed.</summary>
    public const string CsvUnterminatedQuote = nameof(CsvUnterminatedQuote);
    /// <summary>A quote appears inside an unquoted CSV field.</summary>
    public const string CsvStrayQuote = nameof(CsvStrayQuote);
    /// <summary>Text follows the closing quote of a CSV field.</summary>
    public const string CsvTextAfterQuote = nameof(CsvTextAfterQuote);
    /// <summary>A quoted CSV field holds a line break where that is not allowed.</summary>
    public const string CsvLineBreakInQuotes = nameof(CsvLineBreakInQuotes);
    /// <summary>A CSV line is malformed in a way not named by a more specific id.</summary>
    public const string CsvMalformed = nameof(CsvMalformed);
    /// <summary>The -Target column is not in the data.</summary>
    public const string TargetColumnNotFound = nameof(TargetColumnNotFound);
    /// <summary>A column named in -ColumnType is not in the data.</summary>
    public const string ColumnTypeColumnNotFound = nameof(ColumnTypeColumnNotFound);
    /// <summary>A name or pattern given to -Include matches no column.</summary>
    public const string IncludedColumnNotFound = nameof(IncludedColumnNotFound);
    /// <summary>A name or pattern given to -Exclude matches no column.</summary>
    public const string ExcludedColumnNotFound = nameof(ExcludedColumnNotFound);
    /// <summary>A target asked to be a number to predict holds a value that is not a number.</summary>
    public const string TargetNotNumeric = nameof(TargetNotNumeric);
    /// <summary>-ColumnType names a kind other than Numeric, Categorical or Boolean.</summary>
    public const string InvalidColumnType = nameof(InvalidColumnType);
    /// <summary>-Encoding names an encoding the system does not know.</summary>
    public const string UnknownEncoding = nameof(UnknownEncoding);
    /// <summary>The input objects have no properties to make columns of.</summary>
    public const string NoColumns = nameof(NoColumns);
    /// <summary>An input object has a different number of values than there are columns.</summary>
    public const string RaggedRow = nameof(RaggedRow);
    /// <summary>No input objects arrived to make a dataset of.</summary>
    public const string NoDataRows = nameof(NoDataRows);
    /// <summary>A value of an input object is infinite or beyond the float64 range.</summary>
    public const string ValueOutOfRange = nameof(ValueOutOfRange);
    /// <summary>A value of an input object in a numeric column is not a number.</summary>
    public const string TextInNumericColumn = nameof(TextInNumericColumn);
    /// <summary>A value of an input object in a column declared Boolean is not true/false, yes/no or 1/0.</summary>
    public const string NotBoolean = nameof(NotBoolean);
    /// <summary>A column of the input objects has a blank name.</summary>
    public const string BlankColumnName = nameof(BlankColumnName);
    /// <summary>Two columns of the input objects have the same name (compared without case).</summary>
    public const string DuplicateColumnName = nameof(DuplicateColumnName);
    /// <summary>A name given to -Property matches no property of the input objects.</summary>
    public const string PropertyNotFound = nameof(PropertyNotFound);
    /// <summary>Get-DatasetStatistics received datasets and plain objects in one pipeline.</summary>
    public const string MixedInput = nameof(MixedInput);
    /// <summary>Validation and test fractions leave no rows for training, or are outside [0, 1).</summary>
    public const string InvalidFraction = nameof(InvalidFraction);
    /// <summary>A split leaves no rows for training.</summary>
    public const string EmptySplit = nameof(EmptySplit);
    /// <summary>A fold count is below 2 or above the number of rows (or groups).</summary>
    public const string InvalidFoldCount = nameof(InvalidFoldCount);
    /// <summary>The -GroupBy column is not in the dataset.</summary>
    public const string GroupColumnNotFound = nameof(GroupColumnNotFound);
    /// <summary>Data given to a model does not have the schema (columns, kinds, shape, target kind) it was trained on.</summary>
    public const string SchemaMismatch = nameof(SchemaMismatch);
    /// <summary>Join-Dataset was given a dataset that carries preprocessing steps; only data as imported is appended.</summary>
    public const string DatasetNotRaw = nameof(DatasetNotRaw);
    /// <summary>-Schema was given something other than a model, a dataset or a schema contract.</summary>
    public const string InvalidSchemaReference = nameof(InvalidSchemaReference);
    /// <summary>A categorical value was not seen in training and the column has no unknown level.</summary>
    public const string UnseenCategory = nameof(UnseenCategory);
    /// <summary>An IDX image file does not hold a 3- or 4-dimensional array.</summary>
    public const string IdxNotImages = nameof(IdxNotImages);
    /// <summary>An IDX label file does not hold a 1-dimensional array.</summary>
    public const string IdxNotLabels = nameof(IdxNotLabels);
    /// <summary>An IDX label file has a different count than its image file.</summary>
    public const string IdxCountMismatch = nameof(IdxCountMismatch);
    /// <summary>Fewer class names were given than the labels need.</summary>
    public const string ClassNamesTooFew = nameof(ClassNamesTooFew);
    /// <summary>A file does not start with the IDX magic number.</summary>
    public const string IdxBadMagic = nameof(IdxBadMagic);
    /// <summary>An IDX file holds an element type other than unsigned bytes.</summary>
    public const string IdxUnsupportedType = nameof(IdxUnsupportedType);
    /// <summary>An IDX file ends before its header or data does.</summary>
    public const string IdxTruncated = nameof(IdxTruncated);
    /// <summary>An IDX header declares a negative dimension.</summary>
    public const string IdxBadHeader = nameof(IdxBadHeader);
    /// <summary>An IDX file declares more values than one array can hold.</summary>
    public const string IdxTooLarge = nameof(IdxTooLarge);
    /// <summary>-Size is not two positive numbers of a sensible size.</summary>
    public const string InvalidImageSize = nameof(InvalidImageSize);
    /// <summary>An image folder has no class sub-folders.</summary>
    public const string ImageFolderNoClasses = nameof(ImageFolderNoClasses);
    /// <summary>A class sub-folder of an image folder holds no PNG or JPEG file.</summary>
    public const string ImageFolderEmptyClass = nameof(ImageFolderEmptyClass);
    /// <summary>An image file cannot be decoded as PNG or JPEG.</summary>
    public const string ImageDecodeFailed = nameof(ImageDecodeFailed);
    /// <summary>Images of one folder differ in size and no -Size was given.</summary>
    public const string ImageSizeMismatch = nameof(ImageSizeMismatch);
    /// <summary>A confidence level is not strictly between 0 and 1.</summary>
    public const string InvalidConfidenceLevel = nameof(InvalidConfidenceLevel);
    /// <summary>-Target asks for another target than the one the dataset already has.</summary>
    public const string TargetConflict = nameof(TargetConflict);
    /// <summary>A model spec holds a layer type that cannot be built.</summary>
    public const string UnknownLayer = nameof(UnknownLayer);
    /// <summary>A model spec JSON is empty or not valid.</summary>
    public const string ModelSpecInvalid = nameof(ModelSpecInvalid);
    /// <summary>Options given to a network constructor (New-ConvNet, New-FeedForwardNet, New-RecurrentNet) are invalid.</summary>
    public const string InvalidModelOptions = nameof(InvalidModelOptions);
    /// <summary>A layer cannot take the shape its input has (named with the layer and the shapes).</summary>
    public const string ModelShapeMismatch = nameof(ModelShapeMismatch);
    /// <summary>A transform is asked to fit or apply to a kind of data it does not handle.</summary>
    public const string TransformKindMismatch = nameof(TransformKindMismatch);
    /// <summary>The Constant imputation strategy was given no value.</summary>
    public const string ImputeConstantMissing = nameof(ImputeConstantMissing);
    /// <summary>An imputation constant does not suit the column's kind.</summary>
    public const string ImputeConstantType = nameof(ImputeConstantType);
    /// <summary>A column has only missing values, so no fill value can be fitted.</summary>
    public const string ImputeAllMissing = nameof(ImputeAllMissing);
    /// <summary>Data does not have the columns a fitted transform was fitted on.</summary>
    public const string TransformSchemaMismatch = nameof(TransformSchemaMismatch);
    /// <summary>A series has fewer rows than a window plus its horizon.</summary>
    public const string SeriesTooShort = nameof(SeriesTooShort);
    /// <summary>Data with missing values reached a step that cannot skip them (training, windows).</summary>
    public const string MissingValues = nameof(MissingValues);
    /// <summary>A value does not fit in float32, the precision tensors use.</summary>
    public const string ValueOverflowsFloat32 = nameof(ValueOverflowsFloat32);
    /// <summary>A column named for windows is not in the dataset.</summary>
    public const string ColumnNotFound = nameof(ColumnNotFound);
    /// <summary>A column used for windows or forecasts is not numeric.</summary>
    public const string ColumnNotNumeric = nameof(ColumnNotNumeric);
    /// <summary>Window, horizon or column options of ConvertTo-Sequence are invalid.</summary>
    public const string InvalidWindow = nameof(InvalidWindow);
    /// <summary>A column has only missing values, so it cannot be standardized.</summary>
    public const string StandardizeAllMissing = nameof(StandardizeAllMissing);
    /// <summary>Data carries transforms fitted elsewhere than the model's own.</summary>
    public const string ForeignTransform = nameof(ForeignTransform);
    /// <summary>-Reference of ConvertTo-Imputed carries no fitted imputer.</summary>
    public const string ReferenceNotImputed = nameof(ReferenceNotImputed);
    /// <summary>-Reference of ConvertTo-Standardized carries no fitted standardizer.</summary>
    public const string ReferenceNotStandardized = nameof(ReferenceNotStandardized);
    /// <summary>A target holding classes was used where numbers are needed.</summary>
    public const string NotRegression = nameof(NotRegression);
    /// <summary>Class predictions were asked of a model that predicts numbers.</summary>
    public const string NotClassifier = nameof(NotClassifier);
    /// <summary>Number predictions were asked of a model that predicts classes.</summary>
    public const string NotRegressor = nameof(NotRegressor);
    /// <summary>A classification target has fewer than 2 classes.</summary>
    public const string TooFewClasses = nameof(TooFewClasses);
    /// <summary>Too few rows to train on or to compute the metrics.</summary>
    public const string TooFewRows = nameof(TooFewRows);
    /// <summary>A training option (epochs, batch size, learning rate, fractions, ...) is out of range or contradicts another.</summary>
    public const string InvalidTrainingOption = nameof(InvalidTrainingOption);
    /// <summary>A dataset without a target was given for training or evaluation.</summary>
    public const string NoTarget = nameof(NoTarget);
    /// <summary>The target of evaluation data has missing values.</summary>
    public const string MissingLabels = nameof(MissingLabels);
    /// <summary>There are no rows to evaluate.</summary>
    public const string NoRows = nameof(NoRows);
    /// <summary>A text file read as UTF-8 holds bytes that are not UTF-8 (a Latin-1 or Windows-1252 file): named by line and column.</summary>
    public const string CsvInvalidUtf8 = nameof(CsvInvalidUtf8);
    /// <summary>An inferred text column whose values all look like numbers written another way (decimal comma, or point) than the culture reads.</summary>
    public const string CsvNumbersInAnotherFormat = nameof(CsvNumbersInAnotherFormat);
    /// <summary>-Delimiter is a character that cannot separate fields (a quote, a line break, a control or non-ASCII character).</summary>
    public const string CsvInvalidDelimiter = nameof(CsvInvalidDelimiter);
    /// <summary>A target whose kind the data does not settle (integers with many distinct values): -TargetKind must say.</summary>
    public const string AmbiguousTargetKind = nameof(AmbiguousTargetKind);
    /// <summary>Get-DatasetStatistics -Path was asked for correlations or associations, which need the columns of an imported dataset together.</summary>
    public const string CorrelationNeedsDataset = nameof(CorrelationNeedsDataset);
    /// <summary>A standardizer was asked to fit on zero rows.</summary>
    public const string StandardizeNoRows = nameof(StandardizeNoRows);
    /// <summary>A -Column name or pattern of ConvertTo-Standardized matches no column.</summary>
    public const string StandardizeColumnNotFound = nameof(StandardizeColumnNotFound);
    /// <summary>A column named in ConvertTo-Standardized -Column is not numeric.</summary>
    public const string StandardizeColumnNotNumeric = nameof(StandardizeColumnNotNumeric);
    /// <summary>A stored row fingerprint (Bloom filter) is malformed.</summary>
    public const string InvalidRowFilter = nameof(InvalidRowFilter);
    /// <summary>Select-Feature was given image or sequence data.</summary>
    public const string FeatureSelectionNotTabular = nameof(FeatureSelectionNotTabular);
    /// <summary>Select-Feature lacks a valid -Top or -Threshold (or got both).</summary>
    public const string FeatureSelectionCriterion = nameof(FeatureSelectionCriterion);
    /// <summary>The Select-Feature method needs a target (or a numeric one) that the data lacks.</summary>
    public const string FeatureSelectionNeedsTarget = nameof(FeatureSelectionNeedsTarget);
    /// <summary>An augmentation option is out of range.</summary>
    public const string InvalidAugmentation = nameof(InvalidAugmentation);
    /// <summary>An augmentation policy holds image operations but the data is a table (or the reverse).</summary>
    public const string AugmentationNotApplicable = nameof(AugmentationNotApplicable);
    /// <summary>A model file is truncated or damaged: its zip structure, an entry's compressed data, its JSON or its weights cannot be read.</summary>
    public const string ModelFileCorrupt = nameof(ModelFileCorrupt);
    /// <summary>A model file's entries do not match its manifest (a SHA-256 or length differs, an entry is missing or added).</summary>
    public const string ModelFileTampered = nameof(ModelFileTampered);
    /// <summary>A model file was written by a newer DeepStats with a format version this one cannot read.</summary>
    public const string ModelFormatTooNew = nameof(ModelFormatTooNew);
    /// <summary>A file given as a model is not a DeepStats model file (not a zip archive, or a zip without a DeepStats manifest).</summary>
    public const string NotAModelFile = nameof(NotAModelFile);
    /// <summary>Save-Model would replace an existing file without -Force.</summary>
    public const string ModelFileExists = nameof(ModelFileExists);
    /// <summary>Save-Model could not write or rename the model file (folder missing, no permission, disk full).</summary>
    public const string ModelFileWriteFailed = nameof(ModelFileWriteFailed);
    /// <summary>A model file's weights do not fit the network its spec describes (a tensor missing, extra, or of another shape or dtype).</summary>
    public const string ModelWeightsMismatch = nameof(ModelWeightsMismatch);
    /// <summary>A model file holds a preprocessing step of a kind this version does not know.</summary>
    public const string UnknownTransformKind = nameof(UnknownTransformKind);
    /// <summary>A row given to Invoke-Prediction has a value that does not fit the model's input schema (text in a numeric column, an unseen category, a missing column).</summary>
    public const string PredictionInputInvalid = nameof(PredictionInputInvalid);
    /// <summary>Test-Model's quality gate (-MinimumAccuracy, -MinimumF1, -MinimumAuc, -MaximumRmse) was not met.</summary>
    public const string QualityGateFailed = nameof(QualityGateFailed);
    /// <summary>Test-DataDrift -FailOnDrift found a column whose adjusted p is below alpha with a PSI at least the threshold.</summary>
    public const string DataDriftDetected = nameof(DataDriftDetected);
    /// <summary>Compare-Model was given models that predict different targets or classes, so their rows cannot be paired.</summary>
    public const string ModelsNotComparable = nameof(ModelsNotComparable);
    /// <summary>A metric cannot be computed on the data (for example a class absent from the test rows); the message says why.</summary>
    public const string MetricUndefined = nameof(MetricUndefined);
    /// <summary>A quality gate of Test-Model does not apply to the model's kind (-MaximumRmse on a classifier, -MinimumAccuracy on a regressor).</summary>
    public const string InvalidQualityGate = nameof(InvalidQualityGate);
    /// <summary>Export-Chart / Export-ModelReport got an object it cannot draw, or a chart kind that does not fit the object (e.g. ROC of a numeric target).</summary>
    public const string ChartNotApplicable = nameof(ChartNotApplicable);
    /// <summary>Export-Chart's -Path has an extension other than .png or .svg.</summary>
    public const string UnsupportedChartFormat = nameof(UnsupportedChartFormat);
    /// <summary>A chart or report file exists and -NoClobber was given.</summary>
    public const string ChartFileExists = nameof(ChartFileExists);
    /// <summary>The folder a chart or report is to be written to does not exist.</summary>
    public const string OutputFolderNotFound = nameof(OutputFolderNotFound);
    /// <summary>Cross-validation results (or data) drawn from different fold plans were joined, compared or run together.</summary>
    public const string CrossValidationPlanMismatch = nameof(CrossValidationPlanMismatch);
    /// <summary>Cross-validation pieces trained with different models or training options were joined.</summary>
    public const string CrossValidationConfigurationMismatch = nameof(CrossValidationConfigurationMismatch);
    /// <summary>The same fold of a cross-validation plan came in more than one piece to join.</summary>
    public const string CrossValidationDuplicateFold = nameof(CrossValidationDuplicateFold);
    /// <summary>-Fold named a fold number outside 1..Folds.</summary>
    public const string CrossValidationFoldOutOfRange = nameof(CrossValidationFoldOutOfRange);
    /// <summary>The data carries a fitted step that cannot be refitted on held-out training rows (a fit made before windowing a series); raised by every held-out split (validation split, Split-Dataset, cross-validation).</summary>
    public const string CrossValidationCannotRefit = nameof(CrossValidationCannotRefit);
    /// <summary>Two cross-validation results have too few folds in common (or a missing metric) to compare.</summary>
    public const string CrossValidationNothingToCompare = nameof(CrossValidationNothingToCompare);
    /// <summary>The requested comparison test does not fit the plan (the 5x2cv F-test needs -Folds 2 -Repeat 5, all folds).</summary>
    public const string CrossValidationTestNotApplicable = nameof(CrossValidationTestNotApplicable);
    /// <summary>A metric was named that the metric catalogue does not know (Compare-Model -Metric); the message lists the known ones.</summary>
    public const string UnknownMetric = nameof(UnknownMetric);
    /// <summary>A comparison was asked on a metric with no better direction (a signed one such as Bias, or an interval bound).</summary>
    public const string MetricHasNoDirection = nameof(MetricHasNoDirection);
    /// <summary>Compare-Model was given neither two trained models with -Data nor two cross-validation results.</summary>
    public const string InvalidComparisonInput = nameof(InvalidComparisonInput);
    /// <summary>The training loss became NaN or infinite (names epoch, batch and learning rate).</summary>
    public const string TrainingDiverged = nameof(TrainingDiverged);
    /// <summary>A training checkpoint cannot be read or belongs to other data, network or options.</summary>
    public const string CheckpointMismatch = nameof(CheckpointMismatch);
    /// <summary>The chosen loss does not suit the target kind (cross-entropy for numbers, MSE for classes).</summary>
    public const string LossNotForTarget = nameof(LossNotForTarget);
    /// <summary>A class weight names a label the target does not have, or is not a positive number.</summary>
    public const string InvalidClassWeight = nameof(InvalidClassWeight);
    /// <summary>Validation data does not match the training data (other target, columns or kind).</summary>
    public const string ValidationDataMismatch = nameof(ValidationDataMismatch);
    /// <summary>A training checkpoint could not be written (folder missing and not creatable, no permission, disk full).</summary>
    public const string CheckpointWriteFailed = nameof(CheckpointWriteFailed);
    /// <summary>A chart, report or other output file could not be written (folder missing, path is a folder, no permission, disk full).</summary>
    public const string FileWriteFailed = nameof(FileWriteFailed);
    /// <summary>-Resume with another -Epochs under a schedule whose shape depends on the epoch count (Cosine, OneCycle, Step without a step size).</summary>
    public const string ResumeChangesSchedule = nameof(ResumeChangesSchedule);
    /// <summary>A network (built, trained or read from a model file) needs more memory than the budget (weights, gradients, optimiser state, a batch of activations): names the layer.</summary>
    public const string ModelTooLarge = nameof(ModelTooLarge);
    /// <summary>A training checkpoint's content does not have the hash its header records: it was damaged or edited after it was written.</summary>
    public const string CheckpointCorrupt = nameof(CheckpointCorrupt);
    /// <summary>A folder was given where a file is expected (Import-Model, Invoke-Prediction -Path).</summary>
    public const string PathIsAFolder = nameof(PathIsAFolder);
    /// <summary>A defect in DeepStats, not an input error: an exception that is not a DeepStats error reached the cmdlet (the message holds it).</summary>
    public const string InternalError = nameof(InternalError);
    /// <summary>Export-Model -Format Onnx met a layer, fitted state or setting that has no ONNX form (the message names it); nothing is written.</summary>
    public const string OnnxExportUnsupported = nameof(OnnxExportUnsupported);
    /// <summary>Export-Model -NoClobber was given and the target file exists.</summary>
    public const string ExportFileExists = nameof(ExportFileExists);
    /// <summary>A hyperparameter search space is empty, names a parameter that cannot be searched, or gives a value or range that does not fit it (or a grid too large).</summary>
    public const string InvalidSearchSpace = nameof(InvalidSearchSpace);
}
