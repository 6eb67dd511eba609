#pragma once

#include <QJsonValue>
#include <QString>

namespace lk {

/// A JSON value as the sender wrote it, for error messages that point at it: null, true,
/// 1.5, "text" (long strings shortened), "an array", "an object", "nothing" when absent.
QString describeJsonValue(const QJsonValue &value);

} // namespace lk
