#pragma once

// What every read query of the engine shares, whichever face asks (the CLI, the REST API, the
// MCP tools): parameters arrive by name as JSON values (REST query strings become JSON strings,
// MCP tool arguments are JSON already, CLI options are passed as strings) and are checked here,
// once, against the bounds of core/common/Limits.h (docs/limits.md, "List queries").
//
// A query service of a module (runs::RunQueries, loop::LoopQueries, drift::DriftQueries,
// rollout::RolloutQueries, ...) takes such a parameter object and answers a JSON object whose
// shape every face prints as it is.

#include "core/common/Error.h"
#include "core/common/Limits.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace lk {

/// Why a query could not be answered. The REST API answers NotFound with 404 and
/// InvalidArgument with 400; the MCP server turns both into tool errors the model can read;
/// the CLI exits with 3 (NotFound) or 2 (InvalidArgument, a bad option value).
class QueryError : public Error
{
public:
    enum class Reason {
        NotFound, ///< no such run, job, model version, rollout, ...
        InvalidArgument, ///< a parameter is unknown, malformed or out of range (the message names it)
    };

    QueryError(Reason reason, const QString &message, QString parameter = {});

    Reason reason() const noexcept { return m_reason; }
    /// The parameter the message is about (for InvalidArgument), empty if none in particular.
    const QString &parameter() const noexcept { return m_parameter; }

private:
    Reason m_reason;
    QString m_parameter;
};

/// A finite number as JSON, or null for NaN and infinities (JSON has no such numbers).
QJsonValue finiteOrNull(double value);

namespace query {

/// InvalidArgument about `parameter`.
QueryError invalid(const QString &message, const QString &parameter = {});
/// NotFound.
QueryError notFound(const QString &message);

/// A parameter's value as the caller wrote it, for error messages.
QString shown(const QJsonValue &value);

/// Refuses a parameter not in `known`: a misspelt `limt` silently doing nothing would leave an
/// agent wondering why its limit is not applied.
void rejectUnknown(const QJsonObject &params, const QStringList &known);

/// The whole number under `name` in [min, max]; `fallback` when absent or null. Accepts a JSON
/// integer or a string of one (REST query values are strings).
qint64 wholeNumber(const QJsonObject &params, const QString &name, qint64 fallback, qint64 min, qint64 max);

/// The page size under `name` (default "limit"): `page.fallback` when absent, at least
/// `page.minimum` and at most `page.maximum` (docs/limits.md, "List queries").
int pageLimit(const QJsonObject &params, const limits::PageLimit &page,
    const QString &name = QStringLiteral("limit"));

/// The finite number >= 0 under `name`, or `fallback`; accepts a JSON number or a string of one.
double nonNegative(const QJsonObject &params, const QString &name, double fallback);

/// One of `choices` (case-insensitive, answered in lower case) under `name`, or nothing when absent.
std::optional<QString> choice(const QJsonObject &params, const QString &name, const QStringList &choices);

/// The text under `name`, at most `maxLength` characters (trimmed); empty when absent or null.
QString text(const QJsonObject &params, const QString &name, int maxLength);

} // namespace query

} // namespace lk
