#include "core/loop/LoopConfig.h"

#include "core/common/Error.h"
#include "core/common/JsonSettings.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace lk::loop {

namespace {

const QString kContext = QStringLiteral("loop configuration");

[[noreturn]] void bad(const QString &key, const QString &what)
{
    settings::invalid(kContext, key, what);
}

void onlyKnown(const QJsonObject &o, const QString &where, const QStringList &known)
{
    settings::onlyKnown(o, kContext, where, known);
}

QJsonObject section(const QJsonObject &o, const QString &key)
{
    return settings::section(o, kContext, key);
}

int integer(const QJsonObject &o, const QString &where, const QString &key, int fallback, int low, int high)
{
    return settings::integer(o, kContext, where, key, fallback, low, high);
}

double number(const QJsonObject &o, const QString &where, const QString &key, double fallback, double low, double high)
{
    return settings::number(o, kContext, where, key, fallback, low, high);
}

} // namespace

QJsonObject LoopConfig::toJson() const
{
    return QJsonObject{{QStringLiteral("model_line"), modelLine}, {QStringLiteral("dataset_dir"), datasetDir},
        {QStringLiteral("samples"),
            QJsonObject{{QStringLiteral("min_correction_confidence"), samples.minCorrectionConfidence},
                {QStringLiteral("classes"), samples.classes}}},
        {QStringLiteral("triggers"), triggers.toJson()}, {QStringLiteral("gate"), gate.toJson()},
        {QStringLiteral("training"),
            QJsonObject{{QStringLiteral("architecture"), training.architecture},
                {QStringLiteral("epochs"), training.epochs}, {QStringLiteral("learning_rate"), training.learningRate},
                {QStringLiteral("batch_size"), training.batchSize},
                {QStringLiteral("replay_base_images"), training.replayBaseImages},
                {QStringLiteral("bootstrap_train_images"), training.bootstrapTrainImages},
                {QStringLiteral("max_samples_per_job"), training.maxSamplesPerJob},
                {QStringLiteral("threads"), training.threads},
                {QStringLiteral("seed"), QString::number(training.seed)}}},
        {QStringLiteral("eval"),
            QJsonObject{{QStringLiteral("test_images"), eval.testImages},
                {QStringLiteral("recent_escalations"), eval.recentEscalations}}},
        {QStringLiteral("webhook"), webhook.isEmpty() ? QJsonValue() : QJsonValue(webhook.toString())}};
}

