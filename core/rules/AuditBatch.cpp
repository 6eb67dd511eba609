#include "core/rules/AuditBatch.h"

#include "core/common/Error.h"
#include "core/rules/JsonArena.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <functional>

namespace lk::rules {

// ---- StringTable ------------------------------------------------------------------------------

namespace {

quint64 hashOf(std::string_view s)
{
    return quint64(std::hash<std::string_view>{}(s));
}

} // namespace

StringTable::StringTable()
{
    m_slots.assign(64, 0);
    intern(std::string_view());
}

void StringTable::grow()
{
    std::vector<quint32> slots(m_slots.size() * 2, 0);
    const size_t mask = slots.size() - 1;
    for (quint32 id = 0; id < m_values.size(); ++id) {
        size_t i = size_t(m_hashes[id]) & mask;
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = id + 1;
    }
    m_slots.swap(slots);
}

quint32 StringTable::intern(std::string_view utf8)
{
    if ((m_values.size() + 1) * 2 > m_slots.size())
        grow();
    const quint64 h = hashOf(utf8);
    const size_t mask = m_slots.size() - 1;
    size_t i = size_t(h) & mask;
    while (m_slots[i]) {
        const quint32 id = m_slots[i] - 1;
        if (m_hashes[id] == h && m_values[id] == utf8)
            return id;
        i = (i + 1) & mask;
    }
    const quint32 id = quint32(m_values.size());
    m_values.emplace_back(utf8);
    m_hashes.push_back(h);
    m_slots[i] = id + 1;
    return id;
}

qint64 StringTable::find(std::string_view utf8) const
{
    const quint64 h = hashOf(utf8);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = size_t(h) & mask; m_slots[i]; i = (i + 1) & mask) {
        const quint32 id = m_slots[i] - 1;
        if (m_hashes[id] == h && m_values[id] == utf8)
            return id;
    }
    return -1;
}

