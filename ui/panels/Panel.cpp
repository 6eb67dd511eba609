#include "ui/panels/Panel.h"

#include "core/common/Monitor.h"
#include "core/workspace/Workspace.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedLayout>
#include <QTimer>
#include <QVBoxLayout>

namespace lk::ui {

namespace {
/// The console draws live data at most this often (25 Hz, docs/console.md "Drawing").
constexpr int kFrameIntervalMs = 40;

/// Holds a panel's page and keeps its layout changes inside: a label whose text changes makes
/// the page lay itself out again, but not the window (the panel list, the splitter and every
/// stacked panel), which is what a live panel would otherwise cost on every snapshot. The page
/// always fills the boundary; the window's size decides the boundary's.
class LayoutBoundary : public QWidget
{
public:
    LayoutBoundary(QWidget *page, QWidget *parent)
        : QWidget(parent)
        , m_page(page)
    {
        page->setParent(this);
        page->show(); // shown with the boundary
    }
    QSize sizeHint() const override { return m_page->sizeHint(); }
    QSize minimumSizeHint() const override { return m_page->minimumSizeHint(); }

protected:
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::LayoutRequest) {
            // The page's size hint changed: it has laid itself out already; its size is ours.
            if (m_page->geometry() != rect())
                m_page->setGeometry(rect());
            return true;
        }
        return QWidget::event(event);
    }
    void resizeEvent(QResizeEvent *) override { m_page->setGeometry(rect()); }

private:
    QWidget *m_page;
};

QLabel *makeLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    return label;
}
} // namespace

Panel::Panel(const QString &objectName, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(objectName);
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kFrameIntervalMs);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (!m_refreshPending || !isVisible())
            return; // shown again later: showEvent() draws what is pending
        m_refreshPending = false;
        refresh();
    });

    m_heading = makeLabel(this, objectName + QStringLiteral("EmptyHeading"));
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_what = makeLabel(this, objectName + QStringLiteral("EmptyWhat"));
    m_how = makeLabel(this, objectName + QStringLiteral("EmptyHow"));
    m_availability = makeLabel(this, objectName + QStringLiteral("EmptyAvailability"));
    QFont italic = m_availability->font();
    italic.setItalic(true);
    m_availability->setFont(italic);
    m_workspaceNote = makeLabel(this, objectName + QStringLiteral("WorkspaceNote"));
    m_workspaceNote->hide();

    // A readable column, centred: the side stretches let the column shrink with the window
    // while word-wrapped labels get their full height for the width they are given.
    auto *column = new QWidget(this);
    column->setMaximumWidth(680);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->setSpacing(12);
    for (QLabel *label : {m_heading, m_what, m_how, m_availability, m_workspaceNote})
        columnLayout->addWidget(label);
    m_emptyColumn = columnLayout;
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 6);
    row->addStretch(1);
    m_emptyPage = new QWidget(this);
    m_emptyPage->setObjectName(objectName + QStringLiteral("EmptyPage"));
    auto *emptyLayout = new QVBoxLayout(m_emptyPage);
    emptyLayout->addStretch(1);
    emptyLayout->addLayout(row);
    emptyLayout->addStretch(2);
    m_pages = new QStackedLayout(this);
    m_pages->addWidget(m_emptyPage);
}

void Panel::setEmptyStateAction(QAction *action)
{
    m_emptyButton = new QPushButton(this);
    m_emptyButton->setObjectName(objectName() + QStringLiteral("EmptyButton"));
    m_emptyColumn->addWidget(m_emptyButton, 0, Qt::AlignHCenter);
    const auto sync = [this, action] {
        m_emptyButton->setText(action->text());
        m_emptyButton->setAccessibleName(action->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")));
        m_emptyButton->setToolTip(action->toolTip());
        m_emptyButton->setEnabled(action->isEnabled());
    };
    sync();
    connect(action, &QAction::changed, m_emptyButton, sync);
    connect(m_emptyButton, &QPushButton::clicked, action, &QAction::trigger);
    m_emptyButton->show();
}

void Panel::setContent(QWidget *content)
{
    m_content = new LayoutBoundary(content, this);
    m_content->setObjectName(objectName() + QStringLiteral("Page"));
    m_pages->addWidget(m_content);
}

void Panel::setEmptyStateVisible(bool visible)
{
    m_pages->setCurrentWidget(visible || !m_content ? m_emptyPage : m_content);
}

bool Panel::isEmptyStateVisible() const
{
    return m_pages->currentWidget() == m_emptyPage;
}

void Panel::setEmptyState(const EmptyState &state)
{
    m_heading->setText(state.heading);
    m_heading->setAccessibleName(state.heading);
    m_what->setText(state.whatAppears);
    m_how->setText(state.howToFeed);
    m_availability->setText(
        state.availableInThisVersion ? QString() : tr("This version of Loopkeeper does not include it yet."));
    m_availability->setVisible(!state.availableInThisVersion);
    setAccessibleName(title());
    setAccessibleDescription(state.heading);
}

void Panel::setWorkspaceNote(const QString &text)
{
    m_workspaceNote->setText(text);
    m_workspaceNote->setVisible(!text.isEmpty());
}

void Panel::setWorkspace(const lk::WorkspaceInfo *)
{ }

void Panel::setLiveState(const QString &text, int level)
{
    if (text == m_liveState && level == m_liveStateLevel)
        return;
    m_liveState = text;
    m_liveStateLevel = level;
    Q_EMIT liveStateChanged();
}

void Panel::scheduleRefresh()
{
    m_refreshPending = true;
    if (isVisible() && !m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void Panel::flushRefresh()
{
    if (!m_refreshPending || !isVisible())
        return;
    m_refreshPending = false;
    m_refreshTimer->stop();
    refresh();
}

void Panel::watch(lk::Monitor *monitor)
{
    if (!monitor || m_monitors.contains(monitor))
        return;
    m_monitors.append(monitor);
    monitor->subscribe(this, isVisible());
}

void Panel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    for (const QPointer<lk::Monitor> &monitor : std::as_const(m_monitors)) {
        if (monitor)
            monitor->setVisible(this, true);
    }
    if (m_refreshPending) {
        m_refreshPending = false;
        m_refreshTimer->stop();
        refresh();
    }
}

void Panel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    for (const QPointer<lk::Monitor> &monitor : std::as_const(m_monitors)) {
        if (monitor)
            monitor->setVisible(this, false);
    }
}

} // namespace lk::ui