LoopConfig LoopConfig::fromJson(const QJsonObject &json)
{
    LoopConfig c;
    onlyKnown(json, QString(),
        {QStringLiteral("model_line"), QStringLiteral("dataset_dir"), QStringLiteral("samples"),
            QStringLiteral("triggers"), QStringLiteral("gate"), QStringLiteral("training"), QStringLiteral("eval"),
            QStringLiteral("webhook")});
    if (json.contains(QStringLiteral("model_line"))) {
        c.modelLine = json.value(QStringLiteral("model_line")).toString().trimmed();
        static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
        if (!name.match(c.modelLine).hasMatch())
            bad(QStringLiteral("model_line"),
                QStringLiteral("must be 1 to 64 letters, digits, '.', '_' or '-' (it names versions as LINE@N)"));
    }
    c.datasetDir = json.value(QStringLiteral("dataset_dir")).toString(training::defaultFashionMnistDir());

    const QJsonObject s = section(json, QStringLiteral("samples"));
    onlyKnown(s, QStringLiteral("samples"), {QStringLiteral("min_correction_confidence"), QStringLiteral("classes")});
    c.samples.minCorrectionConfidence = number(s, QStringLiteral("samples"), QStringLiteral("min_correction_confidence"),
        c.samples.minCorrectionConfidence, 0.0, 1.0);
    c.samples.classes = integer(s, QStringLiteral("samples"), QStringLiteral("classes"), c.samples.classes, 2, 256);

    try {
        c.triggers = triggerConfigFromJson(section(json, QStringLiteral("triggers")));
        c.gate = gateConfigFromJson(section(json, QStringLiteral("gate")));
    } catch (const Error &e) {
        throw Error(ErrorKind::Input, QStringLiteral("loop configuration: %1").arg(e.message()));
    }

    const QJsonObject t = section(json, QStringLiteral("training"));
    const QString tr = QStringLiteral("training");
    onlyKnown(t, tr,
        {QStringLiteral("architecture"), QStringLiteral("epochs"), QStringLiteral("learning_rate"),
            QStringLiteral("batch_size"), QStringLiteral("replay_base_images"), QStringLiteral("bootstrap_train_images"),
            QStringLiteral("max_samples_per_job"), QStringLiteral("threads"), QStringLiteral("seed")});
    c.training.architecture = t.value(QStringLiteral("architecture")).toString(c.training.architecture);
    if (c.training.architecture != QLatin1String("small-cnn") && c.training.architecture != QLatin1String("mlp"))
        bad(QStringLiteral("training.architecture"), QStringLiteral("must be \"small-cnn\" or \"mlp\""));
    c.training.epochs = integer(t, tr, QStringLiteral("epochs"), c.training.epochs, 1, 1000);
    c.training.learningRate = number(t, tr, QStringLiteral("learning_rate"), c.training.learningRate, 1e-9, 10.0);
    c.training.batchSize = integer(t, tr, QStringLiteral("batch_size"), c.training.batchSize, 1, 65536);
    c.training.replayBaseImages =
        integer(t, tr, QStringLiteral("replay_base_images"), c.training.replayBaseImages, 0, 10000000);
    c.training.bootstrapTrainImages =
        integer(t, tr, QStringLiteral("bootstrap_train_images"), c.training.bootstrapTrainImages, 0, 10000000);
    c.training.maxSamplesPerJob =
        integer(t, tr, QStringLiteral("max_samples_per_job"), c.training.maxSamplesPerJob, 0, 100000000);
    c.training.threads = integer(t, tr, QStringLiteral("threads"), c.training.threads, 0, 256);
    if (t.contains(QStringLiteral("seed"))) {
        bool ok = false;
        const QJsonValue v = t.value(QStringLiteral("seed"));
        c.training.seed = v.isString() ? v.toString().toULongLong(&ok) : quint64(integer(t, tr, QStringLiteral("seed"), 0, 0, 2147483647));
        if (v.isString() && !ok)
            bad(QStringLiteral("training.seed"), QStringLiteral("must be a non-negative integer"));
    }

    const QJsonObject e = section(json, QStringLiteral("eval"));
    onlyKnown(e, QStringLiteral("eval"), {QStringLiteral("test_images"), QStringLiteral("recent_escalations")});
    c.eval.testImages = integer(e, QStringLiteral("eval"), QStringLiteral("test_images"), c.eval.testImages, 0, 10000000);
    c.eval.recentEscalations =
        integer(e, QStringLiteral("eval"), QStringLiteral("recent_escalations"), c.eval.recentEscalations, 0, 10000000);

    const QJsonValue hook = json.value(QStringLiteral("webhook"));
    if (!hook.isUndefined() && !hook.isNull()) {
        c.webhook = QUrl(hook.toString(), QUrl::StrictMode);
        if (!hook.isString() || !c.webhook.isValid()
            || (c.webhook.scheme() != QLatin1String("http") && c.webhook.scheme() != QLatin1String("https")))
            bad(QStringLiteral("webhook"), QStringLiteral("must be an http:// or https:// URL"));
    }
    return c;
}

QString LoopConfig::path(const Workspace &workspace)
{
    return QDir(workspace.root()).filePath(QStringLiteral("loop.json"));
}

LoopConfig LoopConfig::load(const Workspace &workspace)
{
    QFile file(path(workspace));
    if (!file.exists())
        return fromJson({});
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::Input, QStringLiteral("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 is not JSON: %2 at offset %3")
                .arg(file.fileName(), error.errorString())
                .arg(error.offset));
    if (!doc.isObject())
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 must hold a JSON object ({\"samples\": …, …}), not %2.")
                .arg(file.fileName(),
                    doc.isArray() ? QStringLiteral("an array") : QStringLiteral("a plain value")));
    try {
        return fromJson(doc.object());
    } catch (const Error &e) {
        throw Error(ErrorKind::Input, QStringLiteral("%1: %2").arg(file.fileName(), e.message()));
    }
}

} // namespace lk::loop
