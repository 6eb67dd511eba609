#pragma once

// QCOMPARE prints a state by its stored name (docs/states.md): QTest finds these toString()
// overloads beside the enums.

#include "core/fleet/NodeHealthStatus.h"
#include "core/loop/JobStates.h"
#include "core/rollout/RolloutStates.h"
#include "core/rules/RuleStates.h"

#include <QByteArray>

namespace lk::test {
inline char *stateText(const QString &name)
{
    return qstrdup(name.toUtf8().constData());
}
} // namespace lk::test

namespace lk::rollout {
inline char *toString(RolloutStatus s)
{
    return lk::test::stateText(nameOf(s));
}
inline char *toString(RolloutCommand c)
{
    return lk::test::stateText(nameOf(c));
}
inline char *toString(RolloutNodeState s)
{
    return lk::test::stateText(nameOf(s));
}
inline char *toString(NodeAction a)
{
    return lk::test::stateText(nameOf(a));
}
} // namespace lk::rollout

namespace lk::fleet {
inline char *toString(NodeHealthStatus s)
{
    return lk::test::stateText(nameOf(s));
}
} // namespace lk::fleet

namespace lk::loop {
inline char *toString(JobStatus s)
{
    return lk::test::stateText(nameOf(s));
}
inline char *toString(JobCommand c)
{
    return lk::test::stateText(nameOf(c));
}
} // namespace lk::loop

namespace lk::rules {
inline char *toString(RuleStatus s)
{
    return lk::test::stateText(nameOf(s));
}
inline char *toString(RuleCommand c)
{
    return lk::test::stateText(nameOf(c));
}
} // namespace lk::rules
