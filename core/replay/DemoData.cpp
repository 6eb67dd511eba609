// GENERATED DATA for the demo (see DemoData.h): every agent, outcome, run and failure made here
// is invented, labelled as generated, and only meant to give the console's panels a life.
#include "core/replay/DemoData.h"

#include <QJsonArray>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace lk::replay::demo {

namespace {

constexpr double kTwoPi = 6.283185307179586;

// Streams of the per-record generators, so that no two kinds of record share numbers.
constexpr std::uint64_t kEventStream = 1;
constexpr std::uint64_t kBatchStream = 2;
constexpr std::uint64_t kPoolStream = 3;
constexpr std::uint64_t kRecurStream = 4;

std::uint64_t splitmix(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

// ---- outcome events ----------------------------------------------------------------------------

enum Task { Analysis, Compliance, Summarization, TaskCount };

const std::array<const char *, TaskCount> kTaskNames{"analysis", "compliance_analysis", "summarization"};
const std::array<double, TaskCount> kTaskShare{0.4, 0.3, 0.3};
const std::array<double, TaskCount> kTaskTokens{1800, 2600, 1200};
const std::array<double, TaskCount> kTaskLatency{1.0, 1.4, 0.6}; ///< times the agent's median

constexpr double kHighComplexityShare = 0.4;
const std::array<const char *, 3> kDomains{"general", "financial", "legal"};
const std::array<double, 3> kDomainShare{0.5, 0.3, 0.2};

/// One made-up agent. Success probabilities are per task type, before the regime switch.
struct AgentProfile
{
    const char *name;
    std::array<double, TaskCount> success;
    double complexityPenalty; ///< subtracted from success when complexity is high
    double legalPenalty; ///< subtracted in the legal domain (negative: better there)
    double latencyMedianMs;
    double tokensFactor;
    double pricePerKToken;
    double quality; ///< typical quality score of a success
};

const std::array<AgentProfile, 5> kAgents{{
    {"demo-react", {0.92, 0.72, 0.75}, 0.05, 0.05, 1200, 1.0, 0.0020, 0.82},
    {"demo-debate", {0.74, 0.80, 0.70}, 0.02, 0.00, 2500, 1.8, 0.0060, 0.86},
    {"demo-evaluator", {0.70, 0.66, 0.84}, 0.10, 0.08, 900, 0.9, 0.0030, 0.80},
    {"demo-governor", {0.60, 0.88, 0.62}, 0.05, -0.04, 1800, 1.2, 0.0040, 0.84},
    {"demo-scout", {0.55, 0.45, 0.68}, 0.20, 0.10, 400, 0.7, 0.0005, 0.70},
}};

/// What the regime switch changes, per agent and task type.
struct RegimeChange
{
    int agent;
    Task task;
    double success;
    double complexityPenalty;
    double latencyFactor;
};

const std::array<RegimeChange, 2> kSwitch{{
    {0, Analysis, 0.35, 0.05, 2.5}, // demo-react degrades at what it was best at
    {4, Summarization, 0.97, 0.03, 1.0}, // demo-scout, the cheap one, becomes the best summarizer
}};

const RegimeChange *changeFor(int agent, Task task, bool afterSwitch)
{
    if (!afterSwitch)
        return nullptr;
    for (const RegimeChange &c : kSwitch)
        if (c.agent == agent && c.task == task)
            return &c;
    return nullptr;
}

double successProbability(int agent, Task task, bool high, int domain, bool afterSwitch)
{
    const AgentProfile &a = kAgents[std::size_t(agent)];
    const RegimeChange *c = changeFor(agent, task, afterSwitch);
    double p = c ? c->success : a.success[std::size_t(task)];
    if (high)
        p -= c ? c->complexityPenalty : a.complexityPenalty;
    if (domain == 2)
        p -= a.legalPenalty;
    return std::clamp(p, 0.02, 0.98);
}

template<std::size_t N>
int pick(Rng &rng, const std::array<double, N> &shares)
{
    double u = rng.uniform();
    for (std::size_t i = 0; i + 1 < N; ++i) {
        if (u < shares[i])
            return int(i);
        u -= shares[i];
    }
    return int(N - 1);
}

// ---- audit batches -----------------------------------------------------------------------------

const QStringList kCategories{
    QStringLiteral("video_summary"), QStringLiteral("podcast_transcript"), QStringLiteral("research_brief")};
const QStringList kPoolCapabilities{QStringLiteral("download"), QStringLiteral("audio_extraction"),
    QStringLiteral("transcription"), QStringLiteral("translation"), QStringLiteral("ocr"),
    QStringLiteral("web_search"), QStringLiteral("subtitle_fetch")};
const QStringList kPoolDomains{QStringLiteral("tiktok.com"), QStringLiteral("youtube.com"),
    QStringLiteral("vimeo.com"), QStringLiteral("instagram.com"), QStringLiteral("soundcloud.com"),
    QStringLiteral("twitch.tv"), QStringLiteral("dailymotion.com"), QStringLiteral("archive.org"),
    QStringLiteral("reddit.com"), QStringLiteral("podbean.com")};
const QStringList kPoolErrors{QStringLiteral("HTTP_404"), QStringLiteral("HTTP_500"),
    QStringLiteral("TIMEOUT"), QStringLiteral("QUOTA_EXCEEDED"), QStringLiteral("UNSUPPORTED_FORMAT"),
    QStringLiteral("PARSE_ERROR"), QStringLiteral("AUTH_REQUIRED"), QStringLiteral("GEO_BLOCKED")};

/// A failure pattern: who failed with what, where and how.
struct Failure
{
    QString agent, capability, domain, errorCode, message;
    int retries = 0;
    int maxRetries = 0;
    double medianMs = 3000;
    double cost = 0.001;
};

/// The fixed recurring patterns (see the file comment of DemoData.h).
const Failure kStrong{QStringLiteral("action_agent"), QStringLiteral("download"),
    QStringLiteral("tiktok.com"), QStringLiteral("HTTP_403"),
    QStringLiteral("403 Forbidden: the video is region-locked"), 3, 3, 6500, 0.002};
const Failure kMedium{QStringLiteral("action_agent"), QStringLiteral("transcription"),
    QStringLiteral("youtube.com"), QStringLiteral("TIMEOUT"),
    QStringLiteral("the transcription service timed out after 120 s"), 1, 2, 125000, 0.03};
const Failure kTransient{QStringLiteral("action_agent"), QStringLiteral("download"),
    QStringLiteral("vimeo.com"), QStringLiteral("RATE_LIMITED"), QStringLiteral("429 Too Many Requests"), 2,
    2, 9000, 0.001};
const Failure kOccasional{QStringLiteral("action_agent"), QStringLiteral("ocr"),
    QStringLiteral("instagram.com"), QStringLiteral("LOW_RESOLUTION"),
    QStringLiteral("the frame is too small to read"), 0, 1, 1500, 0.0005};

/// The pool of fresh patterns: every capability x domain x error, in an order fixed by the seed.
std::vector<Failure> freshPool(std::uint64_t seed)
{
    std::vector<Failure> pool;
    for (const QString &c : kPoolCapabilities)
        for (const QString &d : kPoolDomains)
            for (const QString &e : kPoolErrors) {
                if (c == kMedium.capability && d == kMedium.domain && e == kMedium.errorCode)
                    continue;
                Failure f;
                f.agent = QStringLiteral("action_agent");
                f.capability = c;
                f.domain = d;
                f.errorCode = e;
                f.message = QStringLiteral("%1 failed on %2 (%3)").arg(c, d, e);
                f.maxRetries = 2;
                pool.push_back(f);
            }
    Rng rng(seed, kPoolStream, 0);
    for (std::size_t i = pool.size() - 1; i > 0; --i)
        std::swap(pool[i], pool[std::size_t(rng.between(0, int(i)))]);
    return pool;
}

/// Fresh pattern j (0 or 1) of batch k, with how many runs it fails in there.
Failure freshPattern(const std::vector<Failure> &pool, std::uint64_t seed, std::uint64_t k, int j, int *runs)
{
    Rng rng(seed, kRecurStream, k * 2 + std::uint64_t(j));
    *runs = rng.chance(0.5) ? 1 : rng.between(2, 3);
    Failure f = pool[std::size_t((k * 2 + std::uint64_t(j)) % pool.size())];
    // Some fail without retrying, some burn their retries first.
    f.retries = rng.chance(0.5) ? 0 : 2;
    f.medianMs = 800 + 4000 * rng.uniform();
    f.cost = rounded(0.0005 + 0.004 * rng.uniform(), 4);
    return f;
}

/// Whether fresh pattern j of batch k recurs in batch k + 1.
bool recursNext(std::uint64_t seed, std::uint64_t k, int j)
{
    return Rng(seed, kRecurStream + 1, k * 2 + std::uint64_t(j)).chance(0.5);
}

/// `n` distinct indices below `size`.
std::vector<int> distinctRuns(Rng &rng, int size, int n)
{
    std::vector<int> all(static_cast<std::size_t>(size), 0);
    for (int i = 0; i < size; ++i)
        all[std::size_t(i)] = i;
    n = std::min(n, size);
    for (int i = 0; i < n; ++i)
        std::swap(all[std::size_t(i)], all[std::size_t(rng.between(i, size - 1))]);
    all.resize(std::size_t(n));
    return all;
}

/// The runs of a batch as they are built: tasks appended per run.
struct RunDraft
{
    QString runId;
    QJsonArray tasks;
    bool failed = false;
};

QJsonObject taskJson(const QString &id, const QString &agent, const QString &capability,
    const QString &domain, const QString &status)
{
    QJsonObject t{{QStringLiteral("task_id"), id}, {QStringLiteral("agent"), agent},
        {QStringLiteral("capability"), capability}, {QStringLiteral("status"), status}};
    if (!domain.isEmpty())
        t.insert(QStringLiteral("domain"), domain);
    return t;
}

void addFailure(RunDraft &run, Rng &rng, const Failure &f)
{
    QJsonObject t = taskJson(QStringLiteral("t%1").arg(run.tasks.size() + 1), f.agent, f.capability, f.domain,
        QStringLiteral("failed"));
    t.insert(QStringLiteral("error_code"), f.errorCode);
    t.insert(QStringLiteral("error_message"), f.message);
    t.insert(QStringLiteral("retries"), f.retries);
    t.insert(QStringLiteral("max_retries"), f.maxRetries);
    t.insert(QStringLiteral("duration_ms"), rounded(rng.logNormal(f.medianMs, 0.3) * (1 + f.retries), 1));
    t.insert(QStringLiteral("cost"), rounded(f.cost * (1 + f.retries), 5));
    run.tasks.append(t);
    run.failed = true;
}

void addRecovery(RunDraft &run, Rng &rng, const Failure &f)
{
    QJsonObject t = taskJson(QStringLiteral("t%1").arg(run.tasks.size() + 1), f.agent, f.capability, f.domain,
        QStringLiteral("success"));
    const int retries = rng.between(1, f.maxRetries);
    t.insert(QStringLiteral("error_code"), f.errorCode);
    t.insert(QStringLiteral("retries"), retries);
    t.insert(QStringLiteral("max_retries"), f.maxRetries);
    t.insert(QStringLiteral("duration_ms"), rounded(rng.logNormal(f.medianMs, 0.3) * (1 + retries), 1));
    t.insert(QStringLiteral("cost"), rounded(f.cost * (1 + retries), 5));
    run.tasks.append(t);
}

} // namespace

Rng::Rng(std::uint64_t seed)
    : m_state(seed)
{ }

Rng::Rng(std::uint64_t seed, std::uint64_t stream, std::uint64_t index)
{
    std::uint64_t s = seed;
    const std::uint64_t a = splitmix(s);
    s = a ^ (stream * 0xd1b54a32d192ed03ull);
    const std::uint64_t b = splitmix(s);
    s = b ^ (index * 0x8cb92ba72f3d8dd7ull);
    m_state = splitmix(s);
}

std::uint64_t Rng::next()
{
    return splitmix(m_state);
}

double Rng::uniform()
{
    return double(next() >> 11) * 0x1.0p-53;
}

int Rng::between(int low, int high)
{
    if (high <= low)
        return low;
    return low + int(next() % std::uint64_t(high - low + 1));
}

double Rng::normal()
{
    const double u1 = std::max(uniform(), 1e-300);
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

double Rng::logNormal(double median, double sigma)
{
    return median * std::exp(sigma * normal());
}

QStringList agentNames()
{
    QStringList names;
    for (const AgentProfile &a : kAgents)
        names << QString::fromLatin1(a.name);
    return names;
}

QStringList taskTypes()
{
    QStringList names;
    for (const char *t : kTaskNames)
        names << QString::fromLatin1(t);
    return names;
}

QString expectedBestAgent(const QString &taskType, bool afterSwitch)
{
    const qsizetype task = taskTypes().indexOf(taskType);
    if (task < 0)
        return {};
    QString best;
    double bestP = -1;
    for (int a = 0; a < int(kAgents.size()); ++a) {
        double p = 0;
        for (int high = 0; high < 2; ++high)
            for (int d = 0; d < int(kDomains.size()); ++d)
                p += (high ? kHighComplexityShare : 1 - kHighComplexityShare) * kDomainShare[std::size_t(d)]
                    * successProbability(a, Task(task), high, d, afterSwitch);
        if (p > bestP) {
            bestP = p;
            best = QString::fromLatin1(kAgents[std::size_t(a)].name);
        }
    }
    return best;
}

QJsonObject outcomeEvent(std::uint64_t seed, std::uint64_t index, const QString &runTag, bool afterSwitch,
    const QDateTime &timestamp)
{
    Rng rng(seed, kEventStream, index);
    const int agent = rng.between(0, int(kAgents.size()) - 1);
    const AgentProfile &a = kAgents[std::size_t(agent)];
    const Task task = Task(pick(rng, kTaskShare));
    const bool high = rng.chance(kHighComplexityShare);
    const int domain = pick(rng, kDomainShare);
    const double p = successProbability(agent, task, high, domain, afterSwitch);
    const bool success = rng.chance(p);

    const RegimeChange *change = changeFor(agent, task, afterSwitch);
    double latency = rng.logNormal(a.latencyMedianMs * kTaskLatency[task], 0.35);
    latency *= (high ? 1.6 : 1.0) * (success ? 1.0 : 1.3) * (change ? change->latencyFactor : 1.0);
    const qint64 tokens = qint64(
        std::llround(kTaskTokens[task] * a.tokensFactor * (high ? 1.5 : 1.0) * rng.logNormal(1.0, 0.2)));
    const double quality = success ? std::clamp(a.quality + 0.1 * (p - 0.7) + 0.07 * rng.normal(), 0.0, 1.0)
                                   : std::clamp(0.25 + 0.1 * rng.normal(), 0.0, 1.0);

    return QJsonObject{
        {QStringLiteral("event_id"), QStringLiteral("%1-%2-e%3").arg(kIdPrefix, runTag).arg(index)},
        {QStringLiteral("agent_name"), QString::fromLatin1(a.name)},
        {QStringLiteral("task_type"), QString::fromLatin1(kTaskNames[task])},
        {QStringLiteral("context"),
            QJsonObject{{QStringLiteral("complexity"), high ? QStringLiteral("high") : QStringLiteral("low")},
                {QStringLiteral("domain"), QString::fromLatin1(kDomains[std::size_t(domain)])}}},
        {QStringLiteral("success"), success},
        {QStringLiteral("latency_ms"), rounded(latency, 1)},
        {QStringLiteral("quality_score"), rounded(quality, 3)},
        {QStringLiteral("cost"), rounded(double(tokens) / 1000.0 * a.pricePerKToken, 6)},
        {QStringLiteral("tokens"), tokens},
        {QStringLiteral("timestamp"), iso(timestamp)},
        {QStringLiteral("source"), kGeneratedSource},
    };
}

QJsonObject auditBatch(
    std::uint64_t seed, std::uint64_t index, int runs, const QString &runTag, const QDateTime &when)
{
    runs = std::max(runs, kMinRunsPerBatch);
    Rng rng(seed, kBatchStream, index);
    const QString batchId =
        QStringLiteral("%1-%2-b%3").arg(kIdPrefix, runTag).arg(index, 3, 10, QLatin1Char('0'));

    // Every run: download, transcription and a synthesis, all fine unless a pattern says otherwise.
    std::vector<RunDraft> drafts(static_cast<std::size_t>(runs));
    std::vector<QString> categories(static_cast<std::size_t>(runs));
    for (int r = 0; r < runs; ++r) {
        RunDraft &d = drafts[std::size_t(r)];
        d.runId = QStringLiteral("%1-r%2").arg(batchId).arg(r, 3, 10, QLatin1Char('0'));
        categories[std::size_t(r)] = kCategories.at(rng.between(0, int(kCategories.size()) - 1));
        const QString domain = kPoolDomains.at(rng.between(0, int(kPoolDomains.size()) - 1));
        QJsonObject download = taskJson(QStringLiteral("t1"), QStringLiteral("action_agent"),
            QStringLiteral("download"), domain, QStringLiteral("success"));
        download.insert(QStringLiteral("duration_ms"), rounded(rng.logNormal(4000, 0.4), 1));
        QJsonObject transcription = taskJson(QStringLiteral("t2"), QStringLiteral("action_agent"),
            QStringLiteral("transcription"), domain, QStringLiteral("success"));
        transcription.insert(QStringLiteral("duration_ms"), rounded(rng.logNormal(40000, 0.4), 1));
        QJsonObject synthesis = taskJson(QStringLiteral("t3"), QStringLiteral("reasoning_agent"),
            QStringLiteral("synthesis"), QString(), QStringLiteral("success"));
        synthesis.insert(QStringLiteral("duration_ms"), rounded(rng.logNormal(9000, 0.4), 1));
        d.tasks = QJsonArray{download, transcription, synthesis};
    }

    const auto failIn = [&](const Failure &f, int n) {
        for (const int r : distinctRuns(rng, runs, n))
            addFailure(drafts[std::size_t(r)], rng, f);
    };
    failIn(kStrong, rng.between(6, 9));
    failIn(kMedium, rng.between(2, 4));
    if (index % 4 == 3) {
        failIn(kTransient, 3); // retried in vain this time: contradicts "retry with backoff"
    } else {
        for (const int r : distinctRuns(rng, runs, rng.between(3, 5)))
            addRecovery(drafts[std::size_t(r)], rng, kTransient);
    }
    if (rng.chance(0.5))
        failIn(kOccasional, 1);
    const std::vector<Failure> pool = freshPool(seed);
    for (int j = 0; j < 2; ++j) {
        int n = 0;
        if (index > 0 && recursNext(seed, index - 1, j)) {
            const Failure again = freshPattern(pool, seed, index - 1, j, &n);
            failIn(again, rng.between(1, 2));
        }
        const Failure fresh = freshPattern(pool, seed, index, j, &n);
        failIn(fresh, n);
    }

    // Reasoning failures the memory agent flagged: one recurring, one now and then.
    QJsonArray reasoning;
    const auto flag = [&](const QString &type, int n, const QString &trigger, const QString &description) {
        QJsonArray ids;
        for (const int r : distinctRuns(rng, runs, n))
            ids.append(drafts[std::size_t(r)].runId);
        reasoning.append(QJsonObject{{QStringLiteral("failure_type"), type},
            {QStringLiteral("agent"), QStringLiteral("reasoning_agent")}, {QStringLiteral("count"), n},
            {QStringLiteral("trigger"), trigger}, {QStringLiteral("description"), description},
            {QStringLiteral("run_ids"), ids},
            {QStringLiteral("duration_ms"), rounded(n * rng.logNormal(9000, 0.3), 1)}});
    };
    flag(QStringLiteral("unnecessary_contradiction"), rng.between(2, 3),
        QStringLiteral("When merging transcripts that report the same figure on different dates"),
        QStringLiteral("sources that differ only in their date flagged as contradicting"));
    if (rng.chance(0.4))
        flag(QStringLiteral("unsupported_claim"), 1,
            QStringLiteral("When summarizing figures from a transcript"),
            QStringLiteral("a figure stated that no cited source gives"));

    QJsonArray runArray;
    int failedRuns = 0;
    for (int r = 0; r < runs; ++r) {
        const RunDraft &d = drafts[std::size_t(r)];
        failedRuns += d.failed ? 1 : 0;
        const QString category = categories[std::size_t(r)];
        runArray.append(QJsonObject{{QStringLiteral("run_id"), d.runId},
            {QStringLiteral("workflow_id"), QStringLiteral("%1-wf-%2").arg(kIdPrefix, category)},
            {QStringLiteral("timestamp"), iso(when.addSecs(-20 * qint64(runs - r)))},
            {QStringLiteral("user_request_category"), category}, {QStringLiteral("tasks"), d.tasks}});
    }
    return QJsonObject{{QStringLiteral("batch_id"), batchId},
        {QStringLiteral("source"), QStringLiteral("memory_agent")},
        {QStringLiteral("summary"),
            QJsonObject{{QStringLiteral("total_runs"), runs},
                {QStringLiteral("success_rate"), rounded(double(runs - failedRuns) / double(runs), 4)},
                {QStringLiteral("reasoning_failures"), reasoning}}},
        {QStringLiteral("runs"), runArray}};
}

} // namespace lk::replay::demo
