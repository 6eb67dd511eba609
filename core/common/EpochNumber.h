#pragma once

// One epoch, one number. Epochs are stored, passed around and written as JSON ("epoch",
// "best_epoch", "last_epoch", "plateau.epoch", ...) as 0-based indexes, so that stored
// workspaces and clients keep working. People read them from 1, as Keras and PyTorch Lightning
// print them ("Epoch 1/10"): every text that names an epoch — the Training panel, its chart
// markers and tooltips, CLI lines, curve-health reasons, run messages — says "epoch N" with
// N = epochNumber(index). On a chart's epoch axis x counts finished epochs, so epoch N ends at
// x = N, where its points and markers sit.

namespace lk {

/// The number people read for the epoch with 0-based index `index`: index 0 is epoch 1.
constexpr int epochNumber(int index)
{
    return index + 1;
}

} // namespace lk
