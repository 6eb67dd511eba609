#include "core/training/VersionReport.h"

#include "core/common/Versions.h"
#include "core/storage/Database.h"
#include "core/training/TorchRuntime.h"

namespace lk {

QJsonObject versionReport()
{
    const training::TorchRuntimeInfo torch = training::probeTorchRuntime();
    return QJsonObject {
        { QStringLiteral("loopkeeper"), loopkeeperVersion() },
        { QStringLiteral("qt"),
            QJsonObject { { QStringLiteral("runtime"), QString::fromLatin1(qVersion()) },
                { QStringLiteral("build"), QStringLiteral(QT_VERSION_STR) } } },
        { QStringLiteral("libtorch"),
            QJsonObject { { QStringLiteral("version"), torch.version },
                { QStringLiteral("intra_op_threads"), torch.intraOpThreads },
                { QStringLiteral("matmul_check"),
                    QJsonObject { { QStringLiteral("passed"), torch.matmulCheckPassed },
                        { QStringLiteral("detail"), torch.matmulCheck } } } } },
        { QStringLiteral("sqlite"), storage::sqliteVersion() },
        { QStringLiteral("blas"), loadedBlasLibrary() },
    };
}

} // namespace lk
