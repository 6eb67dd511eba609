#include "core/common/Versions.h"

#include <QFile>
#include <QFileInfo>

namespace lk {

QString loopkeeperVersion()
{
    return QStringLiteral(LOOPKEEPER_VERSION_STRING);
}

QString loadedBlasLibrary()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    const QList<QByteArray> lines = maps.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const int slash = line.indexOf('/');
        if (slash < 0)
            continue;
        const QString path = QString::fromUtf8(line.mid(slash));
        const QString name = QFileInfo(path).fileName();
        if (name.startsWith(QLatin1String("libopenblas")) || name.startsWith(QLatin1String("libblas"))
            || name.startsWith(QLatin1String("libblis")) || name.startsWith(QLatin1String("libmkl_rt"))) {
            const QString resolved = QFileInfo(path).canonicalFilePath();
            return resolved.isEmpty() ? path : resolved;
        }
    }
    return {};
}

} // namespace lk

#include <QCoreApplication>

namespace lk {

void applyApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Loopkeeper"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("loopkeeper.invalid"));
    QCoreApplication::setApplicationName(QStringLiteral("loopkeeper"));
    QCoreApplication::setApplicationVersion(loopkeeperVersion());
}

} // namespace lk
