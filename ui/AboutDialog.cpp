#include "ui/AboutDialog.h"

#include "core/training/VersionReport.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QVBoxLayout>

namespace lk::ui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Loopkeeper"));
    setAccessibleName(windowTitle());

    const QJsonObject v = versionReport();
    const QJsonObject qt = v.value(QStringLiteral("qt")).toObject();
    const QJsonObject torch = v.value(QStringLiteral("libtorch")).toObject();
    const QJsonObject check = torch.value(QStringLiteral("matmul_check")).toObject();

    auto *intro = new QLabel(tr("<b>Loopkeeper %1</b><br>Operator console for the learning loop "
                                "of agents and edge models.")
                                 .arg(v.value(QStringLiteral("loopkeeper")).toString()),
        this);
    intro->setObjectName(QStringLiteral("aboutIntro"));
    intro->setWordWrap(true);

    auto *form = new QFormLayout;
    const auto addRow = [&](const QString &label, const QString &value, const char *name) {
        auto *field = new QLabel(value, this);
        field->setObjectName(QString::fromLatin1(name));
        field->setAccessibleName(label);
        field->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        field->setWordWrap(true);
        form->addRow(label, field);
    };
    addRow(tr("Loopkeeper"), v.value(QStringLiteral("loopkeeper")).toString(), "aboutLoopkeeperVersion");
    addRow(tr("Qt"),
        tr("%1 (built with %2)")
            .arg(
                qt.value(QStringLiteral("runtime")).toString(), qt.value(QStringLiteral("build")).toString()),
        "aboutQtVersion");
    const QString torchError = torch.value(QStringLiteral("error")).toString();
    addRow(tr("LibTorch"),
        !torchError.isEmpty()
            ? tr("not available: %1").arg(torchError)
            : tr("%1, %2 threads; tensor check %3")
                  .arg(torch.value(QStringLiteral("version")).toString())
                  .arg(torch.value(QStringLiteral("intra_op_threads")).toInt())
                  .arg(check.value(QStringLiteral("passed")).toBool() ? tr("passed") : tr("FAILED")),
        "aboutTorchVersion");
    addRow(tr("SQLite"), v.value(QStringLiteral("sqlite")).toString(), "aboutSqliteVersion");
    const QString blas = v.value(QStringLiteral("blas")).toString();
    addRow(tr("BLAS"), blas.isEmpty() ? tr("not loaded") : blas, "aboutBlas");

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("aboutButtons"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

} // namespace lk::ui