QString StringTable::text(quint32 id) const
{
    const std::string &s = m_values[id];
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// ---- Reader -----------------------------------------------------------------------------------

namespace {

QString fromView(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

int digits(std::string_view s, size_t at, size_t count)
{
    int v = 0;
    for (size_t i = at; i < at + count; ++i)
        v = v * 10 + (s[i] - '0');
    return v;
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(qint64 y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/// A timestamp the schema's pattern accepted (YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+hh:mm)) as ms since
/// the epoch; false if the fields are not a real date and time. QDateTime::fromString would do,
/// at ten times the cost for a million runs.
bool parseTimestamp(std::string_view s, qint64 &msecs, QString &why)
{
    const int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
    const int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
    static const int monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12) {
        why = QStringLiteral("month %1 does not exist").arg(month);
        return false;
    }
    const int maxDay = monthDays[month - 1] + (month == 2 && leap ? 1 : 0);
    if (day < 1 || day > maxDay) {
        why = QStringLiteral("day %1 does not exist in month %2 of %3").arg(day).arg(month).arg(year);
        return false;
    }
    if (hour > 23 || minute > 59 || second > 59) {
        why = QStringLiteral("%1:%2:%3 is not a time of day")
                  .arg(hour, 2, 10, QLatin1Char('0'))
                  .arg(minute, 2, 10, QLatin1Char('0'))
                  .arg(second, 2, 10, QLatin1Char('0'));
        return false;
    }
    size_t at = 19;
    int millis = 0;
    if (at < s.size() && s[at] == '.') {
        ++at;
        int scale = 100;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
            millis += (s[at] - '0') * scale;
            scale /= 10;
            ++at;
        }
    }
    int offsetMinutes = 0;
    if (at < s.size() && s[at] != 'Z') {
        const int oh = digits(s, at + 1, 2), om = digits(s, at + 4, 2);
        if (oh > 23 || om > 59) {
            why = QStringLiteral("zone offset %1 is not one").arg(fromView(s.substr(at)));
            return false;
        }
        offsetMinutes = (oh * 60 + om) * (s[at] == '-' ? -1 : 1);
    }
    const qint64 days = daysFromCivil(year, month, day);
    msecs = ((days * 24 + hour) * 60 + minute) * 60000 + qint64(second) * 1000 + millis
        - qint64(offsetMinutes) * 60000;
    return true;
}

quint64 inputRefHash(std::string_view s)
{
    // FNV-1a: identical refs within a run must collide, different ones practically never.
    quint64 h = 14695981039346656037ull;
    for (const char c : s) {
        h ^= quint8(c);
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

class Reader
{
public:
    /// Thrown out of the reading when the progress callback says stop.
    struct Cancelled
    {
    };

    Reader(std::string_view text, int maxProblems, const ReadProgress &progress)
        : m_text(text)
        , m_progress(progress)
        , m_schema(auditBatchSchema())
        , m_runPart(m_schema.part(QStringLiteral("/$defs/run")))
    {
        m_topProblems.limit = maxProblems;
        m_runProblems.limit = maxProblems;
    }

    void read()
    {
        qsizetype pos = 0;
        JsonArena::skipSpace(m_text, pos);
        if (pos < qsizetype(m_text.size()) && m_text[size_t(pos)] == '{') {
            readTopObject(pos);
        } else {
            // Not an object: parse it anyway (a syntax error is the better message) and let the
            // schema say what it should have been.
            m_arena.clear();
            const int node = m_arena.parse(m_text, pos);
            m_top = QJsonObject();
            m_schema.validate(m_arena.toJsonValue(node), m_topProblems);
            m_notObject = true;
        }
        JsonArena::skipSpace(m_text, pos);
        if (pos != qsizetype(m_text.size()))
            throw JsonSyntaxError{pos, QStringLiteral("unexpected text after the end of the document")};
        if (m_notObject)
            return;

        QJsonObject forSchema = m_top;
        if (m_runsStreamed)
            forSchema.insert(QStringLiteral("runs"), QJsonArray()); // its items were checked one by one
        m_schema.validate(forSchema, m_topProblems);
        if (problemCount() == 0)
            fillTopLevel();
        else
            keepNames();
    }

    qsizetype runsSeen() const { return m_runsSeen; }

    qsizetype problemCount() const { return m_topProblems.total + m_runProblems.total; }

    /// Top-level problems first (there are few), then those of the runs in order.
    QList<JsonProblem> problems(int limit) const
    {
        QList<JsonProblem> all = m_topProblems.kept;
        for (const JsonProblem &p : m_runProblems.kept) {
            if (all.size() >= limit)
                break;
            all.append(p);
        }
        return all;
    }

    AuditBatch takeBatch() { return std::move(m_batch); }

private:
    void problem(ProblemList &list, const std::vector<PathStep> &path, const QString &message)
    {
        list.add(jsonPointer(path), message);
    }

    void readTopObject(qsizetype &pos)
    {
        ++pos; // {
        JsonArena::skipSpace(m_text, pos);
        if (pos < qsizetype(m_text.size()) && m_text[size_t(pos)] == '}') {
            ++pos;
            return;
        }
        std::string key;
        for (;;) {
            JsonArena::skipSpace(m_text, pos);
            if (pos >= qsizetype(m_text.size()) || m_text[size_t(pos)] != '"')
                throw JsonSyntaxError{pos, QStringLiteral("expected a member name in double quotes")};
            JsonArena::readString(m_text, pos, key);
            JsonArena::skipSpace(m_text, pos);
            if (pos >= qsizetype(m_text.size()) || m_text[size_t(pos)] != ':')
                throw JsonSyntaxError{pos, QStringLiteral("expected ':' after a member name")};
            ++pos;
            JsonArena::skipSpace(m_text, pos);
            const QString name = QString::fromStdString(key);
            const bool repeated = m_top.contains(name) || (key == "runs" && m_runsStreamed);
            if (repeated)
                problem(m_topProblems, {PathStep{key, -1}},
                    QStringLiteral("appears more than once in its object"));
            if (key == "runs" && pos < qsizetype(m_text.size()) && m_text[size_t(pos)] == '[' && !repeated) {
                streamRuns(pos);
                m_runsStreamed = true;
            } else {
                m_arena.clear();
                const int node = m_arena.parse(m_text, pos);
                if (!repeated)
                    m_top.insert(name, m_arena.toJsonValue(node));
            }
            JsonArena::skipSpace(m_text, pos);
            if (pos < qsizetype(m_text.size()) && m_text[size_t(pos)] == ',') {
                ++pos;
                continue;
            }
            if (pos < qsizetype(m_text.size()) && m_text[size_t(pos)] == '}') {
                ++pos;
                return;
            }
            throw JsonSyntaxError{pos, QStringLiteral("expected ',' or '}' in an object")};
        }
    }

    void streamRuns(qsizetype &pos)
    {
        // Room for the records up front: growing arrays of millions of records by doubling
        // copies them over and over. The estimate is generous (a run record rarely takes less
        // than ~600 bytes of JSON, a task ~200) and unused capacity is never touched.
        const size_t rest = m_text.size() - size_t(pos);
        m_batch.runs.reserve(rest / 600 + 16);
        m_batch.tasks.reserve(rest / 200 + 16);
        m_batch.dependencies.reserve(rest / 300 + 16);
        ++pos; // [
        JsonArena::skipSpace(m_text, pos);
        if (pos < qsizetype(m_text.size()) && m_text[size_t(pos)] == ']') {
            ++pos;
            return;
        }
        for (qsizetype index = 0;; ++index) {
            m_arena.clear();
            const int node = m_arena.parse(m_text, pos);
            ++m_runsSeen;
            readRun(node, index);
            constexpr qsizetype kProgressEvery = 4096; // runs: ~10 ms apart, never a measurable cost
            if (m_progress && index % kProgressEvery == kProgressEvery - 1
                && !m_progress(double(pos) / double(m_text.size())))
                throw Cancelled{};
            JsonArena::skipSpace(m_text, pos);
            if (pos < qsizetype(m_text.size()) && m_text[size_t(pos)] == ',') {
                ++pos;
                continue;
            }
            if (pos < qsizetype(m_text.size()) && m_text[size_t(pos)] == ']') {
                ++pos;
                return;
            }
            throw JsonSyntaxError{pos, QStringLiteral("expected ',' or ']' in an array")};
        }
    }

    /// Checks one run against the schema and the rules it cannot say; converts it while the
    /// batch has no problem (after the first one nothing will be applied, so nothing is kept).
    void readRun(int run, qsizetype index)
    {
        static constexpr std::string_view kRuns("runs");
        std::vector<PathStep> &path = m_path;
        path.assign({PathStep{kRuns, -1}, PathStep{{}, index}});
        const qsizetype before = m_runProblems.total;
        m_schema.validate(m_arena, run, m_runPart, path, m_runProblems);
        if (m_runProblems.total > before)
            return; // the checks below assume the schema's shape

        RunRecord record;
        int tasksNode = -1;
        for (int c = m_arena.firstChild(run); c >= 0; c = m_arena.nextSibling(c)) {
            const std::string_view k = m_arena.key(c);
            if (k == "run_id") {
                const quint32 known = m_batch.runIds.size();
                record.runId = m_batch.runIds.intern(m_arena.string(c));
                if (record.runId < known) {
                    path.push_back(PathStep{k, -1});
                    problem(m_runProblems, path,
                        QStringLiteral("repeats the run_id of an earlier run (\"%1\")")
                            .arg(fromView(m_arena.string(c))));
                    path.pop_back();
                }
            } else if (k == "workflow_id") {
                record.workflowId = m_batch.strings.intern(m_arena.string(c));
            } else if (k == "user_request_category") {
                if (m_arena.kind(c) == JsonArena::Kind::String)
                    record.category = m_batch.strings.intern(m_arena.string(c));
            } else if (k == "timestamp") {
                QString why;
                if (!parseTimestamp(m_arena.string(c), record.timestampMs, why)) {
                    path.push_back(PathStep{k, -1});
                    problem(m_runProblems, path, QStringLiteral("is not a real date and time: %1").arg(why));
                    path.pop_back();
                }
            } else if (k == "tasks") {
                tasksNode = c;
            }
        }

        // Task ids of this run, sorted, to resolve depends_on and find repeats; and where each
        // task's depends_on is (one pass over the members).
        m_taskIds.clear();
        m_depNodes.clear();
        int t = 0;
        for (int c = m_arena.firstChild(tasksNode); c >= 0; c = m_arena.nextSibling(c), ++t) {
            int deps = -1;
            for (int m = m_arena.firstChild(c); m >= 0; m = m_arena.nextSibling(m)) {
                const std::string_view k = m_arena.key(m);
                if (k == "task_id")
                    m_taskIds.push_back({m_arena.string(m), t});
                else if (k == "depends_on")
                    deps = m;
            }
            m_depNodes.push_back(deps);
        }
        std::sort(m_taskIds.begin(), m_taskIds.end());
        for (size_t i = 1; i < m_taskIds.size(); ++i)
            if (m_taskIds[i].first == m_taskIds[i - 1].first) {
                path.insert(path.end(),
                    {PathStep{"tasks", -1}, PathStep{{}, m_taskIds[i].second}, PathStep{"task_id", -1}});
                problem(m_runProblems, path,
                    QStringLiteral("repeats the task_id \"%1\" of task %2 of this run")
                        .arg(fromView(m_taskIds[i].first), QString::number(m_taskIds[i - 1].second)));
                path.resize(2);
            }

        // depends_on as indices within the run.
        m_depStart.assign(size_t(t) + 1, 0);
        m_depTargets.clear();
        for (t = 0; t < int(m_depNodes.size()); ++t) {
            m_depStart[size_t(t)] = quint32(m_depTargets.size());
            const int deps = m_depNodes[size_t(t)];
            if (deps < 0)
                continue;
            int d = 0;
            for (int dep = m_arena.firstChild(deps); dep >= 0; dep = m_arena.nextSibling(dep), ++d) {
                const std::string_view name = m_arena.string(dep);
                const auto it = std::lower_bound(m_taskIds.begin(), m_taskIds.end(),
                    std::pair<std::string_view, int>{name, std::numeric_limits<int>::min()});
                QString wrong;
                if (it == m_taskIds.end() || it->first != name)
                    wrong = QStringLiteral("names no task of this run (\"%1\")").arg(fromView(name));
                else if (it->second == t)
                    wrong = QStringLiteral("names the task itself");
                if (!wrong.isEmpty()) {
                    path.insert(path.end(),
                        {PathStep{"tasks", -1}, PathStep{{}, t}, PathStep{"depends_on", -1},
                            PathStep{{}, d}});
                    problem(m_runProblems, path, wrong);
                    path.resize(2);
                    continue;
                }
                m_depTargets.push_back(quint32(it->second));
            }
        }
        m_depStart[size_t(t)] = quint32(m_depTargets.size());
        findCycle(t, path);

        if (problemCount() > 0) {
            // Nothing of a bad batch is applied: stop keeping data once there is a problem.
            if (!m_dropped) {
                m_batch.runs = {};
                m_batch.tasks = {};
                m_batch.dependencies = {};
                m_dropped = true;
            }
            return;
        }
        record.firstTask = quint32(m_batch.tasks.size());
        record.taskCount = quint32(t);
        t = 0;
        for (int c = m_arena.firstChild(tasksNode); c >= 0; c = m_arena.nextSibling(c), ++t)
            m_batch.tasks.push_back(readTask(c, record.firstTask, t));
        m_batch.runs.push_back(record);
    }

    TaskRecord readTask(int task, quint32 firstTask, int t)
    {
        TaskRecord r;
        for (int c = m_arena.firstChild(task); c >= 0; c = m_arena.nextSibling(c)) {
            const std::string_view k = m_arena.key(c);
            const JsonArena::Kind kind = m_arena.kind(c);
            if (kind == JsonArena::Kind::Null)
                continue; // null means "not reported" for every optional member
            if (k == "agent") {
                r.agent = m_batch.strings.intern(m_arena.string(c));
            } else if (k == "capability") {
                r.capability = m_batch.strings.intern(m_arena.string(c));
            } else if (k == "domain") {
                r.domain = m_batch.strings.intern(m_arena.string(c));
            } else if (k == "status") {
                const std::string_view s = m_arena.string(c);
                r.status = s == "success" ? TaskStatus::Success
                    : s == "failed"       ? TaskStatus::Failed
                                          : TaskStatus::Skipped;
            } else if (k == "error_code") {
                r.errorCode = m_batch.strings.intern(m_arena.string(c));
            } else if (k == "error_message") {
                r.errorMessage = m_batch.strings.intern(m_arena.string(c));
            } else if (k == "retries") {
                r.retries = qint32(std::min(m_arena.number(c), 1e9));
            } else if (k == "max_retries") {
                r.maxRetries = qint32(std::min(m_arena.number(c), 1e9));
            } else if (k == "duration_ms") {
                r.durationMs = m_arena.number(c);
            } else if (k == "input_size_bytes") {
                r.inputSizeBytes = qint64(m_arena.number(c));
            } else if (k == "used_fraction") {
                r.usedFraction = m_arena.number(c);
            } else if (k == "cost") {
                r.cost = m_arena.number(c);
            } else if (k == "input_ref") {
                r.inputRef = inputRefHash(m_arena.string(c));
            }
        }
        r.firstDependency = quint32(m_batch.dependencies.size());
        for (quint32 i = m_depStart[size_t(t)]; i < m_depStart[size_t(t) + 1]; ++i)
            m_batch.dependencies.push_back(firstTask + m_depTargets[i]);
        r.dependencyCount = quint32(m_batch.dependencies.size()) - r.firstDependency;
        return r;
    }

    /// A plan is a DAG; a cycle means the record is corrupt (or the plan could never have run).
    void findCycle(int taskCount, std::vector<PathStep> &path)
    {
        m_color.assign(size_t(taskCount), 0); // 0 new, 1 on the stack, 2 done
        m_stack.clear();
        for (int start = 0; start < taskCount; ++start) {
            if (m_color[size_t(start)])
                continue;
            m_stack.push_back({start, m_depStart[size_t(start)]});
            m_color[size_t(start)] = 1;
            while (!m_stack.empty()) {
                auto &[node, next] = m_stack.back();
                if (next == m_depStart[size_t(node) + 1]) {
                    m_color[size_t(node)] = 2;
                    m_stack.pop_back();
                    continue;
                }
                const int target = int(m_depTargets[next++]);
                if (m_color[size_t(target)] == 1) {
                    QStringList names;
                    bool inCycle = false;
                    for (const auto &frame : m_stack) {
                        inCycle = inCycle || frame.first == target;
                        if (inCycle)
                            names << taskName(frame.first);
                    }
                    names << taskName(target);
                    path.push_back(PathStep{"tasks", -1});
                    problem(m_runProblems, path,
                        QStringLiteral("depends_on forms a cycle: %1")
                            .arg(names.join(QStringLiteral(" -> "))));
                    path.pop_back();
                    return; // one cycle named is enough to fix the record
                }
                if (m_color[size_t(target)] == 0) {
                    m_color[size_t(target)] = 1;
                    m_stack.push_back({target, m_depStart[size_t(target)]});
                }
            }
        }
    }

    QString taskName(int t) const
    {
        for (const auto &[name, index] : m_taskIds)
            if (index == t)
                return fromView(name);
        return QString::number(t);
    }

    /// Of a rejected batch, what names it (when it is the right type), for the report.
    void keepNames()
    {
        m_batch = AuditBatch();
        const auto name = [this](const char *key) {
            const QJsonValue v = m_top.value(QLatin1String(key));
            return v.isString() ? v.toString() : QString();
        };
        m_batch.batchId = name("batch_id");
        m_batch.source = name("source");
        m_batch.auditFile = name("audit_file");
    }

    void fillTopLevel()
    {
        m_batch.batchId = m_top.value(QStringLiteral("batch_id")).toString();
        m_batch.source = m_top.value(QStringLiteral("source")).toString();
        m_batch.auditFile = m_top.value(QStringLiteral("audit_file")).toString();
        const QJsonObject summary = m_top.value(QStringLiteral("summary")).toObject();
        m_batch.summary.raw = summary;
        const auto text = [](const QJsonObject &o, const char *key) {
            return o.value(QLatin1String(key)).toString(); // null and absent read as ""
        };
        const auto runIds = [](const QJsonObject &o) {
            QStringList ids;
            for (const QJsonValue &v : o.value(QStringLiteral("run_ids")).toArray())
                ids << v.toString();
            return ids;
        };
        for (const QJsonValue &v : summary.value(QStringLiteral("error_clusters")).toArray()) {
            const QJsonObject o = v.toObject();
            ErrorCluster c;
            c.agent = text(o, "agent");
            c.capability = text(o, "capability");
            c.domain = text(o, "domain");
            c.errorCode = text(o, "error_code");
            c.count = qint64(o.value(QStringLiteral("count")).toDouble());
            c.runIds = runIds(o);
            c.retries = qint64(o.value(QStringLiteral("retries")).toDouble());
            c.durationMs = o.value(QStringLiteral("duration_ms")).toDouble();
            c.cost = o.value(QStringLiteral("cost")).toDouble();
            m_batch.summary.errorClusters.push_back(c);
        }
        for (const QJsonValue &v : summary.value(QStringLiteral("reasoning_failures")).toArray()) {
            const QJsonObject o = v.toObject();
            ReasoningFailure f;
            f.agent = o.value(QStringLiteral("agent")).toString(QStringLiteral("reasoning_agent"));
            f.failureType = text(o, "failure_type");
            f.description = text(o, "description");
            f.capability = text(o, "capability");
            f.domain = text(o, "domain");
            f.trigger = text(o, "trigger");
            f.suggestedInstruction = text(o, "suggested_instruction");
            f.count = qint64(o.value(QStringLiteral("count")).toDouble());
            f.runIds = runIds(o);
            f.durationMs = o.value(QStringLiteral("duration_ms")).toDouble();
            f.cost = o.value(QStringLiteral("cost")).toDouble();
            m_batch.summary.reasoningFailures.push_back(f);
        }
    }

    std::string_view m_text;
    const ReadProgress &m_progress;
    const JsonSchema &m_schema;
    const JsonSchema::Node *m_runPart;
    JsonArena m_arena;
    QJsonObject m_top;
    bool m_runsStreamed = false;
    bool m_notObject = false;
    bool m_dropped = false;
    qsizetype m_runsSeen = 0;
    ProblemList m_topProblems;
    ProblemList m_runProblems;
    AuditBatch m_batch;

    // Scratch reused across runs, so that a run costs no allocation once they have grown.
    std::vector<PathStep> m_path;
    std::vector<std::pair<std::string_view, int>> m_taskIds;
    std::vector<int> m_depNodes;
    std::vector<quint32> m_depStart;
    std::vector<quint32> m_depTargets;
    std::vector<char> m_color;
    std::vector<std::pair<int, quint32>> m_stack;
};

} // namespace

BatchReading readAuditBatch(QByteArrayView json, int maxProblems, const ReadProgress &progress)
{
    BatchReading out;
    const std::string_view text(json.data(), size_t(json.size()));
    Reader reader(text, maxProblems, progress);
    try {
        reader.read();
    } catch (const Reader::Cancelled &) {
        out.cancelled = true;
        out.problems = {
            JsonProblem{QString(), QStringLiteral("was not read to the end: reading was cancelled")}};
        out.totalProblems = 1;
        out.runsSeen = reader.runsSeen();
        return out;
    } catch (const JsonSyntaxError &e) {
        // The document is not JSON: what the schema said about the part before the error is moot.
        out.problems = {JsonProblem{QString(),
            QStringLiteral("is not valid JSON: %1 at %2 (byte %3)")
                .arg(e.message, JsonArena::location(text, e.offset))
                .arg(e.offset)}};
        out.totalProblems = 1;
        return out;
    }
    out.totalProblems = reader.problemCount();
    out.runsSeen = reader.runsSeen();
    out.batch = reader.takeBatch();
    if (out.totalProblems > 0)
        out.problems = reader.problems(maxProblems);
    return out;
}

BatchReading readAuditBatchFile(const QString &path, int maxProblems, const ReadProgress &progress)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::Input,
            QStringLiteral("Cannot read the audit batch %1: %2").arg(path, f.errorString()));
    if (f.size() == 0)
        return readAuditBatch(QByteArrayView(), maxProblems, progress);
    // Mapped, not read: a batch of a million runs is most of a gigabyte.
    const uchar *data = f.map(0, f.size());
    if (data)
        return readAuditBatch(
            QByteArrayView(reinterpret_cast<const char *>(data), f.size()), maxProblems, progress);
    const QByteArray bytes = f.readAll();
    return readAuditBatch(bytes, maxProblems, progress);
}

} // namespace lk::rules
