#pragma once

#include <QColor>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

namespace lk::ui {

/// Escalation rate over time: one line per node and the baseline with its band up to the alert
/// limit (baseline × 1.1 by default), so that a line leaving the band is drift. An adapter: the
/// Drift panel talks to this API only; Qt Charts draws it for now (only DriftRateChart.cpp names
/// Qt Charts types, so that Qt Graphs can replace it here).
class DriftRateChart : public QWidget
{
    Q_OBJECT
public:
    /// One node's rates: x in ms since the epoch, y a rate in [0, 1].
    struct Line
    {
        QString name;
        QColor color;
        std::vector<QPointF> points;
    };
    /// The baseline and the alert limit at the same times.
    struct Band
    {
        std::vector<QPointF> baseline;
        std::vector<QPointF> limit;
    };

    explicit DriftRateChart(QWidget *parent = nullptr);
    ~DriftRateChart() override;

    /// Draws `lines` and `band` over [fromMs, toMs]; with no points at all, `emptyText` instead.
    void setData(const std::vector<Line> &lines, const Band &band, qint64 fromMs, qint64 toMs,
        const QString &emptyText);
    /// Names of the node lines drawn, in order.
    QStringList lineNames() const;
    /// Whether the baseline band is drawn.
    bool hasBand() const;
    /// Series drawn in all: node lines, the baseline and its band.
    int seriesCount() const;
    /// The chart as drawn now, at the widget's size.
    QImage renderImage();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace lk::ui
