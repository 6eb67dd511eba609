#pragma once

#include <QString>
#include <QWidget>

class QAction;
class QLabel;
class QPushButton;
class QVBoxLayout;
class QStackedLayout;

namespace lk {
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
};

} // namespace lk::ui
