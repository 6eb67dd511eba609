#pragma once

// Reading a training run's metric history from the two forms runs leave behind:
//
// JSON — {"epochs": [{"epoch": 0, "train_loss": 0.9, "val_loss": 1.1, "val_accuracy": 0.61,
//         "lr": 0.01}, ...]} or just the array. A metric that is missing or null was not
//         measured. JSON has no NaN or infinity, so they may be given as the strings "NaN",
//         "Infinity", "-Infinity" (or "nan", "inf", "-inf"), or as the bare tokens Python's
//         json.dumps() writes. Other keys are ignored (runs log more than we analyze).
// CSV  — a header row naming the columns, in any order: epoch, train_loss, val_loss and
//         optionally val_accuracy and lr, then one row per epoch. Keras' CSVLogger names work
//         too: loss for train_loss, val_acc for val_accuracy, learning_rate for lr; other
//         columns are ignored. An empty cell was not measured; nan and inf are values. Blank
//         lines and lines starting with # are skipped.
//
// Epoch numbers are whole numbers, 0 or more, strictly increasing: 0-based indexes, as Keras'
// CSVLogger and our runs write them; the analysis' sentences name epoch i "epoch i+1", as Keras
// prints it (EpochNumber.h), while its JSON keeps the indexes. A loss given as NaN is a
// measured NaN (EpochMetrics::trainLossNaN / valLossNaN), which the analysis reports as
// divergence.

#include "core/analysis/CurveHealth.h"

#include <QByteArray>

#include <vector>

namespace lk::analysis {

/// Parses a metric history in JSON or CSV (told apart by the first character). Throws
/// lk::Error(Input) with a message naming the line or entry, the field, and what was wrong.
std::vector<EpochMetrics> parseMetricHistory(const QByteArray &data);

} // namespace lk::analysis
