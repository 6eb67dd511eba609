// Renders the SVG application icon to the PNG sizes the hicolor icon theme wants:
//   render_icons SVG OUTDIR SIZE...   writes OUTDIR/<SIZE>x<SIZE>/<basename>.png
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QGuiApplication::arguments();
    if (args.size() < 4) {
        std::fprintf(stderr, "usage: render_icons SVG OUTDIR SIZE...\n");
        return 2;
    }
    QSvgRenderer svg(args.at(1));
    if (!svg.isValid()) {
        std::fprintf(stderr, "render_icons: %s is not a valid SVG file\n", qPrintable(args.at(1)));
        return 3;
    }
    const QString name = QFileInfo(args.at(1)).completeBaseName();
    for (int i = 3; i < args.size(); ++i) {
        const int size = args.at(i).toInt();
        if (size <= 0) {
            std::fprintf(stderr, "render_icons: bad size %s\n", qPrintable(args.at(i)));
            return 2;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        const QString dir = QDir(args.at(2)).filePath(QStringLiteral("%1x%1").arg(size));
        QDir().mkpath(dir);
        const QString out = QDir(dir).filePath(name + QStringLiteral(".png"));
        if (!image.save(out, "PNG")) {
            std::fprintf(stderr, "render_icons: cannot write %s\n", qPrintable(out));
            return 1;
        }
    }
    return 0;
}
