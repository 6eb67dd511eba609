#include "core/rollout/SampleInputs.h"

#include "core/common/Error.h"
#include "core/loop/SampleStore.h"
#include "core/rollout/NodeClient.h"

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

PullResult pullSampleInputs(storage::Database &db, const fleet::FleetConfig &fleet, NodeClient &client, int limit)
{
    PullResult result;
    loop::SampleStore store(db);
    std::vector<NodeRequest> requests;
    std::vector<QString> ids;
    for (const auto &[id, uri] : store.awaitingInput(limit)) {
        const QUrl url(uri);
        const fleet::FleetNode *node = owner(fleet, url);
        if (!node) {
            ++result.foreign;
            continue;
        }
        NodeRequest r;
        r.node = *node;
        r.path = url.path();
        requests.push_back(std::move(r));
        ids.push_back(id);
    }
    const std::vector<NodeReply> replies = client.send(requests, 16);
    for (std::size_t i = 0; i < replies.size(); ++i) {
        if (!replies[i].ok()) {
            ++result.failed;
            continue;
        }
        try {
            result.fetched += store.attachInput(ids[i], replies[i].body) ? 1 : 0;
        } catch (const Error &) {
            ++result.failed; // not a 28x28 image: left waiting, never stored
        }
    }
    return result;
}

} // namespace lk::rollout
