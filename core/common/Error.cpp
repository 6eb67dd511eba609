#include "core/common/Error.h"

namespace lk {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Internal:
        return QStringLiteral("internal");
    case ErrorKind::Usage:
        return QStringLiteral("usage");
    case ErrorKind::Input:
        return QStringLiteral("input");
    case ErrorKind::Workspace:
        return QStringLiteral("workspace");
    }
    return QStringLiteral("internal");
}

Error::Error(ErrorKind kind, const QString &message)
    : std::runtime_error(message.toStdString())
    , m_kind(kind)
    , m_message(message)
{ }

} // namespace lk
