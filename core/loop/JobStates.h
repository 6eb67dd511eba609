#pragma once

// The learning loop's training job as a state machine (docs/states.md): its statuses, what can
// happen to it, and in which status — the one copy of those rules that JobStore enforces and
// the Samples & Models panel and the CLI ask. The names are the stored and JSON ones.

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>
#include <vector>

namespace lk::loop {

/// Where a job is (training_jobs.status).
enum class JobStatus {
    Queued, ///< created by a trigger, holding its samples, not started
    Running, ///< a process trains it (owner_pid)
    Complete, ///< trained, gated and registered
    Failed, ///< training or gating failed, or its process died; samples back to pending
    Cancelled, ///< stopped on request; samples back to pending
};

/// What is done to a job: `run` (CLI `jobs run`, or the process that ticked the loop), `cancel`
/// (the Samples & Models panel's Cancel Job, in the process that runs it), and the runner's
/// own `complete` and `fail`.
enum class JobCommand {
    Run,
    Cancel,
    Complete,
    Fail,
};

QString nameOf(JobStatus status);
std::optional<JobStatus> parseJobStatus(QStringView text);
/// Throws lk::Error(Input) naming the known statuses.
JobStatus jobStatusFromName(const QString &text);
const std::vector<JobStatus> &allJobStatuses();
/// queued or running: it holds its samples, and no other job of its model line may start.
bool isActive(JobStatus status);

QString nameOf(JobCommand command);
std::optional<JobCommand> parseJobCommand(QStringView text);
/// Throws lk::Error(Input) naming the known commands.
JobCommand jobCommandFromName(const QString &text);
const std::vector<JobCommand> &allJobCommands();

/// queued: run, cancel, fail; running: cancel, complete, fail; complete, failed, cancelled: none.
std::vector<JobCommand> allowedCommands(JobStatus status);
bool allows(JobStatus status, JobCommand command);
/// The statuses in which `command` applies, for a guarded SQL update.
std::vector<JobStatus> statusesAllowing(JobCommand command);
/// The status a command leads to: run → running, cancel → cancelled, complete, fail → failed.
JobStatus statusAfter(JobCommand command);
/// "run, cancel or fail"; "no command" for an empty list.
QString commandSentence(const std::vector<JobCommand> &commands);
/// Why `command` does not apply to job `jobId` in `status`, naming the status and the commands
/// it takes; empty if it applies.
QString refusal(const QString &jobId, JobStatus status, JobCommand command);

} // namespace lk::loop
