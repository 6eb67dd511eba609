#pragma once

#include <QString>

#include <stdexcept>

namespace lk {

/// What kind of problem an Error reports; the CLI maps each kind to its documented exit code.
enum class ErrorKind {
    Internal = 1, ///< a bug or an unexpected failure of the machine
    Usage = 2, ///< the command line or call was malformed
    Input = 3, ///< the data given was wrong (bad file, bad value)
    Workspace = 4, ///< the workspace is missing, foreign, newer, locked or unwritable
};

/// Stable machine-readable name of an error kind ("internal", "usage", "input", "workspace").
QString errorKindName(ErrorKind kind);

/// The one exception type that crosses Loopkeeper's boundaries. The message says what was
/// wrong and, where it helps, what to do about it; it is shown to people as it is.
class Error : public std::runtime_error
{
public:
    Error(ErrorKind kind, const QString &message);

    ErrorKind kind() const noexcept { return m_kind; }
    const QString &message() const noexcept { return m_message; }

private:
    ErrorKind m_kind;
    QString m_message;
};

} // namespace lk
