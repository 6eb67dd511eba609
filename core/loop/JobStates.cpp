#include "core/loop/JobStates.h"

#include "core/common/StateNames.h"

#include <algorithm>

namespace lk::loop {

namespace {

constexpr EnumName<JobStatus> kStatusNames[] = {
    {JobStatus::Queued, "queued"},
    {JobStatus::Running, "running"},
    {JobStatus::Complete, "complete"},
    {JobStatus::Failed, "failed"},
    {JobStatus::Cancelled, "cancelled"},
};

constexpr EnumName<JobCommand> kCommandNames[] = {
    {JobCommand::Run, "run"},
    {JobCommand::Cancel, "cancel"},
    {JobCommand::Complete, "complete"},
    {JobCommand::Fail, "fail"},
};

} // namespace

QString nameOf(JobStatus status)
{
    return enumName(kStatusNames, status);
}

std::optional<JobStatus> parseJobStatus(QStringView text)
{
    return enumFromName(kStatusNames, text);
}

JobStatus jobStatusFromName(const QString &text)
{
    return enumFromNameOrThrow(kStatusNames, text, "job status", "job statuses");
}

const std::vector<JobStatus> &allJobStatuses()
{
    static const std::vector<JobStatus> all = enumValues(kStatusNames);
    return all;
}

bool isActive(JobStatus status)
{
    return status == JobStatus::Queued || status == JobStatus::Running;
}

QString nameOf(JobCommand command)
{
    return enumName(kCommandNames, command);
}

std::optional<JobCommand> parseJobCommand(QStringView text)
{
    return enumFromName(kCommandNames, text);
}

JobCommand jobCommandFromName(const QString &text)
{
    return enumFromNameOrThrow(kCommandNames, text, "job command", "job commands");
}

const std::vector<JobCommand> &allJobCommands()
{
    static const std::vector<JobCommand> all = enumValues(kCommandNames);
    return all;
}

std::vector<JobCommand> allowedCommands(JobStatus status)
{
    using C = JobCommand;
    switch (status) {
    case JobStatus::Queued:
        // A queued job is cancelled before its first step; it fails if its process gives up on it.
        return {C::Run, C::Cancel, C::Fail};
    case JobStatus::Running:
        return {C::Cancel, C::Complete, C::Fail};
    case JobStatus::Complete:
    case JobStatus::Failed:
    case JobStatus::Cancelled:
        return {};
    }
    return {};
}

bool allows(JobStatus status, JobCommand command)
{
    const std::vector<JobCommand> allowed = allowedCommands(status);
    return std::find(allowed.begin(), allowed.end(), command) != allowed.end();
}

std::vector<JobStatus> statusesAllowing(JobCommand command)
{
    std::vector<JobStatus> out;
    for (JobStatus s : allJobStatuses()) {
        if (allows(s, command))
            out.push_back(s);
    }
    return out;
}

JobStatus statusAfter(JobCommand command)
{
    switch (command) {
    case JobCommand::Run:
        return JobStatus::Running;
    case JobCommand::Cancel:
        return JobStatus::Cancelled;
    case JobCommand::Complete:
        return JobStatus::Complete;
    case JobCommand::Fail:
        return JobStatus::Failed;
    }
    return JobStatus::Failed;
}

QString commandSentence(const std::vector<JobCommand> &commands)
{
    QStringList names;
    for (JobCommand c : commands)
        names.append(nameOf(c));
    return lk::commandSentence(names);
}

QString refusal(const QString &jobId, JobStatus status, JobCommand command)
{
    if (allows(status, command))
        return {};
    return QStringLiteral("Job %1 is %2, so it cannot %3; a %2 job takes %4.")
        .arg(jobId, nameOf(status), nameOf(command), commandSentence(allowedCommands(status)));
}

} // namespace lk::loop
