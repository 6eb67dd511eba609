#pragma once

#include <QDialog>

namespace lk::ui {

/// Help > About: the versions of Loopkeeper, Qt, LibTorch (with its tensor check), SQLite
/// and the BLAS in use, as measured in this process.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace lk::ui
