#pragma once

// Shared by the review-queue benchmarks: synthetic rule proposals and a median timer.

#include "core/rules/MemoryRule.h"

#include <QElapsedTimer>

#include <algorithm>
#include <functional>
#include <vector>

namespace lk::bench {

/// Synthetic proposals spread over agents, priorities, confidences and a few conflicts.
inline std::vector<rules::ProposedRule> proposals(int n)
{
    static const char *agents[] = {"planning_agent", "action_agent", "dispatch_agent", "reasoning_agent"};
    static const char *priorities[] = {"high", "medium", "low"};
    std::vector<rules::ProposedRule> out;
    out.reserve(size_t(n));
    quint64 state = 42;
    for (int i = 0; i < n; ++i) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        const quint32 r = quint32(state >> 33);
        rules::ProposedRule p;
        p.ruleId = QStringLiteral("rule_20260224_%1").arg(i + 1, 5, 10, QLatin1Char('0'));
        p.targetAgent = QString::fromLatin1(agents[r % 4]);
        p.priority = QString::fromLatin1(priorities[(r >> 3) % 3]);
        p.confidence = 0.6 + double((r >> 6) % 39) / 100.0;
        p.triggerCondition = QStringLiteral("When downloading from site%1.example and receiving HTTP 429").arg(i);
        p.instruction = QStringLiteral("Do not retry; report failed and not recoverable.");
        p.rationale = QStringLiteral("Observed %1 runs.").arg(r % 50);
        p.pattern.kind = QStringLiteral("repeated_failure");
        p.pattern.key = rules::patternKey(p.pattern.kind, {p.targetAgent, QStringLiteral("site%1").arg(i)});
        p.pattern.subject = rules::patternKey(QStringLiteral("failure"), {QStringLiteral("site%1").arg(i % 5000)});
        p.pattern.stance = QStringLiteral("no_retry");
        p.pattern.fingerprint = rules::patternFingerprint(p.pattern.key);
        p.evidence.occurrences = p.evidence.runs = r % 50 + 1;
        p.evidence.batchIds = {QStringLiteral("batch_bench")};
        out.push_back(std::move(p));
    }
    return out;
}

/// The median of `repeat` timings of `f`, in milliseconds.
inline double medianMs(int repeat, const std::function<void()> &f)
{
    std::vector<double> times;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        times.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace lk::bench
