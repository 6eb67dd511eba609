#include "core/training/VersionReport.h"

#include "core/training/TorchPlugin.h"
#include "core/training/TorchRuntime.h"

#include "core/common/Error.h"
#include "core/common/Versions.h"
#include "core/storage/Database.h"

#include <QtGlobal>

namespace lk {

QJsonObject versionReport()
{
    QJsonObject libtorch;
    try {
        const training::TorchRuntimeInfo torch = training::probeTorchRuntime();
        libtorch = QJsonObject {{QStringLiteral("version"), torch.version},
            {QStringLiteral("intra_op_threads"), torch.intraOpThreads},
            {QStringLiteral("matmul_check"),
                QJsonObject {{QStringLiteral("passed"), torch.matmulCheckPassed},
                    {QStringLiteral("detail"), torch.matmulCheck}}},
            {QStringLiteral("plugin"), training::loadedTorchPluginPath()}};
    } catch (const Error &e) {
        libtorch = QJsonObject {{QStringLiteral("error"), e.message()}};
    }
    return QJsonObject {
        {QStringLiteral("loopkeeper"), loopkeeperVersion()},
        {QStringLiteral("qt"),
            QJsonObject {{QStringLiteral("runtime"), QString::fromLatin1(qVersion())},
                {QStringLiteral("build"), QStringLiteral(QT_VERSION_STR)}}},
        {QStringLiteral("libtorch"), libtorch},
        {QStringLiteral("sqlite"), storage::sqliteVersion()},
        // After the probe: the BLAS is LibTorch's, loaded with the plugin.
        {QStringLiteral("blas"), loadedBlasLibrary()},
    };
}

} // namespace lk
