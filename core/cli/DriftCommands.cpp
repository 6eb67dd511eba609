// Placeholder registration until the drift commands land; returns no commands.
#include "core/cli/Cli.h"

namespace lk::cli {

QList<Command> driftCommands()
{
    return {};
}

} // namespace lk::cli
