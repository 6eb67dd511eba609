#include "core/node/NodeService.h"

#include "core/common/AtomicFile.h"
#include "core/common/Error.h"
#include "core/common/FileDigest.h"
#include "core/common/Limits.h"
#include "core/logging/Logging.h"
#include "core/training/Classifier.h"
#include "core/training/ImageDataset.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace lk::node {

namespace {

constexpr int kSide = 28;
constexpr int kPixels = kSide * kSide;

http::RestResponse errorResponse(int status, const QString &code, const QString &message)
{
    http::RestResponse r;
    r.status = status;
    r.body = QJsonObject{{QStringLiteral("error"),
        QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
    return r;
}

QByteArray header(const http::RestRequest &request, const QByteArray &name)
{
    for (const auto &[key, value] : request.headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    return {};
}

QString isoNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

/// Loads and probes a model: a file that loads but cannot classify a blank image is refused
/// before it replaces a working one.
std::unique_ptr<training::Classifier> loadChecked(const QString &path)
{
    auto classifier = std::make_unique<training::Classifier>(path);
    const std::vector<std::uint8_t> blank(kPixels, 0);
    const std::vector<float> p = classifier->probabilities(blank.data(), kSide, kSide);
    if (p.empty())
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 loads but gives no class probabilities for a 28×28 image.").arg(path));
    return classifier;
}

QJsonObject modelJson(const LoadedModel &m)
{
    if (!m.classifier)
        return {};
    return QJsonObject{{QStringLiteral("version"), m.version}, {QStringLiteral("sha256"), m.sha256},
        {QStringLiteral("path"), m.path},
        {QStringLiteral("installed_at"), m.installedAt.toString(Qt::ISODateWithMs)}};
}

} // namespace

void NodeConfig::validate() const
{
    if (dir.isEmpty())
        throw Error(
            ErrorKind::Usage, QStringLiteral("The node needs a folder for models and samples (--dir)."));
    if (role != QLatin1String("edge") && role != QLatin1String("teacher"))
        throw Error(ErrorKind::Usage,
            QStringLiteral("Unknown role \"%1\": use --role edge or --role teacher.").arg(role));
    if (!(threshold >= 0.0 && threshold <= 1.0))
        throw Error(ErrorKind::Usage,
            QStringLiteral("The threshold %1 is not a confidence: use a number from 0 to 1.").arg(threshold));
    if (observationCapacity < 1 || observationCapacity > 10'000'000)
        throw Error(ErrorKind::Usage,
            QStringLiteral("%1 kept observations is out of range: use 1 to 10000000 (default 20000).")
                .arg(observationCapacity));
    if (nodeId.size() > limits::kMaxIdLength)
        throw Error(ErrorKind::Usage,
            limits::lengthProblem(QStringLiteral("The node id"), nodeId, limits::kMaxIdLength));
    if (!token.isEmpty() && !limits::tokenProblem(token).isEmpty())
        throw Error(ErrorKind::Usage, limits::tokenProblem(token));
}

NodeService::NodeService(NodeConfig config)
    : m_config(std::move(config))
    , m_since(QDateTime::currentDateTimeUtc())
{
    m_config.validate();
    m_ring.resize(std::size_t(m_config.observationCapacity));
    for (const QString &sub : {QStringLiteral("models"), QStringLiteral("samples")}) {
        if (!QDir().mkpath(QDir(m_config.dir).filePath(sub)))
            throw Error(ErrorKind::Input,
                QStringLiteral("Cannot create %1: check that the folder is writable.")
                    .arg(QDir(m_config.dir).filePath(sub)));
    }
    m_samples = std::make_unique<SampleStore>(QDir(m_config.dir).filePath(QStringLiteral("samples")));
}

NodeService::~NodeService() = default;

void NodeService::loadInitialModel(const QString &artifactPath, const QString &version)
{
    QFile f(artifactPath);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::Input,
            QStringLiteral("Cannot read the model %1: %2.").arg(artifactPath, f.errorString()));
    const QByteArray bytes = f.readAll();
    loadChecked(artifactPath); // refuse a bad file before anything is written
    // The node keeps its own copy, so that DIR alone is enough to restart it.
    const QString path = newModelPath();
    writeFileAtomically(path, bytes, QStringLiteral("model copy"));
    LoadedModel m;
    m.classifier = loadChecked(path);
    // The trainer names every artifact model.pt in a folder named after its run: use the run id.
    const QFileInfo info(artifactPath);
    const QString fallback =
        info.completeBaseName() == QLatin1String("model") ? info.dir().dirName() : info.completeBaseName();
    m.version = version.isEmpty() ? fallback : version;
    m.sha256 = sha256Hex(bytes);
    m.path = path;
    m.installedAt = QDateTime::currentDateTimeUtc();
    m_current = std::move(m);
    m_previous = LoadedModel();
    writeManifest();
}

bool NodeService::restore()
{
    QFile f(QDir(m_config.dir).filePath(QStringLiteral("models/manifest.json")));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject manifest = QJsonDocument::fromJson(f.readAll()).object();
    // A model is restored only if its file still has the sha256 it was installed with.
    auto load = [](const QJsonObject &o) {
        LoadedModel m;
        const QString path = o.value(QStringLiteral("path")).toString();
        QFile file(path);
        if (path.isEmpty() || !file.open(QIODevice::ReadOnly)
            || sha256Hex(file.readAll()) != o.value(QStringLiteral("sha256")).toString())
            return m;
        try {
            m.classifier = loadChecked(path);
        } catch (const Error &) {
            return m;
        }
        m.version = o.value(QStringLiteral("version")).toString();
        m.sha256 = o.value(QStringLiteral("sha256")).toString();
        m.path = path;
        m.installedAt =
            QDateTime::fromString(o.value(QStringLiteral("installed_at")).toString(), Qt::ISODateWithMs);
        return m;
    };
    LoadedModel current = load(manifest.value(QStringLiteral("current")).toObject());
    if (!current.classifier)
        return false;
    m_current = std::move(current);
    m_previous = load(manifest.value(QStringLiteral("previous")).toObject());
    return true;
}

QString NodeService::newModelPath()
{
    return QDir(m_config.dir)
        .filePath(QStringLiteral("models/%1-%2.pt")
                      .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmsszzz")))
                      .arg(++m_modelSerial));
}

http::Admission NodeService::admit(const http::RestRequest &head, qint64 bodyBytes) const
{
    http::Admission a;
    if ((a.refusal = http::refuseForeignOrigin(head)))
        return a;
    // Model changes need the token: check it before a model's bytes are read.
    const bool modelChange =
        head.path == QLatin1String("/v1/model") || head.path == QLatin1String("/v1/model/rollback");
    if (modelChange && head.method != "GET" && (a.refusal = refuseUnauthorized(head)))
        return a;
    if (head.path == QLatin1String("/v1/predict")) {
        a.refusal = http::refuseContentType(head, bodyBytes,
            {QByteArrayLiteral("application/octet-stream"), QByteArrayLiteral("application/json")});
        a.maxBody = limits::kMaxNodePredictBody;
    } else if (head.path == QLatin1String("/v1/model")) {
        a.refusal = http::refuseContentType(head, bodyBytes, {QByteArrayLiteral("application/octet-stream")});
        a.maxBody = limits::kMaxModelBody;
    } else {
        a.refusal = http::refuseContentType(head, bodyBytes, {QByteArrayLiteral("application/json")});
        a.maxBody = limits::kMaxCommandBody;
    }
    return a;
}

http::RestResponse NodeService::handle(const http::RestRequest &request)
{
    http::RestResponse r;
    try {
        http::Admission admission = admit(request, request.body.size());
        if (!admission.refusal)
            admission.refusal = http::refuseDeepJson(request);
        if (admission.refusal)
            r = *admission.refusal;
        else if (request.body.size() > admission.maxBody)
            r = errorResponse(413, QStringLiteral("payload_too_large"),
                QStringLiteral("The body is %1 bytes; %2 takes at most %3.")
                    .arg(request.body.size())
                    .arg(request.path)
                    .arg(admission.maxBody));
        else
            r = route(request);
    } catch (const Error &e) {
        r = errorResponse(e.kind() == ErrorKind::Internal ? 500 : 400,
            e.kind() == ErrorKind::Internal ? QStringLiteral("internal") : QStringLiteral("bad_request"),
            e.message());
    } catch (const std::exception &e) {
        r = errorResponse(500, QStringLiteral("internal"), QString::fromUtf8(e.what()));
    }
    if (r.status >= 400 && request.path == QLatin1String("/v1/predict"))
        ++m_errors;
    return r;
}

http::RestResponse NodeService::route(const http::RestRequest &request)
{
    const QString &path = request.path;
    const QByteArray &method = request.method;
    auto only = [&](const QByteArray &allowed) -> std::optional<http::RestResponse> {
        if (method == allowed)
            return std::nullopt;
        http::RestResponse r = errorResponse(405, QStringLiteral("method_not_allowed"),
            QStringLiteral("%1 is not allowed on %2: use %3.")
                .arg(QString::fromLatin1(method), path, QString::fromLatin1(allowed)));
        r.headers.append(qMakePair(QByteArrayLiteral("Allow"), allowed));
        return r;
    };
    if (path == QLatin1String("/v1/health"))
        return only("GET").value_or(health());
    if (path == QLatin1String("/v1/metrics"))
        return only("GET").value_or(metrics());
    if (path == QLatin1String("/v1/observations")) {
        if (auto refused = only("GET"))
            return *refused;
        return observations(request);
    }
    if (path == QLatin1String("/v1/predict")) {
        if (auto refused = only("POST"))
            return *refused;
        return predict(request);
    }
    if (path == QLatin1String("/v1/model")) {
        if (auto refused = only("PUT"))
            return *refused;
        return installModel(request);
    }
    if (path == QLatin1String("/v1/model/rollback")) {
        if (auto refused = only("POST"))
            return *refused;
        return rollback(request);
    }
    if (path.startsWith(QLatin1String("/v1/samples/"))) {
        if (auto refused = only("GET"))
            return *refused;
        return sample(path.mid(QStringLiteral("/v1/samples/").size()));
    }
    return errorResponse(404, QStringLiteral("not_found"),
        QStringLiteral("No route %1 %2. Routes: POST /v1/predict, GET /v1/samples/{id}, PUT /v1/model, "
                       "POST /v1/model/rollback, GET /v1/metrics, GET /v1/health, GET /v1/observations.")
            .arg(QString::fromLatin1(method), path));
}

http::RestResponse NodeService::predict(const http::RestRequest &request)
{
    QByteArray pixels;
    const QByteArray type = request.contentType.split(';').first().trimmed().toLower();
    if (type == "application/json") {
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
        if (!doc.isObject())
            return errorResponse(400, QStringLiteral("bad_request"),
                QStringLiteral("The body is not a JSON object (%1): send {\"pixels\": BASE64 of 784 bytes}.")
                    .arg(parseError.errorString()));
        const QJsonValue value = doc.object().value(QStringLiteral("pixels"));
        if (!value.isString())
            return errorResponse(400, QStringLiteral("bad_request"),
                QStringLiteral("\"pixels\" is missing or not a string: send the 784 bytes base64-encoded."));
        const auto decoded = QByteArray::fromBase64Encoding(
            value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return errorResponse(
                400, QStringLiteral("bad_request"), QStringLiteral("\"pixels\" is not valid base64."));
        pixels = *decoded;
    } else if (type == "application/octet-stream") {
        pixels = request.body;
    } else {
        return errorResponse(415, QStringLiteral("unsupported_media_type"),
            QStringLiteral("Content-Type \"%1\" is not accepted: send application/octet-stream (784 raw "
                           "bytes) or application/json ({\"pixels\": BASE64}).")
                .arg(QString::fromLatin1(request.contentType)));
    }
    if (pixels.size() != kPixels)
        return errorResponse(400, QStringLiteral("bad_request"),
            QStringLiteral("The image has %1 bytes; a 28×28 grey image has 784, row by row.")
                .arg(pixels.size()));
    if (!m_current.classifier)
        return errorResponse(503, QStringLiteral("no_model"), QStringLiteral("No model is installed yet."));

    QElapsedTimer timer;
    timer.start();
    const std::vector<float> p = m_current.classifier->probabilities(
        reinterpret_cast<const std::uint8_t *>(pixels.constData()), kSide, kSide);
    const double ms = timer.nsecsElapsed() / 1e6;
    if (p.empty())
        return errorResponse(
            500, QStringLiteral("internal"), QStringLiteral("The model returned no classes."));
    const auto best = std::max_element(p.begin(), p.end());
    const int label = int(best - p.begin());
    const double confidence = *best;

    ++m_predictions;
    const auto bucket = std::lower_bound(kLatencyBucketsMs.begin(), kLatencyBucketsMs.end(), ms);
    ++m_latency[std::size_t(bucket - kLatencyBucketsMs.begin())];
    if (m_perClass.size() < p.size())
        m_perClass.resize(p.size(), 0);
    ++m_perClass[std::size_t(label)];

    QJsonObject body{{QStringLiteral("class"), label}, {QStringLiteral("confidence"), confidence},
        {QStringLiteral("model_version"), m_current.version}, {QStringLiteral("latency_ms"), ms}};
    const auto &names = training::fashionMnistClassNames();
    if (p.size() == names.size())
        body.insert(QStringLiteral("class_name"), names[std::size_t(label)]);
    // A teacher answers for others and never escalates itself.
    const bool escalate = m_config.role == QLatin1String("edge") && confidence < m_config.threshold;
    body.insert(QStringLiteral("escalated"), escalate);
    observe(float(confidence), label, escalate, float(ms));
    if (escalate) {
        ++m_escalations;
        QString id;
        try {
            id = m_samples->keep(pixels);
        } catch (const Error &e) {
            return errorResponse(500, QStringLiteral("internal"), e.message());
        }
        body.insert(QStringLiteral("sample_id"), id);
        if (m_onEscalated)
            m_onEscalated(EscalatedInput{
                id, pixels, label, confidence, m_current.version, QDateTime::currentDateTimeUtc()});
        if (m_config.selfUrl.isValid())
            body.insert(QStringLiteral("sample_uri"),
                QString(m_config.selfUrl.toString(QUrl::StripTrailingSlash) + QStringLiteral("/v1/samples/")
                    + id));
    }
    http::RestResponse r;
    r.body = body;
    return r;
}

http::RestResponse NodeService::sample(const QString &id) const
{
    // Ids are ours (UUIDs); anything else could walk out of the samples folder.
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9-]{1,64}$"));
    if (!valid.match(id).hasMatch())
        return errorResponse(400, QStringLiteral("bad_request"),
            QStringLiteral("\"%1\" is not a sample id (letters, digits and dashes).").arg(id));
    std::optional<QByteArray> pixels = m_samples->find(id);
    if (!pixels)
        return errorResponse(
            404, QStringLiteral("not_found"), QStringLiteral("No sample %1 is kept on this node.").arg(id));
    http::RestResponse r;
    r.raw = std::move(*pixels);
    r.contentType = "application/octet-stream";
    return r;
}

std::optional<http::RestResponse> NodeService::refuseUnauthorized(const http::RestRequest &request) const
{
    if (m_config.token.isEmpty())
        return errorResponse(403, QStringLiteral("forbidden"),
            QStringLiteral("This node was started without --token, so it accepts no model changes."));
    const QByteArray expected = "Bearer " + m_config.token.toUtf8();
    if (!http::sameBytes(request.authorization.trimmed(), expected)) {
        http::RestResponse r = errorResponse(401, QStringLiteral("unauthorized"),
            QStringLiteral("Model changes need the node's token: Authorization: Bearer TOKEN."));
        r.headers.append(qMakePair(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")));
        return r;
    }
    return std::nullopt;
}

http::RestResponse NodeService::installModel(const http::RestRequest &request)
{
    if (auto refused = refuseUnauthorized(request))
        return *refused;
    const QString expectedSha = QString::fromLatin1(header(request, "x-model-sha256")).toLower();
    const QString version = QString::fromUtf8(header(request, "x-model-version"));
    if (version.size() > limits::kMaxNameLength)
        return errorResponse(400, QStringLiteral("bad_request"),
            limits::lengthProblem(QStringLiteral("X-Model-Version"), version, limits::kMaxNameLength));
    if (expectedSha.isEmpty() || version.isEmpty())
        return errorResponse(400, QStringLiteral("bad_request"),
            QStringLiteral("PUT /v1/model needs the headers X-Model-Sha256 (hex sha256 of the body) and "
                           "X-Model-Version."));
    if (request.body.isEmpty())
        return errorResponse(400, QStringLiteral("bad_request"),
            QStringLiteral("The body is empty: send the TorchScript file's bytes."));
    const QString actualSha = sha256Hex(request.body);
    if (actualSha != expectedSha)
        return errorResponse(400, QStringLiteral("sha256_mismatch"),
            QStringLiteral("The body's sha256 is %1, not %2 as X-Model-Sha256 says; the model was not "
                           "installed (%3 still serves).")
                .arg(actualSha, expectedSha, m_current.version));

    // A fresh file per install: the previous model's file stays untouched for rollback.
    const QString path = newModelPath();
    try {
        writeFileAtomically(path, request.body, QStringLiteral("model"));
    } catch (const Error &e) {
        return errorResponse(500, QStringLiteral("internal"), e.message() + QLatin1Char('.'));
    }
    LoadedModel m;
    try {
        m.classifier = loadChecked(path);
    } catch (const Error &e) {
        QFile::remove(path);
        return errorResponse(400, QStringLiteral("not_a_model"),
            QStringLiteral("The body is not a usable TorchScript model (%1); %2 still serves.")
                .arg(e.message(), m_current.version));
    }
    m.version = version;
    m.sha256 = actualSha;
    m.path = path;
    m.installedAt = QDateTime::currentDateTimeUtc();
    // The swap is two moves on this thread: a request sees the old model or the new one.
    if (m_previous.classifier)
        QFile::remove(m_previous.path); // only the last previous model is kept
    m_previous = std::move(m_current);
    m_current = std::move(m);
    writeManifest();
    http::RestResponse r;
    r.body = QJsonObject{{QStringLiteral("installed"), modelJson(m_current)},
        {QStringLiteral("previous"), modelJson(m_previous)}};
    return r;
}

http::RestResponse NodeService::rollback(const http::RestRequest &request)
{
    if (auto refused = refuseUnauthorized(request))
        return *refused;
    if (!m_previous.classifier)
        return errorResponse(409, QStringLiteral("conflict"),
            QStringLiteral("There is no previous model to roll back to; %1 keeps serving.")
                .arg(m_current.version));
    std::swap(m_current, m_previous);
    writeManifest();
    http::RestResponse r;
    r.body = QJsonObject{{QStringLiteral("serving"), modelJson(m_current)},
        {QStringLiteral("previous"), modelJson(m_previous)}};
    return r;
}

http::RestResponse NodeService::metrics() const
{
    QJsonArray buckets;
    for (std::size_t i = 0; i < m_latency.size(); ++i) {
        buckets.append(
            QJsonObject{{QStringLiteral("le_ms"),
                            i < kLatencyBucketsMs.size() ? QJsonValue(kLatencyBucketsMs[i]) : QJsonValue()},
                {QStringLiteral("count"), m_latency[i]}});
    }
    QJsonObject perClass;
    for (std::size_t i = 0; i < m_perClass.size(); ++i)
        perClass.insert(QString::number(i), m_perClass[i]);
    http::RestResponse r;
    r.body = QJsonObject{{QStringLiteral("predictions"), m_predictions},
        {QStringLiteral("escalations"), m_escalations}, {QStringLiteral("errors"), m_errors},
        {QStringLiteral("latency_ms"), buckets}, {QStringLiteral("per_class"), perClass},
        {QStringLiteral("model_version"), m_current.version},
        {QStringLiteral("since"), m_since.toString(Qt::ISODateWithMs)},
        {QStringLiteral("threshold"), m_config.threshold}, {QStringLiteral("role"), m_config.role}};
    if (m_escalationMetrics)
        r.body.insert(QStringLiteral("escalation"), m_escalationMetrics());
    return r;
}

http::RestResponse NodeService::health() const
{
    http::RestResponse r;
    r.status = m_current.classifier ? 200 : 503;
    r.body = QJsonObject{
        {QStringLiteral("status"), m_current.classifier ? QStringLiteral("ok") : QStringLiteral("no_model")},
        {QStringLiteral("role"), m_config.role}, {QStringLiteral("node_id"), m_config.nodeId},
        {QStringLiteral("model_version"), m_current.version}, {QStringLiteral("time"), isoNow()}};
    return r;
}

void NodeService::observe(float confidence, int label, bool escalated, float latencyMs)
{
    const qint64 seq = ++m_lastSeq;
    Observation &o = m_ring[std::size_t((seq - 1) % qint64(m_ring.size()))];
    o.seq = seq;
    o.confidence = confidence;
    o.label = label;
    o.escalated = escalated;
    o.latencyMs = latencyMs;
    o.modelVersion = m_current.version; // shares the string's data, no copy
}

http::RestResponse NodeService::observations(const http::RestRequest &request) const
{
    qint64 after = 0;
    qint64 limit = kDefaultObservationLimit;
    for (const auto &[name, value] : request.query) {
        bool ok = false;
        const qint64 number = value.toLongLong(&ok);
        if (name == QLatin1String("after")) {
            if (!ok || number < 0)
                return errorResponse(400, QStringLiteral("bad_request"),
                    QStringLiteral("after=%1 is not a sequence number (0 or more).").arg(value));
            after = number;
        } else if (name == QLatin1String("limit")) {
            if (!ok || number < 1 || number > kMaxObservationLimit)
                return errorResponse(400, QStringLiteral("bad_request"),
                    QStringLiteral("limit=%1 is out of range: ask for 1 to %2 observations.")
                        .arg(value)
                        .arg(kMaxObservationLimit));
            limit = number;
        } else {
            return errorResponse(400, QStringLiteral("bad_request"),
                QStringLiteral("Unknown parameter \"%1\": GET /v1/observations takes after and limit.")
                    .arg(name));
        }
    }
    const qint64 capacity = qint64(m_ring.size());
    const qint64 oldest = std::max<qint64>(1, m_lastSeq - capacity + 1);
    const qint64 first = std::max(after + 1, oldest);
    const qint64 last = std::min(m_lastSeq, first + limit - 1);
    const qint64 dropped = std::max<qint64>(0, std::min(oldest, m_lastSeq + 1) - (after + 1));

    // Written as text: up to 20,000 rows through QJsonArray would hold up predictions longer.
    QByteArray json;
    json.reserve(int(std::max<qint64>(0, last - first + 1)) * 48 + 160);
    json += "{\"next\":" + QByteArray::number(last >= first ? last : std::min(after, m_lastSeq));
    json += ",\"oldest\":" + QByteArray::number(std::min(oldest, m_lastSeq + 1));
    json += ",\"dropped\":" + QByteArray::number(dropped);
    json += ",\"threshold\":" + QByteArray::number(m_config.threshold, 'g', QLocale::FloatingPointShortest);
    json += ",\"observations\":[";
    QString quotedFor;
    QByteArray quoted = "\"\"";
    for (qint64 seq = first; seq <= last; ++seq) {
        const Observation &o = m_ring[std::size_t((seq - 1) % capacity)];
        if (o.modelVersion != quotedFor) { // versions change rarely: quote each once
            quotedFor = o.modelVersion;
            quoted = QJsonDocument(QJsonArray{o.modelVersion}).toJson(QJsonDocument::Compact);
            quoted = quoted.mid(1, quoted.size() - 2);
        }
        if (seq != first)
            json += ',';
        json += '[' + QByteArray::number(o.seq) + ',' + QByteArray::number(double(o.confidence), 'g', 7) + ','
            + QByteArray::number(o.label) + ',' + (o.escalated ? '1' : '0') + ','
            + QByteArray::number(double(o.latencyMs), 'g', 6) + ',' + quoted + ']';
    }
    json += "]}\n";
    http::RestResponse r;
    r.raw = json;
    r.contentType = "application/json";
    return r;
}

void NodeService::writeManifest() const
{
    // For people and tools looking at the folder; the node itself does not read it back.
    const QJsonObject manifest{{QStringLiteral("current"), modelJson(m_current)},
        {QStringLiteral("previous"),
            m_previous.classifier ? QJsonValue(modelJson(m_previous)) : QJsonValue()}};
    try {
        writeFileAtomically(QDir(m_config.dir).filePath(QStringLiteral("models/manifest.json")),
            QJsonDocument(manifest).toJson(), QStringLiteral("node manifest"));
    } catch (const Error &e) {
        qCWarning(lcApp).noquote() << e.message();
    }
}

} // namespace lk::node
