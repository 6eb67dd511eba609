#include "core/common/Tls.h"

#include "core/common/Error.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>

namespace lk::tls {

namespace {

/// Certificates and keys are small; anything bigger is not one.
constexpr qint64 kMaxPemBytes = 1 << 20;
/// How long the start-up self-check may take (it is a loopback handshake: milliseconds).
constexpr int kSelfCheckMs = 15000;

Error fileError(const QString &what, const QString &path, const QString &why)
{
    return Error(ErrorKind::Input, QStringLiteral("The %1 %2 %3").arg(what, path, why));
}

QByteArray readPem(const QString &what, const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw fileError(what, path, QStringLiteral("does not exist."));
    if (!info.isFile())
        throw fileError(what, path, QStringLiteral("is not a regular file."));
    if (info.size() > kMaxPemBytes)
        throw fileError(
            what, path, QStringLiteral("is larger than %1 bytes; it is not a PEM file.").arg(kMaxPemBytes));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw fileError(what, path, QStringLiteral("cannot be read: %1.").arg(file.errorString()));
    return file.read(kMaxPemBytes);
}

void requireTlsBackend()
{
    if (!QSslSocket::supportsSsl())
        throw Error(ErrorKind::Internal,
            QStringLiteral("TLS is not available: Qt found no OpenSSL library (%1). Install libssl3.")
                .arg(QSslSocket::sslLibraryBuildVersionString()));
}

QList<QSslCertificate> certificatesIn(const QByteArray &bytes)
{
    QList<QSslCertificate> certs = QSslCertificate::fromData(bytes, QSsl::Pem);
    if (certs.isEmpty())
        certs = QSslCertificate::fromData(bytes, QSsl::Der);
    certs.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    return certs;
}

/// Why a server with `config` cannot complete a handshake, or empty if it can: the key must
/// belong to the certificate, which only the TLS library can tell (Qt does not say).
QString handshakeProblem(const QSslConfiguration &config)
{
    QSslServer server;
    server.setSslConfiguration(config);
    if (!server.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return {}; // cannot check here; the real listen reports its own problem
    QString serverError;
    QEventLoop loop;
    QObject::connect(
        &server, &QSslServer::errorOccurred, &loop, [&](QSslSocket *socket, QAbstractSocket::SocketError) {
            if (serverError.isEmpty())
                serverError = socket->errorString();
            loop.quit();
        });
    QSslSocket client;
    QSslConfiguration clientConfig = QSslConfiguration::defaultConfiguration();
    clientConfig.setPeerVerifyMode(QSslSocket::VerifyNone); // the key pair is checked, not the name
    client.setSslConfiguration(clientConfig);
    bool encrypted = false;
    QString clientError;
    QObject::connect(&client, &QSslSocket::encrypted, &loop, [&] {
        encrypted = true;
        loop.quit();
    });
    QObject::connect(&client, &QSslSocket::errorOccurred, &loop, [&](QAbstractSocket::SocketError) {
        clientError = client.errorString();
        // The server's reason, if it has one, is the one to tell: let it arrive.
        QTimer::singleShot(0, &loop, &QEventLoop::quit);
    });
    QTimer::singleShot(kSelfCheckMs, &loop, &QEventLoop::quit);
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
    loop.exec();
    client.abort();
    if (!serverError.isEmpty())
        return serverError;
    if (encrypted)
        return {};
    return clientError.isEmpty() ? QStringLiteral("no TLS handshake within %1 ms").arg(kSelfCheckMs)
                                 : clientError;
}

} // namespace

QSslConfiguration serverConfiguration(const ServerTlsFiles &files)
{
    if (files.certFile.isEmpty() != files.keyFile.isEmpty())
        throw Error(ErrorKind::Usage,
            QStringLiteral("TLS needs both --tls-cert FILE and --tls-key FILE; only %1 was given.")
                .arg(files.certFile.isEmpty() ? QStringLiteral("--tls-key") : QStringLiteral("--tls-cert")));
    requireTlsBackend();
    const QByteArray certBytes = readPem(QStringLiteral("certificate"), files.certFile);
    const QList<QSslCertificate> chain = certificatesIn(certBytes);
    if (chain.isEmpty())
        throw fileError(QStringLiteral("certificate"), files.certFile,
            QStringLiteral("holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)."));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (chain.first().expiryDate() < now)
        throw fileError(QStringLiteral("certificate"), files.certFile,
            QStringLiteral("expired on %1.").arg(chain.first().expiryDate().toString(Qt::ISODate)));
    if (chain.first().effectiveDate() > now)
        throw fileError(QStringLiteral("certificate"), files.certFile,
            QStringLiteral("is not valid before %1.")
                .arg(chain.first().effectiveDate().toString(Qt::ISODate)));

    const QByteArray keyBytes = readPem(QStringLiteral("private key"), files.keyFile);
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(keyBytes, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (key.isNull())
            key = QSslKey(keyBytes, algorithm, QSsl::Der, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        throw fileError(QStringLiteral("private key"), files.keyFile,
            keyBytes.contains("ENCRYPTED")
                ? QStringLiteral("is encrypted; give the key without a passphrase (e.g. openssl pkey -in KEY "
                                 "-out PLAIN).")
                : QStringLiteral("holds no private key (expected an unencrypted PEM RSA, EC or DSA key)."));

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with the token
    config.setProtocol(QSsl::TlsV1_2OrLater);
    const QString problem = handshakeProblem(config);
    if (!problem.isEmpty())
        throw Error(ErrorKind::Input,
            QStringLiteral("The certificate %1 and the private key %2 do not work together (%3); check that "
                           "the key is the certificate's.")
                .arg(files.certFile, files.keyFile, problem));
    return config;
}

QList<QSslCertificate> loadCaFile(const QString &path)
{
    requireTlsBackend();
    const QList<QSslCertificate> certs = certificatesIn(readPem(QStringLiteral("CA file"), path));
    if (certs.isEmpty())
        throw fileError(QStringLiteral("CA file"), path,
            QStringLiteral("holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)."));
    return certs;
}

QSslConfiguration clientConfiguration(const QString &caFile)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!caFile.isEmpty())
        config.setCaCertificates(loadCaFile(caFile));
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    return config;
}

void checkExposure(const QHostAddress &address, bool tls, bool insecureBind, const QString &what)
{
    if (address.isLoopback() || tls || insecureBind)
        return;
    throw Error(ErrorKind::Usage,
        QStringLiteral(
            "Binding to %1 would send %2's requests and its token unencrypted beyond this machine; "
            "give --tls-cert FILE and --tls-key FILE, or --insecure-bind to serve plain HTTP there "
            "anyway (logged as a warning).")
            .arg(address.toString(), what));
}

QString insecureBindWarning(const QHostAddress &address, bool tls, bool insecureBind)
{
    if (address.isLoopback() || tls || !insecureBind)
        return {};
    return QStringLiteral(
        "WARNING: --insecure-bind: serving plain HTTP on %1; requests and the token cross the "
        "network unencrypted. Give --tls-cert and --tls-key to serve HTTPS.")
        .arg(address.toString());
}

} // namespace lk::tls
