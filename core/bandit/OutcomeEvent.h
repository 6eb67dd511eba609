#pragma once

// One outcome of an agent's execution, as the feedback pipeline reports it
// (docs/agent-outcomes.md): which agent ran which kind of task in which context, whether it succeeded, and
// what it cost. The agent-selection model learns from a stream of these.

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <limits>

namespace lk::bandit {

/// One agent execution's outcome. NaN (or -1 for tokens) means "not reported".
struct OutcomeEvent
{
    QString eventId;
    QString agentName;
    QString taskType;
    QJsonObject context; ///< e.g. {"complexity": "high", "domain": "financial"}
    bool success = false;
    double latencyMs = std::numeric_limits<double>::quiet_NaN();
    double qualityScore = std::numeric_limits<double>::quiet_NaN(); ///< in [0, 1]
    double cost = std::numeric_limits<double>::quiet_NaN();
    qint64 tokens = -1;
    QDateTime timestamp; ///< UTC
    QJsonObject extra; ///< fields this version does not know, kept so that nothing is lost
};

/// Validates one event object: required event_id, agent_name, task_type (non-empty strings of at
/// most limits::kMaxIdLength / kMaxNameLength characters) and success (bool); optional context
/// (object), latency_ms in [0, kMaxLatencyMs], quality_score in [0, 1], cost in [0, kMaxCost],
/// tokens (integer in [0, kMaxTokens]), timestamp (ISO 8601; without a zone it is UTC; default:
/// now). null counts as absent for optional fields. Unknown fields are kept in `extra`; context
/// and extra are each at most kMaxObjectBytes of JSON nested at most kMaxJsonDepth deep. Throws
/// lk::Error(Input) whose message names the field and says what is wrong with it (and the limit).
OutcomeEvent parseOutcomeEvent(const QJsonObject &json);

/// The event as parseOutcomeEvent() reads it back (unreported numbers are left out; timestamp in
/// UTC with milliseconds; `extra` fields at the top level).
QJsonObject toJson(const OutcomeEvent &event);

} // namespace lk::bandit
