#include "core/rollout/SampleInputs.h"

#include "core/common/Error.h"
#include "core/loop/SampleStore.h"
#include "core/fleet/NodeClient.h"

#include <QUrl>

namespace lk::rollout {

namespace {

/// The fleet node whose base URL the URI is under, or nullptr.
const fleet::FleetNode *owner(const fleet::FleetConfig &fleet, const QUrl &uri)
{
    for (const fleet::FleetNode &n : fleet.nodes) {
        if (n.url.scheme() == uri.scheme() && n.url.host() == uri.host() && n.url.port(80) == uri.port(80))
            return &n;
    }
    return nullptr;
}

} // namespace

PullResult pullSampleInputs(storage::Database &db, const fleet::FleetConfig &fleet, fleet::NodeClient &client, int limit)
{
    PullResult result;
    loop::SampleStore store(db);
    std::vector<fleet::NodeRequest> requests;
    std::vector<QString> ids;
    QStringList prefixes;
    for (const fleet::FleetNode &n : fleet.nodes) {
        QString base = n.url.toString();
        if (!base.endsWith(QLatin1Char('/')))
            base += QLatin1Char('/');
        prefixes.append(base);
    }
    for (const auto &[id, uri] : store.awaitingInput(limit, prefixes)) {
        const QUrl url(uri);
        const fleet::FleetNode *node = owner(fleet, url);
        if (!node)
            continue; // a prefix matched, so this does not happen; never ask a host outside the fleet
        fleet::NodeRequest r;
        r.node = *node;
        r.path = url.path();
        requests.push_back(std::move(r));
        ids.push_back(id);
    }
    const std::vector<fleet::NodeReply> replies = client.send(requests, 16);
    for (std::size_t i = 0; i < replies.size(); ++i) {
        if (!replies[i].ok()) {
            ++result.failed;
            store.noteInputFailure(ids[i]);
            continue;
        }
        try {
            result.fetched += store.attachInput(ids[i], replies[i].body) ? 1 : 0;
        } catch (const Error &) {
            ++result.failed; // not a 28x28 image: never stored
            store.noteInputFailure(ids[i]);
        }
    }
    return result;
}

} // namespace lk::rollout
