#pragma once

#include "core/loop/ModelRegistry.h"
#include "core/rollout/RolloutEngine.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace lk::ui {

/// Asks what to roll out and how: a registered model version (its artifact and sha256 come from
/// the registry) or an artifact file with the version name the nodes will report, the steps
/// (cumulative percentages of the edge nodes, the first being the canary), the watch window and
/// how many node failures are tolerated. It stays open while the console asks the nodes what
/// they serve, and shows the engine's answer if the rollout is refused.
class StartRolloutDialog : public QDialog
{
    Q_OBJECT
public:
    /// `versions`: registered versions with an artifact, newest first; `plan`: the plan to start
    /// from (rollout.json's or the defaults); `edgeNodes`: how many edge nodes the fleet file lists.
    StartRolloutDialog(const std::vector<lk::loop::ModelVersion> &versions,
        const lk::rollout::RolloutPlan &plan, int edgeNodes, QWidget *parent = nullptr);

    /// The request as filled in, in the name of `by`; throws lk::Error(Input) saying what to fix.
    lk::rollout::StartRequest request(const QString &by) const;
    /// While true, the inputs are locked and the dialog says that the nodes are being asked.
    void setBusy(bool busy);
    /// Shows why the rollout was refused (or empty: nothing).
    void showError(const QString &message);
    /// The error shown, if any.
    QString errorText() const;

Q_SIGNALS:
    /// The operator asked to start with this request.
    void startRequested(const lk::rollout::StartRequest &request);

private:
    void updateSource();
    void updateSummary();
    void browse();
    void onStart();
    lk::rollout::RolloutPlan plan() const;

    lk::rollout::RolloutPlan m_basePlan;
    int m_edgeNodes = 0;
    bool m_busy = false;

    QRadioButton *m_registered = nullptr;
    QComboBox *m_version = nullptr;
    QRadioButton *m_file = nullptr;
    QLineEdit *m_artifact = nullptr;
    QPushButton *m_browse = nullptr;
    QLineEdit *m_versionName = nullptr;
    QLineEdit *m_sha256 = nullptr;
    QLineEdit *m_steps = nullptr;
    QSpinBox *m_window = nullptr;
    QComboBox *m_windowUnit = nullptr;
    QSpinBox *m_maxFailures = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_busyLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_startButton = nullptr;
};

} // namespace lk::ui
