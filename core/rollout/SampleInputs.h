#pragma once

// Peer-to-peer pull of escalated inputs: an edge node sends the console only a sample's
// metadata and keeps the image (the image stays local); the console fetches it from
// the node (GET /v1/samples/{id}) so that training can use it. Only nodes of the fleet file
// are asked.

#include "core/fleet/FleetConfig.h"
#include "core/storage/Database.h"

namespace lk::fleet {
class NodeClient;
}

namespace lk::rollout {

/// What one pull did.
struct PullResult
{
    int fetched = 0; ///< inputs stored
    int failed = 0; ///< nodes that did not give one (down, or the input is gone)
};

/// Fetches the inputs of up to `limit` samples waiting for one, from their fleet nodes.
PullResult pullSampleInputs(storage::Database &db, const fleet::FleetConfig &fleet, fleet::NodeClient &client, int limit = 500);

} // namespace lk::rollout
