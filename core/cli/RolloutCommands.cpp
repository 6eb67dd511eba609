// Placeholder registration until the rollout commands land; returns no commands.
#include "core/cli/Cli.h"

namespace lk::cli {

QList<Command> rolloutCommands()
{
    return {};
}

} // namespace lk::cli
