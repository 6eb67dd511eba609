// The trainer runs in the torch plugin (TorchTrainer.cpp, behind TorchBackend.h), which is
// loaded on first use.
#include "core/training/Trainer.h"

#include "core/training/TorchBackend.h"
#include "core/training/TorchPlugin.h"

#include <QDir>
#include <QFileInfo>

namespace lk::training {

RunResult runTraining(const TrainingConfig &config, const ImageSet &train, const ImageSet &test,
    const TrainingPaths &paths, TrainingObserver &observer, bool resume, const ManifestExtras &extras)
{
    return torchBackend().runTraining(config, train, test, paths, observer, resume, extras);
}

int checkpointEpoch(const QString &runDir)
{
    // No checkpoint needs no LibTorch to say so.
    const QString path = QDir(runDir).filePath(QString::fromLatin1(kCheckpointFileName));
    if (!QFileInfo::exists(path))
        return -1;
    return torchBackend().checkpointEpoch(path);
}

} // namespace lk::training
