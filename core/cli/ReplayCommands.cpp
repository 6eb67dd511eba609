// Placeholder registration until the replay commands land; returns no commands.
#include "core/cli/Cli.h"

namespace lk::cli {

QList<Command> replayCommands()
{
    return {};
}

} // namespace lk::cli
