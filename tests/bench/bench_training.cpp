// Training benchmarks (prints figures; asserts nothing about time):
//  - throughput of the C++ runner against the same small-cnn in Python PyTorch, same data,
//    batch size and threads, side by side, at several batch sizes, and the fraction of the
//    machine's measured single-core sgemm rate that training reaches;
//  - test accuracy of small-cnn on the full Fashion-MNIST training set within N epochs.
//
//   bench_training [--mode throughput|accuracy|all] [--batches 8,32,128] [--threads 1]
//                  [--samples 12000] [--epochs 10] [--dataset DIR]
#include "core/training/ImageDataset.h"
#include "core/training/TorchRuntime.h"
#include "core/training/Trainer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace lk::training;

namespace {

// small-cnn forward ≈ 2.23 MFLOP per 28×28 image (conv1 0.23, conv2 1.81, fc 0.20); backward
// ≈ twice that, minus conv1's input gradient: ≈ 6.5 MFLOP per training sample in all.
constexpr double kFlopPerSample = 6.5e6;

class Quiet : public TrainingObserver
{
};

RunResult train(const TrainingConfig &config, const ImageSet &trainSet, const ImageSet &testSet)
{
    QTemporaryDir dir;
    Quiet quiet;
    return runTraining(config, trainSet, testSet,
        {dir.filePath(QStringLiteral("run")), dir.filePath(QStringLiteral("model"))}, quiet, false);
}

double pythonSamplesPerSecond(const QString &dataset, int batch, int threads, int samples, QString *error)
{
    QProcess python;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The same BLAS thread count as the C++ side, which limits OpenBLAS itself.
    env.insert(QStringLiteral("OPENBLAS_NUM_THREADS"), QString::number(threads));
    python.setProcessEnvironment(env);
    const QString script =
        QDir(qEnvironmentVariable("LOOPKEEPER_SOURCE_DIR", QStringLiteral(LOOPKEEPER_SOURCE_DIR)))
            .filePath(QStringLiteral("tests/bench/python/train_small_cnn.py"));
    python.start(QStringLiteral("/usr/bin/python3"),
        {script, dataset, QString::number(batch), QString::number(threads), QString::number(samples)});
    if (!python.waitForFinished(3600 * 1000) || python.exitCode() != 0) {
        *error = QString::fromUtf8(python.readAllStandardError()).trimmed();
        return 0;
    }
    return QJsonDocument::fromJson(python.readAllStandardOutput())
        .object()
        .value(QStringLiteral("samples_per_second"))
        .toDouble();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("mode"), QStringLiteral("throughput, accuracy or all"), QStringLiteral("M"),
                      QStringLiteral("all")},
        {QStringLiteral("batches"), QStringLiteral("batch sizes"), QStringLiteral("LIST"),
            QStringLiteral("8,32,128")},
        {QStringLiteral("threads"), QStringLiteral("threads on both sides"), QStringLiteral("T"),
            QStringLiteral("1")},
        {QStringLiteral("samples"), QStringLiteral("training samples per throughput run"),
            QStringLiteral("N"), QStringLiteral("12000")},
        {QStringLiteral("epochs"), QStringLiteral("epochs for the accuracy run"), QStringLiteral("N"),
            QStringLiteral("10")},
        {QStringLiteral("dataset"), QStringLiteral("Fashion-MNIST folder"), QStringLiteral("DIR"),
            defaultFashionMnistDir()}});
    p.process(app);
    const QString mode = p.value(QStringLiteral("mode"));
    const QString dataset = p.value(QStringLiteral("dataset"));
    const int threads = p.value(QStringLiteral("threads")).toInt();
    const int samples = p.value(QStringLiteral("samples")).toInt();

    const ImageSet trainSet = loadIdxDataset(dataset, Split::Train);
    const ImageSet testSet = loadIdxDataset(dataset, Split::Test);
    int failures = 0;

    if (mode == QLatin1String("throughput") || mode == QLatin1String("all")) {
        const double sgemm = measureSgemmGflops(1024, threads);
        std::printf("sgemm 1024x1024, %d thread(s): %.1f GFLOP/s\n", threads, sgemm);
        std::printf("%-6s %14s %14s %8s %10s %14s\n", "batch", "C++ samples/s", "Py samples/s", "ratio",
            "target", "of sgemm peak");
        for (const QString &b : p.value(QStringLiteral("batches")).split(QLatin1Char(','))) {
            const int batch = b.toInt();
            TrainingConfig c;
            c.datasetDir = dataset;
            c.epochs = 1;
            c.batchSize = batch;
            c.threads = threads;
            c.trainLimit = samples;
            c.testLimit = 100;
            const double ours = train(c, trainSet, testSet).samplesPerSecond;
            QString error;
            const double theirs = pythonSamplesPerSecond(dataset, batch, threads, samples, &error);
            const char *target = batch <= 8 ? ">= 1.50" : batch <= 32 ? ">= 1.15" : ">= 1.00";
            if (theirs <= 0) {
                std::printf("%-6d %14.0f %14s    (Python reference failed: %s)\n", batch, ours, "-",
                    qPrintable(error));
                ++failures;
                continue;
            }
            std::printf("%-6d %14.0f %14.0f %7.2fx %10s %13.1f%%\n", batch, ours, theirs, ours / theirs,
                target, 100.0 * ours * kFlopPerSample / (sgemm * 1e9));
        }
    }

    if (mode == QLatin1String("accuracy") || mode == QLatin1String("all")) {
        TrainingConfig c;
        c.datasetDir = dataset;
        c.epochs = p.value(QStringLiteral("epochs")).toInt();
        c.batchSize = 64;
        c.threads = threads;
        c.trainLimit = mode == QLatin1String("all") || !p.isSet(QStringLiteral("samples")) ? 0 : samples;
        const RunResult r = train(c, trainSet, testSet);
        std::printf(
            "small-cnn, %d epochs, %s training images: test accuracy %.4f (target >= 0.90), %.0f samples/s\n",
            c.epochs, c.trainLimit ? qPrintable(QString::number(c.trainLimit)) : "all", r.testAccuracy,
            r.samplesPerSecond);
    }
    return failures == 0 ? 0 : 1;
}
