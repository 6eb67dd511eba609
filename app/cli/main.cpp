// loopkeeper-cli: the headless face of the engine. All logic lives in core/cli.
#include "core/cli/Cli.h"
#include "core/common/Versions.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    lk::applyApplicationIdentity();
    QTextStream out(stdout);
    QTextStream err(stderr);
    return lk::cli::run(QCoreApplication::arguments(), out, err);
}
