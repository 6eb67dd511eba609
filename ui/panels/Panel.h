#pragma once

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

class QAction;
class QLabel;
class QTimer;
class QPushButton;
class QVBoxLayout;
class QStackedLayout;

namespace lk {
class Monitor;
struct WorkspaceInfo;
}

namespace lk::ui {

/// Base of the console's panels. Until a panel has data it shows an honest empty state:
/// what will appear there, how to feed it, and whether this version can yet.
class Panel : public QWidget
{
    Q_OBJECT
public:
    /// Title as the navigation list and the View menu show it.
    virtual QString title() const = 0;

    /// Called on the UI thread when a workspace has been opened (or none is open: nullptr).
    virtual void setWorkspace(const lk::WorkspaceInfo *info);

    /// The widget that takes the keyboard focus when the panel is switched to (where the
    /// panel's keys act); nullptr: the panel itself decides nothing.
    virtual QWidget *focusTarget() const { return nullptr; }

    /// Live state for the navigation list ("3 pending", "canary 1/4"); empty when there is
    /// nothing to say. Changes are announced with liveStateChanged().
    QString liveState() const { return m_liveState; }
    /// How urgent the live state is: 0 calm, 1 worth a look, 2 needs an operator.
    int liveStateLevel() const { return m_liveStateLevel; }

Q_SIGNALS:
    void liveStateChanged();

public:

protected:
    struct EmptyState
    {
        QString heading; ///< what is missing, e.g. "No training runs yet"
        QString whatAppears;
        QString howToFeed;
        bool availableInThisVersion = false;
    };

    Panel(const QString &objectName, QWidget *parent);
    /// Builds the empty-state page; subclasses call it from their constructor.
    void setEmptyState(const EmptyState &state);
    /// A line under the empty state with workspace-specific facts (e.g. the inbox folder).
    void setWorkspaceNote(const QString &text);
    /// Offers `action` as a button in the empty state (e.g. "New Run…").
    void setEmptyStateAction(QAction *action);
    /// The page shown instead of the empty state once there is something to show.
    void setContent(QWidget *content);
    /// Shows the empty state (true) or the content (false).
    void setEmptyStateVisible(bool visible);
    /// Sets the live state the navigation list shows beside the title.
    void setLiveState(const QString &text, int level = 0);

    /// Asks for refresh() once the panel is on screen, at most once per frame interval
    /// (docs/console.md, "Drawing"): snapshots that arrive in between replace each other,
    /// and a hidden panel does no drawing work until it is shown again.
    void scheduleRefresh();
    /// Draws a snapshot that waits for the next frame now (an operator's action was answered and
    /// the view must agree with the answer at once).
    void flushRefresh();
    /// Draws the newest snapshot; called by scheduleRefresh() and when the panel is shown.
    virtual void refresh() {}
    /// Subscribes the panel to `monitor` (core/common/Monitor.h) and tells it whenever the panel
    /// is shown or hidden: the monitor reads at its full rate while one of its panels is shown,
    /// slower while none is, and hands over a fresh snapshot as soon as one is shown again.
    void watch(lk::Monitor *monitor);
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

public:
    bool isEmptyStateVisible() const;

protected:
private:
    QLabel *m_heading = nullptr;
    QLabel *m_what = nullptr;
    QLabel *m_how = nullptr;
    QLabel *m_availability = nullptr;
    QLabel *m_workspaceNote = nullptr;
    QPushButton *m_emptyButton = nullptr;
    QVBoxLayout *m_emptyColumn = nullptr;
    QWidget *m_emptyPage = nullptr;
    QWidget *m_content = nullptr;
    QStackedLayout *m_pages = nullptr;
    QTimer *m_refreshTimer = nullptr;
    bool m_refreshPending = false;
    QList<QPointer<lk::Monitor>> m_monitors; ///< a monitor may be shared, and go first
    QString m_liveState;
    int m_liveStateLevel = 0;
};

} // namespace lk::ui
