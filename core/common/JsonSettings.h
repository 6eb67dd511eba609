#pragma once

// Reading settings objects (loop.json, rollout plans, drift settings) with one kind of error:
// lk::Error(Input) "CONTEXT: KEY WHAT", where KEY is the dotted path of the setting, so that
// every configuration file names its mistakes the same way.

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace lk::settings {

/// The JSON object in the settings file `path`; nullopt if there is no such file. Throws
/// lk::Error(Input) naming the file if it cannot be read or is not a JSON object.
std::optional<QJsonObject> readObjectFile(const QString &path);
/// Throws lk::Error(Input) "CONTEXT: KEY WHAT".
[[noreturn]] void invalid(const QString &context, const QString &key, const QString &what);
/// "WHERE.KEY", or KEY alone when WHERE is empty.
QString keyPath(const QString &where, const QString &key);
/// Refuses keys of `o` that are not in `known` (a typo must not be ignored silently).
void onlyKnown(const QJsonObject &o, const QString &context, const QString &where, const QStringList &known);
/// The object at `key`; empty if absent or null; refused if it is not an object.
QJsonObject section(const QJsonObject &o, const QString &context, const QString &key);
/// An integer in [low, high] at `key`, or `fallback` if absent.
int integer(const QJsonObject &o, const QString &context, const QString &where, const QString &key, int fallback,
    int low, int high);
/// A number in [low, high] at `key`, or `fallback` if absent.
double number(const QJsonObject &o, const QString &context, const QString &where, const QString &key,
    double fallback, double low, double high);
/// A boolean at `key`, or `fallback` if absent.
bool boolean(const QJsonObject &o, const QString &context, const QString &where, const QString &key, bool fallback);

} // namespace lk::settings
