#include "core/fleet/FleetConfig.h"

#include "core/common/Tls.h"
#include "core/common/Error.h"
#include "core/common/JsonSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace lk::fleet {

namespace {

Error invalid(const QString &message)
{
    return Error(ErrorKind::Input, message);
}

QString stringField(const QJsonObject &o, const QString &key, const QString &where, bool required,
    const QString &fallback = {})
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            throw invalid(QStringLiteral("%1: \"%2\" is required.").arg(where, key));
        return fallback;
    }
    if (!v.isString() || v.toString().trimmed().isEmpty())
        throw invalid(QStringLiteral("%1: \"%2\" must be a non-empty string.").arg(where, key));
    return v.toString().trimmed();
}

FleetNode nodeFromJson(const QJsonValue &value, int index)
{
    QString where = QStringLiteral("nodes[%1]").arg(index);
    if (!value.isObject())
        throw invalid(QStringLiteral("%1 must be an object with at least \"name\" and \"url\".").arg(where));
    const QJsonObject o = value.toObject();
    static const QSet<QString> known{QStringLiteral("name"), QStringLiteral("url"), QStringLiteral("tier"),
        QStringLiteral("capabilities"), QStringLiteral("token"), QStringLiteral("token_env"),
        QStringLiteral("role"), QStringLiteral("ca_file")};
    FleetNode n;
    n.name = stringField(o, QStringLiteral("name"), where, true);
    where = QStringLiteral("nodes[%1] (\"%2\")").arg(index).arg(n.name);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            throw invalid(
                QStringLiteral("%1: unknown key \"%2\" (known: name, url, tier, capabilities, token, "
                               "token_env, role, ca_file).")
                    .arg(where, it.key()));
    }
    const QString url = stringField(o, QStringLiteral("url"), where, true);
    n.url = QUrl(url, QUrl::StrictMode);
    if (!n.url.isValid() || (n.url.scheme() != QLatin1String("http") && n.url.scheme() != QLatin1String("https"))
        || n.url.host().isEmpty())
        throw invalid(QStringLiteral("%1: \"url\" %2 is not an http(s) URL with a host.").arg(where, url));
    n.caFile = stringField(o, QStringLiteral("ca_file"), where, false);
    if (!n.caFile.isEmpty() && n.url.scheme() != QLatin1String("https"))
        throw invalid(
            QStringLiteral("%1: \"ca_file\" is for https URLs; \"url\" %2 is plain http.").arg(where, url));
    n.tier = stringField(o, QStringLiteral("tier"), where, false, n.tier);
    n.role = stringField(o, QStringLiteral("role"), where, false, n.role);
    if (n.role != QLatin1String("edge") && n.role != QLatin1String("teacher"))
        throw invalid(QStringLiteral("%1: \"role\" is \"%2\"; it must be \"edge\" or \"teacher\".").arg(where, n.role));
    const QJsonValue caps = o.value(QStringLiteral("capabilities"));
    if (!caps.isUndefined() && !caps.isNull()) {
        if (!caps.isArray())
            throw invalid(QStringLiteral("%1: \"capabilities\" must be an array of strings.").arg(where));
        for (const QJsonValue &c : caps.toArray()) {
            if (!c.isString() || c.toString().isEmpty())
                throw invalid(QStringLiteral("%1: \"capabilities\" must be an array of strings.").arg(where));
            n.capabilities.append(c.toString());
        }
    }
    const bool inline_ = o.contains(QStringLiteral("token"));
    const bool fromEnv = o.contains(QStringLiteral("token_env"));
    if (inline_ && fromEnv)
        throw invalid(QStringLiteral("%1: give \"token\" or \"token_env\", not both.").arg(where));
    if (inline_)
        n.token = stringField(o, QStringLiteral("token"), where, true);
    if (fromEnv) {
        const QString var = stringField(o, QStringLiteral("token_env"), where, true);
        n.token = qEnvironmentVariable(var.toLocal8Bit().constData());
        if (n.token.isEmpty())
            throw invalid(QStringLiteral("%1: \"token_env\" names %2, which is not set.").arg(where, var));
    }
    return n;
}

} // namespace

