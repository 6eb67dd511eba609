#pragma once

// Curve health: what a training run's metric history says about the run — its best epoch, a
// plateau, overfitting, divergence — and what to do next. Pure functions over a history; the
// training runner calls analyzeHealth() after every epoch for early stopping and learning-rate
// reduction, and `loopkeeper-cli analyze` calls it on a file.
//
// Plateau: two conventions, each a faithful port of the library code people compare against.
//
//   PyTorch — torch.optim.lr_scheduler.ReduceLROnPlateau.step() and is_better() (torch 1.13,
//   torch/optim/lr_scheduler.py), per value of the monitor:
//       better = min/rel: a < best*(1-threshold)   min/abs: a < best-threshold
//                max/rel: a > best*(1+threshold)   max/abs: a > best+threshold
//       (best starts at +inf for min, -inf for max)
//       if better: best = a; num_bad_epochs = 0   else: num_bad_epochs += 1
//       if cooldown_counter > 0: cooldown_counter -= 1; num_bad_epochs = 0
//       if num_bad_epochs > patience: FIRE (the lr is reduced);
//                                     cooldown_counter = cooldown; num_bad_epochs = 0
//   tests/tst_curvehealth.cpp checks this against the real torch scheduler.
//
//   Keras — keras.callbacks.EarlyStopping.on_epoch_end() and _is_improvement() (Keras 3,
//   keras/src/callbacks/early_stopping.py), with baseline=None and start_from_epoch=0:
//       min_delta = |min_delta|, negated for min mode; best starts at +inf (min) / -inf (max)
//       wait += 1
//       if monitor_op(current - min_delta, best) (less for min, greater for max):
//           best = current; wait = 0
//       elif wait >= patience and epoch > 0: FIRE (training stops)
//   `epoch` there is the 0-based index of the epoch in fit(); here it is the position of the
//   value in the history.
//
//   An epoch without a value of the monitor is skipped, as both libraries skip it (PyTorch's
//   step() is not called, Keras returns early); a value that was measured as NaN counts as
//   "not better" in both, and so here.
//
// Overfitting: Prechelt, "Early Stopping — But When?" (1998), with E_va/E_tr the validation and
// training loss:
//       GL(t)   = 100 * (E_va(t) / E_opt(t) - 1),   E_opt(t) = min_{t' <= t} E_va(t')
//       P_k(t)  = 1000 * (sum_{t'=t-k+1..t} E_tr(t') / (k * min_{t' in strip} E_tr(t')) - 1)
//       PQ(t)   = GL(t) / P_k(t)
//   Prechelt evaluates PQ at the end of each strip of k epochs; here it is evaluated every epoch
//   over the trailing strip so that a runner can check after each epoch. GL needs E_opt > 0 and
//   P_k needs k finite training losses with a positive minimum; otherwise they are undefined.
//   If P_k = 0 (no training progress at all) PQ is infinite: reported as undefined, and the PQ
//   criterion counts as met whenever GL > 0.
//   "Detected" at epoch t means ALL of:
//     1. the last `window` epochs up to t have finite training and validation losses;
//     2. over them the least-squares slope of the training loss is < 0 and that of the
//        validation loss is > 0 (the model keeps fitting the training data while getting worse
//        on unseen data);
//     3. GL(t) > glAlpha, or PQ(t) > pqAlpha (the rise is large enough to matter, not noise).
//   The report gives the first such epoch. The generalization gap is E_va - E_tr; its trend is
//   its least-squares slope over the window (loss units per epoch).
//
// Divergence: the first epoch with a non-finite training or validation loss, or (if
// trainLossFactor > 0) a training loss above trainLossFactor times the first finite training loss
// (when that first loss is positive; for losses that can be negative only the first rule applies).
//
// Recommendation, in order of precedence (the first that applies):
//   divergence  -> "restore_best" if a best epoch precedes it, else "stop"
//   overfitting -> "restore_best", or "stop" if the best epoch is the latest one
//   plateau rule fires at the latest epoch -> "reduce_lr" (PyTorch) or "stop" (Keras)
//   otherwise   -> "continue" (the reason says when there are too few epochs to judge)

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <limits>
#include <vector>

