#include "ui/PanelScreenshots.h"

#include "core/common/AtomicFile.h"
#include "core/common/Error.h"

#include "ui/MainWindow.h"
#include "ui/panels/Panel.h"
#include "ui/panels/TrainingPanel.h"
#include "ui/training/RunListModel.h"

#include <QBuffer>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

namespace lk::ui {

namespace {

constexpr int kPollMs = 100;
/// After a panel is ready: time for the layouts, fitted columns and charts that follow a
/// snapshot (charts redraw at most every 40 ms) before the window is grabbed.
constexpr int kSettleMs = 1000;

void say(const QString &text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
    std::fflush(stderr);
}

} // namespace

PanelScreenshots::PanelScreenshots(MainWindow *window, const QString &directory, int deadlineMs, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_directory(directory)
    , m_deadlineMs(deadlineMs)
    , m_poll(new QTimer(this))
{
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &PanelScreenshots::poll);
    // Every panel that draws snapshots says so with snapshotShown(); the Training panel does not
    // (it is polled below).
    for (Panel *panel : window->panels())
        if (panel->metaObject()->indexOfSignal("snapshotShown()") >= 0)
            connect(panel, SIGNAL(snapshotShown()), this, SLOT(onSnapshotShown()));
}

QString PanelScreenshots::fileNameOf(const Panel *panel)
{
    QString name = panel->objectName();
    if (name.endsWith(QLatin1String("Panel")))
        name.chop(5);
    QString kebab;
    for (const QChar c : std::as_const(name)) {
        if (c.isUpper() && !kebab.isEmpty())
            kebab += QLatin1Char('-');
        kebab += c.toLower();
    }
    return kebab;
}

void PanelScreenshots::start()
{
    if (!m_directory.mkpath(QStringLiteral("."))) {
        say(QStringLiteral("screenshots: cannot create the folder %1").arg(m_directory.absolutePath()));
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(1); });
        return;
    }
    m_poll->start();
    showPanel(0);
}

void PanelScreenshots::showPanel(int index)
{
    m_index = index;
    m_drawn = false;
    m_settling = false;
    m_elapsed.start();
    // A hidden panel keeps its newest snapshot and draws it when shown: this emits
    // snapshotShown() from within showPanel() when one is waiting.
    m_window->showPanel(index);
}

void PanelScreenshots::onSnapshotShown()
{
    if (m_index >= 0 && m_index < m_window->panels().size() && sender() == m_window->panels().at(m_index))
        m_drawn = true;
}

bool PanelScreenshots::isReady(Panel *panel) const
{
    if (!panel->isVisible() || panel->isEmptyStateVisible())
        return false;
    if (const auto *training = qobject_cast<TrainingPanel *>(panel)) {
        // A run in the list, and the finished epochs of the selected one drawn (its best epoch
        // is known only then).
        return training->runModel()->rowCount() > 0 && !training->currentRun().isEmpty()
            && training->currentHealth().bestEpoch >= 0;
    }
    return m_drawn;
}

void PanelScreenshots::poll()
{
    if (!m_window || m_index < 0 || m_index >= m_window->panels().size())
        return;
    Panel *panel = m_window->panels().at(m_index);
    if (m_settling)
        return;
    if (isReady(panel)) {
        m_settling = true;
        QTimer::singleShot(kSettleMs, this, &PanelScreenshots::capture);
        return;
    }
    if (m_elapsed.elapsed() > m_deadlineMs) {
        say(QStringLiteral("screenshots: the %1 panel (%2) showed no data within %3 s%4; no picture")
                .arg(panel->title(), panel->objectName())
                .arg(m_deadlineMs / 1000)
                .arg(panel->isEmptyStateVisible() ? QStringLiteral(" (it shows its empty state)") : QString()));
        m_failed.append(panel->objectName());
        next();
    }
}

void PanelScreenshots::capture()
{
    if (!m_window)
        return;
    Panel *panel = m_window->panels().at(m_index);
    if (!isReady(panel)) {
        // A newer snapshot emptied it again: wait on, within the deadline.
        m_settling = false;
        return;
    }
    const QString path = m_directory.filePath(fileNameOf(panel) + QStringLiteral(".png"));
    const QPixmap picture = m_window->grab();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QString problem;
    if (picture.isNull() || !picture.save(&buffer, "PNG", 0 /* smallest file */)) {
        problem = QStringLiteral("screenshots: cannot encode %1").arg(path);
    } else {
        try {
            lk::writeFileAtomically(path, png, QStringLiteral("picture")); // docs/limits.md, "Crash-safe files"
        } catch (const lk::Error &e) {
            problem = QStringLiteral("screenshots: %1").arg(e.message());
        }
    }
    if (!problem.isEmpty()) {
        say(problem);
        m_failed.append(panel->objectName());
    } else {
        say(QStringLiteral("screenshots: %1 (%2×%3) after %4 ms")
                .arg(path)
                .arg(picture.width())
                .arg(picture.height())
                .arg(m_elapsed.elapsed()));
        m_written.append(path);
    }
    next();
}

void PanelScreenshots::next()
{
    if (m_index + 1 < m_window->panels().size()) {
        showPanel(m_index + 1);
        return;
    }
    m_poll->stop();
    m_index = -1;
    if (!m_failed.isEmpty())
        say(QStringLiteral("screenshots: no picture of %1").arg(m_failed.join(QStringLiteral(", "))));
    Q_EMIT finished(m_failed.isEmpty() ? 0 : 1);
}

} // namespace lk::ui
