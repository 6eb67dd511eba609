#pragma once

// The names of a state enum's values as they are stored and written in JSON (docs/states.md):
// one table per enum, read in both directions, so that a name is spelled in one place.
//
//     constexpr EnumName<JobStatus> kJobStatusNames[] = {{JobStatus::Queued, "queued"}, ...};
//     QString name = enumName(kJobStatusNames, JobStatus::Queued);         // "queued"
//     std::optional<JobStatus> s = enumFromName(kJobStatusNames, text);   // nullopt if unknown
//     JobStatus t = enumFromNameOrThrow(kJobStatusNames, text, "job status", "job statuses");

#include "core/common/Error.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <cstddef>
#include <optional>
#include <vector>

namespace lk {

/// One value of a state enum and its stored name.
template<typename E>
struct EnumName
{
    E value;
    const char *name;
};

/// The stored name of `value`; empty only if the table misses it (each table lists every value).
template<typename E, std::size_t N>
QString enumName(const EnumName<E> (&table)[N], E value)
{
    for (const EnumName<E> &e : table) {
        if (e.value == value)
            return QString::fromLatin1(e.name);
    }
    return {};
}

/// The value named `text` (exactly, case included); nullopt if no value has that name.
template<typename E, std::size_t N>
std::optional<E> enumFromName(const EnumName<E> (&table)[N], QStringView text)
{
    for (const EnumName<E> &e : table) {
        if (text == QLatin1String(e.name))
            return e.value;
    }
    return std::nullopt;
}

/// Every value, in the table's order.
template<typename E, std::size_t N>
std::vector<E> enumValues(const EnumName<E> (&table)[N])
{
    std::vector<E> out;
    out.reserve(N);
    for (const EnumName<E> &e : table)
        out.push_back(e.value);
    return out;
}

/// Every name, in the table's order.
template<typename E, std::size_t N>
QStringList enumNames(const EnumName<E> (&table)[N])
{
    QStringList out;
    out.reserve(qsizetype(N));
    for (const EnumName<E> &e : table)
        out.append(QString::fromLatin1(e.name));
    return out;
}

/// The value named `text`; throws lk::Error(Input) that quotes the text and lists the names, e.g.
/// `Unknown rollout status "paused2"; the rollout statuses are deploying, monitoring, ...`.
template<typename E, std::size_t N>
E enumFromNameOrThrow(
    const EnumName<E> (&table)[N], const QString &text, const char *what, const char *whatPlural)
{
    if (const std::optional<E> value = enumFromName(table, text))
        return *value;
    throw Error(ErrorKind::Input,
        QStringLiteral("Unknown %1 \"%2\"; the %3 are %4.")
            .arg(QString::fromLatin1(what), text, QString::fromLatin1(whatPlural),
                enumNames(table).join(QStringLiteral(", "))));
}

/// `names` as a sentence part for refusals: "pause, promote or rollback"; "no command" if empty.
inline QString commandSentence(const QStringList &names)
{
    if (names.isEmpty())
        return QStringLiteral("no command");
    if (names.size() == 1)
        return names.front();
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + names.back();
}

/// `names` as an SQL list of string literals for `status IN (...)`: "'queued','running'".
/// The names come from the tables above, never from input.
inline QString sqlNameList(const QStringList &names)
{
    QStringList quoted;
    quoted.reserve(names.size());
    for (const QString &n : names)
        quoted.append(QLatin1Char('\'') + n + QLatin1Char('\''));
    return quoted.join(QLatin1Char(','));
}

} // namespace lk
