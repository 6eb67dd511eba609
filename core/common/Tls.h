#pragma once

// TLS for the engine's HTTP servers (`serve`, `loopkeeper-node`) and its clients (the node's
// calls to the teacher and console, the replayer, the console's calls to nodes).
//
// Servers take a PEM certificate (chain) and an unencrypted PEM private key; both are checked
// when the server starts, by a TLS handshake with itself on a loopback port, so that a key that
// does not belong to the certificate is a clear start error, not a failure of every connection.
// Clients verify servers against a CA file (PEM, one or more certificates) when they are given
// one, and against the system's CAs otherwise.
//
// Exposure (docs/limits.md, docs/security.md): beyond loopback a server needs a token and TLS;
// `--insecure-bind` waives TLS (never the token) and is logged as a warning at start.

#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>

namespace lk::tls {

/// The certificate and key a server was given; both empty: plain HTTP.
struct ServerTlsFiles
{
    QString certFile;
    QString keyFile;

    bool enabled() const { return !certFile.isEmpty() || !keyFile.isEmpty(); }
};

/// The server's TLS configuration from `files`. Throws lk::Error(Usage) if only one of the two
/// is given, lk::Error(Input) naming the file if one is missing, unreadable, not PEM, encrypted,
/// expired, or if the key does not belong to the certificate (checked by a handshake).
QSslConfiguration serverConfiguration(const ServerTlsFiles &files);

/// The certificates in a PEM (or DER) CA file. Throws lk::Error(Input) naming the file if it is
/// missing, unreadable or holds no certificate.
QList<QSslCertificate> loadCaFile(const QString &path);

/// A client configuration that verifies servers against the certificates of `caFile` only
/// (empty: the system's CAs). Throws as loadCaFile().
QSslConfiguration clientConfiguration(const QString &caFile);

/// Checks the exposure rule for a server about to bind `address`; throws lk::Error(Usage)
/// naming the options to give when a non-loopback address has no TLS and `insecureBind` is not
/// set. (The token rule is each server's own check.) `what` names the server ("the API").
void checkExposure(const QHostAddress &address, bool tls, bool insecureBind, const QString &what);

/// The warning printed at start when `insecureBind` lets a non-loopback address serve plain
/// HTTP; empty when there is nothing to warn about.
QString insecureBindWarning(const QHostAddress &address, bool tls, bool insecureBind);

} // namespace lk::tls
