#include "core/autoretrain/DatasetSplit.h"

#include <QCryptographicHash>

namespace lk::autoretrain {

QString splitName(Split split)
{
    return split == Split::Eval ? QStringLiteral("eval") : QStringLiteral("train");
}

double splitPosition(const QString &runId, quint64 seed)
{
    const QByteArray key = QByteArray::number(seed) + '\n' + runId.toUtf8();
    const QByteArray digest = QCryptographicHash::hash(key, QCryptographicHash::Sha256);
    quint64 high = 0;
    for (int i = 0; i < 8; ++i)
        high = (high << 8) | quint8(digest.at(i));
    // 53 bits fill a double's mantissa exactly, so the position is the same on every machine.
    return double(high >> 11) / double(quint64(1) << 53);
}

Split splitFor(const QString &runId, quint64 seed, double evalFraction)
{
    return splitPosition(runId, seed) < evalFraction ? Split::Eval : Split::Train;
}

} // namespace lk::autoretrain
