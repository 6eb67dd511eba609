#include "ui/panels/DriftRateChart.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QStackedLayout>
#include <QValueAxis>
#include <QFontMetricsF>

#include <algorithm>

namespace lk::ui {

namespace {

/// Lines beyond this many make the legend useless; the node selector shows one at a time.
constexpr int kLegendLines = 12;

QList<QPointF> toList(const std::vector<QPointF> &points)
{
    return QList<QPointF>(points.begin(), points.end());
}

} // namespace

struct DriftRateChart::Private
{
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QLabel *empty = nullptr;
    QStackedLayout *pages = nullptr;
    QDateTimeAxis *x = nullptr;
    QValueAxis *y = nullptr;
    QStringList lines;
    bool band = false;
    // The last data, drawn again when the palette changes.
    std::vector<Line> lastLines;
    Band lastBand;
    qint64 fromMs = 0;
    qint64 toMs = 1;
    QString emptyText;

    /// Colours from the widget's palette, so that the chart follows the light and dark schemes.
    void applyPalette(const QPalette &palette)
    {
        const QColor text = palette.color(QPalette::Text);
        const QColor grid = palette.color(QPalette::Mid);
        chart->setBackgroundBrush(palette.color(QPalette::Base));
        chart->setPlotAreaBackgroundVisible(false);
        chart->legend()->setLabelColor(text);
        for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(x), static_cast<QAbstractAxis *>(y)}) {
            axis->setLabelsColor(text);
            axis->setTitleBrush(text);
            axis->setGridLineColor(grid);
            axis->setLinePenColor(grid);
        }
    }
};

DriftRateChart::DriftRateChart(QWidget *parent)
    : QWidget(parent)
    , d(new Private)
{
    d->chart = new QChart;
    d->chart->setAnimationOptions(QChart::NoAnimation);
    d->chart->layout()->setContentsMargins(0, 0, 0, 0);
    d->chart->setBackgroundRoundness(0);
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->x = new QDateTimeAxis;
    d->x->setTitleText(tr("Window end"));
    d->y = new QValueAxis;
    d->y->setTitleText(tr("Rate (%)")); // the box's title names it; a short title fits a short chart
    d->y->setLabelFormat(QStringLiteral("%.1f"));
    d->chart->addAxis(d->x, Qt::AlignBottom);
    d->chart->addAxis(d->y, Qt::AlignLeft);
    // Qt Charts cuts a y label to "..." when ticks stand closer than about a label's height: a
    // short chart gets fewer ticks.
    QObject::connect(d->chart, &QChart::plotAreaChanged, this, [this](const QRectF &area) {
        const double labelHeight = QFontMetricsF(d->y->labelsFont()).height();
        const int ticks = std::clamp(int(area.height() / (labelHeight * 2.2)) + 1, 2, 5);
        if (area.height() > 0 && ticks != d->y->tickCount())
            d->y->setTickCount(ticks);
    });
    d->view = new QChartView(d->chart, this);
    d->view->setObjectName(QStringLiteral("driftChartView"));
    d->view->setRenderHint(QPainter::Antialiasing);
    d->view->setAccessibleName(tr("Escalation rate over time"));
    d->empty = new QLabel(this);
    d->empty->setObjectName(QStringLiteral("driftChartEmpty"));
    d->empty->setAlignment(Qt::AlignCenter);
    d->empty->setWordWrap(true);
    d->pages = new QStackedLayout(this);
    d->pages->setContentsMargins(0, 0, 0, 0);
    d->pages->addWidget(d->view);
    d->pages->addWidget(d->empty);
    d->applyPalette(palette());
    setMinimumHeight(200);
}

DriftRateChart::~DriftRateChart() = default;

void DriftRateChart::setData(
    const std::vector<Line> &lines, const Band &band, qint64 fromMs, qint64 toMs, const QString &emptyText)
{
    d->lastLines = lines;
    d->lastBand = band;
    d->fromMs = fromMs;
    d->toMs = toMs;
    d->emptyText = emptyText;
    d->chart->removeAllSeries();
    d->lines.clear();
    d->band = false;
    double top = 0;
    bool any = false;
    // Rates are drawn in percent: the axis reads "12.5", not "0.125".
    const auto percent = [](const std::vector<QPointF> &points) {
        std::vector<QPointF> out;
        out.reserve(points.size());
        for (const QPointF &p : points)
            out.emplace_back(p.x(), p.y() * 100.0);
        return out;
    };
    if (band.baseline.size() >= 1 && band.baseline.size() == band.limit.size()) {
        auto *lower = new QLineSeries;
        lower->replace(toList(percent(band.baseline)));
        auto *upper = new QLineSeries;
        upper->replace(toList(percent(band.limit)));
        auto *area = new QAreaSeries(upper, lower);
        area->setName(tr("Baseline band"));
        QColor fill(0x9e, 0x9e, 0x9e);
        fill.setAlpha(70);
        area->setBrush(fill);
        area->setPen(QPen(fill, 1));
        d->chart->addSeries(area);
        area->attachAxis(d->x);
        area->attachAxis(d->y);
        auto *baseline = new QLineSeries;
        baseline->setName(tr("Baseline"));
        baseline->replace(toList(percent(band.baseline)));
        baseline->setPen(QPen(palette().color(QPalette::WindowText), 1.5, Qt::DashLine));
        d->chart->addSeries(baseline);
        baseline->attachAxis(d->x);
        baseline->attachAxis(d->y);
        for (const QPointF &p : band.limit)
            top = std::max(top, p.y());
        d->band = true;
        any = true;
    }
    for (const Line &line : lines) {
        auto *series = new QLineSeries;
        series->setName(line.name);
        series->replace(toList(percent(line.points)));
        QPen pen(line.color, lines.size() > 1 ? 1.5 : 2.5);
        series->setPen(pen);
        series->setPointsVisible(line.points.size() < 40);
        d->chart->addSeries(series);
        series->attachAxis(d->x);
        series->attachAxis(d->y);
        d->lines.append(line.name);
        for (const QPointF &p : line.points)
            top = std::max(top, p.y());
        any = any || !line.points.empty();
    }
    d->chart->legend()->setVisible(lines.size() <= kLegendLines);
    d->x->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
    const qint64 span = toMs - fromMs;
    // The locale's short formats, as the tables and the heat map write times.
    const QString time = QLocale().timeFormat(QLocale::ShortFormat);
    d->x->setFormat(span <= 26LL * 3600 * 1000 ? time : QLocale().dateFormat(QLocale::ShortFormat) + QLatin1Char(' ') + time);
    d->x->setTickCount(span <= 26LL * 3600 * 1000 ? 7 : 8);
    d->y->setRange(0, std::max(1.0, top * 100.0 * 1.15));
    d->y->applyNiceNumbers();
    d->empty->setText(emptyText);
    d->pages->setCurrentWidget(any ? static_cast<QWidget *>(d->view) : d->empty);
}

QStringList DriftRateChart::lineNames() const
{
    return d->lines;
}

bool DriftRateChart::hasBand() const
{
    return d->band;
}

int DriftRateChart::seriesCount() const
{
    return int(d->chart->series().size());
}

void DriftRateChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        d->applyPalette(palette());
        const std::vector<Line> lines = d->lastLines;
        const Band band = d->lastBand;
        setData(lines, band, d->fromMs, d->toMs, d->emptyText); // the baseline takes the text colour
    }
}

QImage DriftRateChart::renderImage()
{
    return grab().toImage();
}

} // namespace lk::ui
