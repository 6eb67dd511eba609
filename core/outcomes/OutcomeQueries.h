#pragma once

// Agent-selection questions as every face asks them: `agents recommend` (CLI) and POST
// /api/learning/predict/agent-selection (REST). What a request may hold (task_type, context,
// top_k and their bounds, docs/limits.md) is checked here, once (core/common/Query.h).

#include "core/common/Query.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace lk::outcomes {

/// One checked agent-selection request.
struct RecommendQuery
{
    QString taskType;
    QJsonObject context;
    int topK = limits::kDefaultTopK;
};

/// Checks one request {"task_type", "context"?, "top_k"?}: task_type required and at most
/// limits::kMaxNameLength characters, context an object of at most kMaxObjectBytes nested at
/// most kMaxJsonDepth deep, top_k from 1 to kMaxTopK (default kDefaultTopK; a JSON integer or
/// a string of one). Throws QueryError(InvalidArgument) naming the field.
RecommendQuery recommendQuery(const QJsonObject &request);

/// The fields recommendQuery() reads.
QStringList recommendParameters();

} // namespace lk::outcomes
