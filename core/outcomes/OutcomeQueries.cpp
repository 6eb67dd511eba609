#include "core/outcomes/OutcomeQueries.h"

#include <QJsonDocument>

namespace lk::outcomes {

QStringList recommendParameters()
{
    return {QStringLiteral("task_type"), QStringLiteral("context"), QStringLiteral("top_k")};
}

RecommendQuery recommendQuery(const QJsonObject &request)
{
    RecommendQuery q;
    const QJsonValue task = request.value(QStringLiteral("task_type"));
    if (!task.isString() || task.toString().isEmpty())
        throw query::invalid(QStringLiteral("task_type is required."), QStringLiteral("task_type"));
    q.taskType = task.toString();
    const QString tooLong = limits::lengthProblem(QStringLiteral("task_type"), q.taskType, limits::kMaxNameLength);
    if (!tooLong.isEmpty())
        throw query::invalid(tooLong, QStringLiteral("task_type"));
    q.topK = int(query::wholeNumber(request, QStringLiteral("top_k"), limits::kDefaultTopK, 1, limits::kMaxTopK));
    const QJsonValue context = request.value(QStringLiteral("context"));
    if (!context.isUndefined() && !context.isObject())
        throw query::invalid(QStringLiteral("context must be an object."), QStringLiteral("context"));
    if (limits::jsonDepth(context) > limits::kMaxJsonDepth
        || QJsonDocument(context.toObject()).toJson(QJsonDocument::Compact).size() > limits::kMaxObjectBytes)
        throw query::invalid(QStringLiteral("context is larger than %1 bytes of JSON or nested deeper than %2.")
                                 .arg(limits::kMaxObjectBytes)
                                 .arg(limits::kMaxJsonDepth),
            QStringLiteral("context"));
    q.context = context.toObject();
    return q;
}

} // namespace lk::outcomes
