#pragma once

// The bounds every input from outside is held to, in one place: the REST API and the edge
// node (bodies, headers, URLs), the shared validators of outcome events and escalated samples
// (identifier and name lengths, numeric ranges, nesting depth) which the REST API, the inbox,
// the CLI and the MCP server all go through, and the files read by path. docs/limits.md is the
// table of them per route; change both together.
//
// Why bounds at all: an unbounded name is stored, loaded into every model and repeated in every
// answer (a 5 MB agent name times 200,000 predictions filled 23 GB); an unbounded body is held
// in memory before anything looks at it. Each bound is far above any legitimate value.

#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

namespace lk::limits {

// --- Identifiers, names and text (characters, UTF-16 code units as QString counts them) -----

/// event_id, sample_id, node_id: ids are UUIDs or short keys; 128 leaves room for prefixes.
constexpr int kMaxIdLength = 128;
/// agent_name, task_type, model_version, correction.source, a rollout's "by": names a person
/// reads in a table.
constexpr int kMaxNameLength = 200;
/// Free text that is stored and shown: a sample's input.uri, a rollout command's "reason".
constexpr int kMaxTextLength = 2048;
/// An outcome event's context and the fields it carries beyond the known ones, and a sample's
/// unknown fields: each at most this many bytes as compact JSON.
constexpr int kMaxObjectBytes = 16 * 1024;
/// Arrays and objects nested in one another, in any JSON we read from a request or a file.
constexpr int kMaxJsonDepth = 32;

// --- Numeric ranges of outcome events (inclusive) -------------------------------------------

/// latency_ms: up to 7 days; larger values are a unit mistake, and 1e308 overflows averages.
constexpr double kMaxLatencyMs = 7.0 * 24 * 3600 * 1000;
/// cost: up to one billion (in whatever currency unit the caller uses).
constexpr double kMaxCost = 1e9;
/// tokens: up to one trillion per execution.
constexpr double kMaxTokens = 1e12;

// --- Agent-selection predictions ------------------------------------------------------------

/// top_k of POST /api/learning/predict/agent-selection and `agents recommend --top-k`: the
/// default and the most.
constexpr int kDefaultTopK = 3;
constexpr int kMaxTopK = 50;
/// Requests in one POST /api/learning/predict/agent-selection batch.
constexpr int kMaxPredictBatch = 1000;

// --- HTTP (serve and the edge node) ---------------------------------------------------------

/// A request's head must be complete this long after its first byte (408 beyond): a client
/// that sends a header a minute cannot hold a connection open.
constexpr int kHeadTimeoutMs = 15000;
/// A body may pause this long between bytes (408 beyond).
constexpr int kBodyIdleTimeoutMs = 30000;
/// Request line and headers together (431 beyond).
constexpr qint64 kMaxHeaderBytes = 16 * 1024;
/// The request target (path and query) (414 beyond).
constexpr qint64 kMaxUrlBytes = 4096;
/// Bodies of ingest routes (POST /api/samples, POST /api/learning/outcomes): ~50,000 samples.
constexpr qint64 kMaxIngestBody = 64 * 1024 * 1024;
/// Bodies of POST /api/learning/predict/agent-selection: kMaxPredictBatch requests and more.
constexpr qint64 kMaxPredictBody = 1024 * 1024;
/// Bodies of every other serve route (rollout commands, save): small JSON objects.
constexpr qint64 kMaxCommandBody = 64 * 1024;
/// The node's POST /v1/predict: one 28×28 image, raw or as base64 in JSON.
constexpr qint64 kMaxNodePredictBody = 64 * 1024;
/// The node's PUT /v1/model: a TorchScript file.
constexpr qint64 kMaxModelBody = 512LL * 1024 * 1024;

// --- MCP (JSON-RPC over stdio) ------------------------------------------------------------

/// One JSON-RPC message (one line); the tools take a few small arguments.
constexpr qint64 kMaxMcpMessageBytes = 1024 * 1024;
/// Messages in one JSON-RPC batch.
constexpr int kMaxMcpBatch = 100;

// --- List queries (CLI, REST and MCP alike; core/common/Query.h) ------------------------------

/// A list query's page: how many items when the caller names no limit, and the range it may
/// name. Every face (the CLI's --limit, the REST API's ?limit=, an MCP tool's "limit") goes
/// through the module's query service, which holds it to this one bound.
struct PageLimit
{
    int fallback;
    int minimum;
    int maximum;
};

/// Training runs, newest first (`runs list`, GET /api/training/runs, list_runs).
constexpr PageLimit kRunsPage{100, 1, 100000};
/// Steps of a run after a cursor (GET /api/training/runs/{id}/metrics); ~100 KB a page.
constexpr PageLimit kStepsPage{1000, 1, 100000};
/// The same for the MCP tool get_run_metrics: steps are noise in a model's context.
constexpr PageLimit kMcpStepsPage{100, 1, 100000};
/// Drift alerts, newest first (`drift alerts`, GET /api/drift/alerts, list_drift_alerts).
/// An alert carries its checks and the trigger's answer (about 2 KB): a hundred fill a screen
/// or a model's context; a thousand is still one quick answer.
constexpr PageLimit kDriftAlertsPage{100, 1, 1000};
/// How far back judged drift windows are listed, in minutes (`drift windows`, GET
/// /api/drift/windows): an hour unless asked, at most a year.
constexpr PageLimit kDriftWindowMinutes{60, 1, 525600};
/// Rollouts, newest first (`rollout list`, GET /api/rollouts).
constexpr PageLimit kRolloutsPage{50, 1, 10000};
/// A rollout's timeline after an event id (`rollout events`, GET /api/rollouts/{id}/events);
/// page on with the last id as "after".
constexpr PageLimit kRolloutEventsPage{10000, 1, 10000};
/// Training jobs of the learning loop, newest first (`jobs list`, GET /api/loop/jobs).
constexpr PageLimit kLoopJobsPage{100, 1, 100000};
/// The loop's notifications, newest first (`notifications`, GET /api/notifications).
constexpr PageLimit kNotificationsPage{50, 1, 10000};
/// Memory rules of the review queue (`rules queue`); 0 answers the counts only.
constexpr PageLimit kRulesPage{50, 0, 100000};

// --- Files read by path ---------------------------------------------------------------------

/// A model artifact named by a request or the CLI.
constexpr qint64 kMaxArtifactBytes = kMaxModelBody;
/// A batch file for `samples ingest` / `outcomes ingest`, or a metric history for `analyze`.
constexpr qint64 kMaxInputFileBytes = 1024LL * 1024 * 1024;

// --- Tokens ---------------------------------------------------------------------------------

/// Bearer tokens shorter than this are refused when a server starts.
constexpr int kMinTokenLength = 16;
/// What is wrong with a bearer token a server is started with (blank, shorter than
/// kMinTokenLength, or with spaces or control characters, which no header carries intact);
/// empty if it will do.
QString tokenProblem(const QString &token);

// --- Helpers --------------------------------------------------------------------------------

/// "FIELD is N characters long; the limit is MAX." when `value` is longer than `max`, else empty.
QString lengthProblem(const QString &field, const QString &value, int max);
/// How deeply arrays and objects nest in `value` (a scalar: 0, [] or {}: 1).
int jsonDepth(const QJsonValue &value);
/// How deeply arrays and objects nest in JSON text, found without parsing it (brackets inside
/// strings are skipped; in JSONL, lines that leave brackets open add up); stops counting once
/// past `stopAbove`.
int jsonTextDepth(QByteArrayView text, int stopAbove = kMaxJsonDepth);
/// `text` cut to `max` characters with "… (N characters)" appended when longer: for error
/// messages that quote what was sent.
QString quoted(const QString &text, int max = 200);

} // namespace lk::limits