QJsonObject FleetNode::toJson(bool withToken) const
{
    QJsonObject o{{QStringLiteral("name"), name}, {QStringLiteral("url"), url.toString()},
        {QStringLiteral("tier"), tier}, {QStringLiteral("capabilities"), QJsonArray::fromStringList(capabilities)},
        {QStringLiteral("role"), role}};
    if (!caFile.isEmpty())
        o.insert(QStringLiteral("ca_file"), caFile);
    if (withToken && !token.isEmpty())
        o.insert(QStringLiteral("token"), token);
    return o;
}

FleetConfig FleetConfig::fromJson(const QJsonObject &json)
{
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() != QLatin1String("nodes") && it.key() != QLatin1String("ca_file"))
            throw invalid(QStringLiteral(
                "Fleet: unknown key \"%1\"; the file is {\"nodes\": [...]} with an optional \"ca_file\".")
                              .arg(it.key()));
    }
    const QString fleetCaFile = stringField(json, QStringLiteral("ca_file"), QStringLiteral("Fleet"), false);
    const QJsonValue nodes = json.value(QStringLiteral("nodes"));
    if (!nodes.isArray())
        throw invalid(QStringLiteral("Fleet: \"nodes\" must be an array of nodes."));
    FleetConfig config;
    QSet<QString> names;
    const QJsonArray array = nodes.toArray();
    for (int i = 0; i < array.size(); ++i) {
        FleetNode n = nodeFromJson(array.at(i), i);
        if (names.contains(n.name))
            throw invalid(QStringLiteral("nodes[%1]: the name \"%2\" is used twice; names must be unique.")
                              .arg(i)
                              .arg(n.name));
        names.insert(n.name);
        if (n.caFile.isEmpty() && n.url.scheme() == QLatin1String("https"))
            n.caFile = fleetCaFile; // the fleet's CA file serves every https node without its own
        config.nodes.push_back(std::move(n));
    }
    return config;
}

FleetConfig FleetConfig::load(const QString &path)
{
    const std::optional<QJsonObject> json = settings::readObjectFile(path);
    if (!json)
        throw invalid(QStringLiteral("There is no fleet file %1.").arg(path));
    FleetConfig config;
    try {
        config = fromJson(*json);
    } catch (const Error &e) {
        throw invalid(QStringLiteral("%1: %2").arg(path, e.message()));
    }
    // CA files are named relative to the fleet file; each must hold certificates now, so that a
    // wrong path is an error here, not a failed handshake with every node.
    const QDir folder = QFileInfo(path).absoluteDir();
    for (FleetNode &n : config.nodes) {
        if (n.caFile.isEmpty())
            continue;
        n.caFile = QDir::cleanPath(folder.absoluteFilePath(n.caFile));
        try {
            tls::loadCaFile(n.caFile);
        } catch (const Error &e) {
            throw invalid(QStringLiteral("%1: node \"%2\": %3").arg(path, n.name, e.message()));
        }
    }
    return config;
}

QJsonObject FleetConfig::toJson(bool withTokens) const
{
    QJsonArray array;
    for (const FleetNode &n : nodes)
        array.append(n.toJson(withTokens));
    return {{QStringLiteral("nodes"), array}};
}

std::vector<FleetNode> FleetConfig::edgeNodes() const
{
    std::vector<FleetNode> edges;
    for (const FleetNode &n : nodes) {
        if (n.isEdge())
            edges.push_back(n);
    }
    return edges;
}

const FleetNode *FleetConfig::find(const QString &name) const
{
    for (const FleetNode &n : nodes) {
        if (n.name == name)
            return &n;
    }
    return nullptr;
}

} // namespace lk::fleet
