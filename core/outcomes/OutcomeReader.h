#pragma once

// Outcome events from the bytes callers send (POST /api/learning/outcomes, inbox files,
// `outcomes ingest`): one reader, one validation, for all three.
//
// Why a reader of its own instead of QJsonDocument: ingest is the hot path (the target is
// 200,000 events/s from bytes to model on one core), and building a QJsonDocument, then a
// QJsonObject per event, then a QDateTime from text, costs more than storing the event. The
// reader scans the bytes once; an event made of the common parts (known fields, ASCII strings
// without escapes, numbers, booleans, a context object, an ISO 8601 timestamp) is read
// straight from the bytes, and names and contexts that repeat are looked up instead of
// rebuilt. Anything else — escapes, unknown fields, duplicate keys, a value that fails
// validation — goes through QJsonDocument and bandit::parseOutcomeEvent(), which are the
// definition: the fast path only ever accepts what they accept, with the same result (a test
// reads every event both ways and compares), and every error message comes from them.

#include "core/bandit/OutcomeEvent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonArray>

#include <vector>

namespace lk::outcomes {

/// A valid outcome event, with the UTF-8 text the store binds (so that storing it converts
/// nothing).
struct IncomingEvent
{
    bandit::OutcomeEvent event;
    QByteArray eventId, agentName, taskType; ///< UTF-8
    QByteArray contextJson, extraJson; ///< compact JSON; empty when the event has none
};

/// A batch as read: the valid events in order, and why each other record was refused.
struct OutcomeBatch
{
    int received = 0; ///< records in the batch, valid or not
    std::vector<IncomingEvent> events;
    /// {"index", "event_id", "error"} per refused record; "index" counts records from 0 in the
    /// order they came; JSONL records also say their 1-based "line".
    QJsonArray rejected;
    /// Records that needed the full JSON parser (escapes, unknown fields, bad values …);
    /// the rest were read straight from the bytes. For diagnostics and tests.
    int fullyParsed = 0;
};

/// Reads outcome-event batches. Keeps the agent names, task types and contexts it has seen,
/// so keep one reader for a stream of batches. Not thread-safe: one per thread.
class OutcomeReader
{
public:
    /// A JSON array of events, {"events": [...]}, one event object, or JSONL (one event per
    /// line; a line that is not JSON is refused with its number and the rest go on). Throws
    /// lk::Error(Input) with the parser's message and offset if an array body is not JSON.
    OutcomeBatch read(QByteArrayView data);
    /// Events already parsed; a value that is not an object is refused.
    OutcomeBatch read(const QJsonArray &events);

private:
    struct Name
    {
        QString text;
        QByteArray utf8;
    };
    struct Context
    {
        QJsonObject object;
        QByteArray compact;
        int depth = 0; ///< limits::jsonDepth(object)
    };

    void readRecord(QByteArrayView record, int index, int line, OutcomeBatch &out);
    bool readFast(QByteArrayView record, IncomingEvent &in);
    void readSlow(const QJsonObject &object, int index, int line, OutcomeBatch &out);
    void readJsonLines(QByteArrayView data, OutcomeBatch &out);
    const Name &name(QByteArrayView utf8);
    const Context *context(QByteArrayView raw);

    // Bounded: a stream of ever-new names or contexts only costs a lookup that misses.
    static constexpr qsizetype kMaxRemembered = 4096;
    QHash<QByteArray, Name> m_names; // agent names and task types as sent
    QHash<QByteArray, Context> m_contexts; // raw context text as sent -> parsed and compact
};

} // namespace lk::outcomes