namespace lk::analysis {

/// The value of a metric that was not measured in an epoch.
inline constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();

/// One epoch of a training run. NaN means "not measured"; a loss that was measured and came out
/// NaN sets its *NaN flag as well (use measuredEpoch() to get that right), so that divergence is
/// told apart from a missing value. ±infinity is always a measured value.
struct EpochMetrics
{
    int epoch = 0; ///< 0-based index (a training run's first epoch is 0); texts say epochNumber()
    double trainLoss = kAbsent;
    double valLoss = kAbsent;
    double valAccuracy = kAbsent;
    double learningRate = kAbsent;
    bool trainLossNaN = false; ///< trainLoss was computed and is NaN
    bool valLossNaN = false; ///< valLoss was computed and is NaN
};

/// An epoch whose training and validation losses were both computed: a NaN loss is a measured
/// NaN (divergence), not a missing value. What the training runner should use.
EpochMetrics measuredEpoch(
    int epoch, double trainLoss, double valLoss, double valAccuracy = kAbsent, double learningRate = kAbsent);

enum class Mode { Min, Max };
enum class ThresholdMode { Rel, Abs };
enum class Convention { PyTorch, Keras };

/// When the monitored metric has stopped improving. Defaults are the libraries' own unless said.
struct PlateauConfig
{
    QString monitor = QStringLiteral("val_loss"); ///< Keras' default; or train_loss, val_accuracy
    Mode mode = Mode::Min; ///< torch's default; use Max for val_accuracy (the CLI does)
    int patience = 10; ///< torch's default (Keras' 0 would stop at the first flat epoch)
    double threshold = 1e-4; ///< torch's default; PyTorch convention only
    ThresholdMode thresholdMode = ThresholdMode::Rel; ///< torch's default; PyTorch convention only
    double minDelta = 0.0; ///< Keras' default; Keras convention only (its sign is ignored)
    int cooldown = 0; ///< torch's default; PyTorch convention only
    Convention convention = Convention::PyTorch; ///< ours: the runner reduces the lr first
};

/// When the validation loss rises while the training loss falls (see the file comment).
struct OverfittingConfig
{
    int window = 3; ///< ours: the shortest window with a slope that is not just two points
    double glAlpha = 5.0; ///< Prechelt's GL_5, the slowest GL criterion he evaluated
    double pqAlpha = 0.75; ///< Prechelt's PQ_0.75, from the middle of the PQ range he evaluated
    int stripLength = 5; ///< Prechelt's k = 5
};

/// When training has blown up.
struct DivergenceConfig
{
    /// Ours: an epoch-averaged training loss at twice the first epoch's is worse than where
    /// training started, which noise does not explain; 0 disables the rule. The first value
    /// (not the best so far) is the reference so that tiny late losses wobbling do not count.
    double trainLossFactor = 2.0;
};

/// All thresholds of analyzeHealth().
struct HealthConfig
{
    PlateauConfig plateau;
    OverfittingConfig overfitting;
    DivergenceConfig divergence;
};

/// What analyzeHealth() found. Epochs are the `epoch` indexes of the history (0-based, as in
/// JSON); -1 means none. The reasons, being sentences, name epoch i as "epoch i+1"
/// (EpochNumber.h). Doubles are NaN where undefined (null in JSON).
struct HealthReport
{
    QString monitor; ///< the monitored metric's name
    int epochsAnalyzed = 0;
    int lastEpoch = -1;
    int bestEpoch = -1; ///< first epoch with the best value of the monitor
    double bestValue = kAbsent;

    struct Plateau
    {
        bool detected = false; ///< the rule fired at some epoch
        int epoch = -1; ///< the first epoch at which it fired
        QList<int> firingEpochs; ///< every epoch at which it fired (PyTorch fires repeatedly)
        bool firesNow = false; ///< it fires at the latest epoch
        int badEpochs = 0; ///< num_bad_epochs (PyTorch) or wait (Keras) after the latest epoch
        int lastImprovementEpoch = -1; ///< the latest epoch the rule counted as an improvement
        double lastImprovementValue = kAbsent;
        int epochsSinceImprovement = 0; ///< epochs with a value of the monitor since then
    } plateau;

    struct Overfitting
    {
        bool detected = false;
        int epoch = -1; ///< first epoch at which it was detected
        // The following are at `epoch` if detected, else at the latest epoch.
        double gl = kAbsent; ///< Prechelt's generalization loss, percent
        double pq = kAbsent; ///< Prechelt's GL / P_k
        double trainingProgress = kAbsent; ///< Prechelt's P_k, per thousand
        double gap = kAbsent; ///< val_loss - train_loss
        double gapTrend = kAbsent; ///< slope of the gap over the window, per epoch
        double trainSlope = kAbsent; ///< slope of train_loss over the window, per epoch
        double valSlope = kAbsent; ///< slope of val_loss over the window, per epoch
    } overfitting;

    struct Divergence
    {
        bool detected = false;
        int epoch = -1;
        QString reason;
    } divergence;

    struct Recommendation
    {
        QString action; ///< "continue", "stop", "reduce_lr" or "restore_best"
        QString reason; ///< one sentence, with the numbers behind it
    } recommendation;

    HealthConfig config; ///< the configuration the report was made with

    /// The report as JSON (snake_case keys; null for undefined numbers, never NaN).
    QJsonObject toJson() const;
};

/// Analyzes a history in epoch order (epoch numbers strictly increasing). Throws lk::Error
/// (Usage) for an invalid config and (Input) for epochs out of order.
HealthReport analyzeHealth(const std::vector<EpochMetrics> &history, const HealthConfig &config = {});

/// Throws lk::Error(Usage) naming the field if the config cannot be used.
void validate(const HealthConfig &config);

/// "val_loss", "train_loss" and "val_accuracy": the metrics a plateau can be monitored on.
QStringList monitorNames();

/// "min"/"max", "rel"/"abs", "pytorch"/"keras": the names the CLI and JSON use.
QString modeName(Mode mode);
QString thresholdModeName(ThresholdMode mode);
QString conventionName(Convention convention);

} // namespace lk::analysis
