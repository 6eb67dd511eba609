#include "ui/panels/RolloutGauges.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace lk::ui {

namespace {

const QColor kFail(0xe1, 0x57, 0x59);
const QColor kMarginal(0xed, 0xc9, 0x48);
const QColor kPass(0x59, 0xa1, 0x4f);

} // namespace

ScoreBar::ScoreBar(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFocusPolicy(Qt::NoFocus);
}

void ScoreBar::setScore(std::optional<double> score, double marginal, double pass)
{
    m_score = score;
    m_marginal = std::clamp(marginal, 0.0, 100.0);
    m_pass = std::clamp(pass, m_marginal, 100.0);
    const QString bands =
        tr("roll back below %1, wait for a human below %2, next step from %2")
            .arg(QLocale().toString(m_marginal, 'f', 0), QLocale().toString(m_pass, 'f', 0));
    setAccessibleDescription(score ? tr("Score %1 of 100; %2").arg(QLocale().toString(*score, 'f', 0), bands)
                                   : tr("Not judged yet; %1").arg(bands));
    setToolTip(accessibleDescription());
    update();
}

QSize ScoreBar::sizeHint() const
{
    return {320, fontMetrics().height() * 3 + 6};
}

QSize ScoreBar::minimumSizeHint() const
{
    return {160, sizeHint().height()};
}

void ScoreBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int labelHeight = fm.height();
    const QRectF bar(1, labelHeight + 2, width() - 2, labelHeight);
    const auto xOf = [&](double score) { return bar.left() + bar.width() * score / 100.0; };

    const struct Band
    {
        double from, to;
        QColor color;
        QString label;
    } bands[] = {{0, m_marginal, kFail, tr("roll back")}, {m_marginal, m_pass, kMarginal, tr("human")},
        {m_pass, 100, kPass, tr("pass")}};
    for (const Band &b : bands) {
        if (b.to <= b.from)
            continue;
        const QRectF r(xOf(b.from), bar.top(), xOf(b.to) - xOf(b.from), bar.height());
        QColor c = b.color;
        c.setAlpha(m_score ? 110 : 60);
        p.fillRect(r, c);
        p.setPen(palette().color(QPalette::WindowText));
        if (fm.horizontalAdvance(b.label) + 6 < r.width())
            p.drawText(r, Qt::AlignCenter, b.label);
    }
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);

    // Threshold ticks with their numbers under the bar.
    p.setPen(palette().color(QPalette::WindowText));
    for (double t : {m_marginal, m_pass}) {
        const double x = xOf(t);
        p.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom() + 3));
        const QString text = QLocale().toString(t, 'f', 0);
        const double w = fm.horizontalAdvance(text);
        p.drawText(QRectF(std::clamp(x - w / 2, 0.0, width() - w), bar.bottom() + 3, w, labelHeight),
            Qt::AlignCenter, text);
    }

    // The score: a marker above the bar with its number.
    const QString caption =
        m_score ? tr("Score %1").arg(QLocale().toString(*m_score, 'f', 0)) : tr("Not judged yet");
    if (m_score) {
        const double x = xOf(std::clamp(*m_score, 0.0, 100.0));
        p.setPen(QPen(palette().color(QPalette::WindowText), 2));
        p.drawLine(QPointF(x, bar.top() - 2), QPointF(x, bar.bottom()));
        QPainterPath marker;
        marker.moveTo(x - 5, bar.top() - 7);
        marker.lineTo(x + 5, bar.top() - 7);
        marker.lineTo(x, bar.top() - 1);
        marker.closeSubpath();
        p.fillPath(marker, palette().color(QPalette::WindowText));
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        const double w = QFontMetrics(bold).horizontalAdvance(caption) + 4;
        const double left = std::clamp(x + 8, 0.0, width() - w);
        p.drawText(
            QRectF(x + 8 + w > width() ? x - 8 - w : left, 0, w, labelHeight), Qt::AlignCenter, caption);
    } else {
        p.drawText(QRectF(0, 0, width(), labelHeight), Qt::AlignLeft | Qt::AlignVCenter, caption);
    }
}

NodeProgressBar::NodeProgressBar(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFocusPolicy(Qt::NoFocus);
}

void NodeProgressBar::setCounts(const Counts &counts, const QColor &deployedColor)
{
    m_counts = counts;
    m_deployed = deployedColor;
    setAccessibleDescription(
        tr("%1 deployed, %2 waiting, %3 failed, %4 rolled back of %5 nodes; this step aims "
           "for %6")
            .arg(counts.deployed)
            .arg(counts.waiting)
            .arg(counts.failed)
            .arg(counts.rolledBack)
            .arg(counts.total())
            .arg(counts.target));
    setToolTip(accessibleDescription());
    update();
}

QSize NodeProgressBar::sizeHint() const
{
    return {320, fontMetrics().height() + 6};
}

QSize NodeProgressBar::minimumSizeHint() const
{
    return {120, sizeHint().height()};
}

void NodeProgressBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF bar(1, 2, width() - 2, height() - 4);
    const int total = std::max(1, m_counts.total());
    double x = bar.left();
    const auto segment = [&](int n, const QBrush &brush) {
        if (n <= 0)
            return;
        const double w = bar.width() * n / total;
        p.fillRect(QRectF(x, bar.top(), w, bar.height()), brush);
        x += w;
    };
    segment(m_counts.deployed, m_deployed.isValid() ? m_deployed : kPass);
    segment(m_counts.rolledBack, QColor(0x9e, 0x9e, 0x9e));
    segment(m_counts.failed, QBrush(kFail, Qt::Dense4Pattern));
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);
    if (m_counts.target > 0 && m_counts.target < total) {
        const double tx = bar.left() + bar.width() * m_counts.target / total;
        p.setPen(QPen(palette().color(QPalette::WindowText), 2, Qt::DashLine));
        p.drawLine(QPointF(tx, 0), QPointF(tx, height()));
    }
}

} // namespace lk::ui
