#include "ui/panels/NodeTileView.h"

#include "ui/panels/FleetText.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStyledItemDelegate>

namespace lk::ui {

namespace {

constexpr int kGap = 6;
constexpr int kPad = 8;

/// Four lines of text with padding, and room for a name and a badge side by side.
QSize tileSizeFor(const QFontMetrics &metrics)
{
    const int line = metrics.height() + 1;
    return {std::max(170, metrics.averageCharWidth() * 24), 4 * line + 2 * kPad + kGap};
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

/// One line of a tooltip table.
QString tipRow(const QString &key, const QString &value)
{
    return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(esc(key), esc(value));
}

QString versionText(const NodeTile &t)
{
    return t.version.isEmpty() ? NodeTileModel::tr("version unknown") : t.version;
}

QString rolloutLine(const NodeTile &t)
{
    if (t.role != QLatin1String("edge") && !t.role.isEmpty())
        return NodeTileModel::tr("Teacher: takes no rollouts");
    if (!t.inRollout)
        return NodeTileModel::tr("Not in the rollout");
    const QString step =
        t.canary ? NodeTileModel::tr("canary") : NodeTileModel::tr("step %1").arg(t.step + 1);
    switch (t.state) {
    case lk::rollout::RolloutNodeState::Failed:
        return NodeTileModel::tr("✖ Failed after %1 attempts").arg(t.attempts);
    case lk::rollout::RolloutNodeState::Deployed:
        return NodeTileModel::tr("✔ Deployed · %1").arg(step);
    case lk::rollout::RolloutNodeState::RolledBack:
        return NodeTileModel::tr("↩ Rolled back · %1").arg(step);
    case lk::rollout::RolloutNodeState::Waiting:
        break;
    }
    return NodeTileModel::tr("… Waiting · %1").arg(step);
}

QString healthLine(const NodeTile &t)
{
    switch (t.health) {
    case lk::fleet::NodeHealthStatus::Up:
        return NodeTileModel::tr("✔ Up · %1").arg(t.tier);
    case lk::fleet::NodeHealthStatus::Down:
        return NodeTileModel::tr("✖ DOWN · %1").arg(t.tier);
    case lk::fleet::NodeHealthStatus::Unknown:
        break;
    }
    return NodeTileModel::tr("? Not checked · %1").arg(t.tier);
}

/// Paints a tile: fill by version, hatching and a cross when down, a canary badge, four lines.
class NodeTileDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return tileSizeFor(option.fontMetrics);
    }

    void paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const auto *model = static_cast<const NodeTileModel *>(index.model());
        const NodeTile &t = model->tile(index.row());
        const QRectF r = QRectF(option.rect).adjusted(kGap / 2.0, kGap / 2.0, -kGap / 2.0, -kGap / 2.0);
        p->save();
        p->setRenderHint(QPainter::Antialiasing);

        const bool down = t.health == lk::fleet::NodeHealthStatus::Down;
        const bool unknown = t.health == lk::fleet::NodeHealthStatus::Unknown;
        const QColor versionColor = FleetText::versionColor(t.version);
        QColor fill = down ? QColor(0x8a, 0x8a, 0x8a) : versionColor;
        if (unknown)
            fill = option.palette.color(QPalette::Base);
        QPainterPath shape;
        shape.addRoundedRect(r, 6, 6);
        p->fillPath(shape, fill);
        if (down) {
            // Hatched: "down" must not depend on telling colours apart.
            p->fillPath(shape, QBrush(QColor(0x55, 0x55, 0x55), Qt::BDiagPattern));
        }
        const bool selected = option.state.testFlag(QStyle::State_Selected);
        QPen border(
            selected ? option.palette.color(QPalette::Highlight) : fill.darker(150), selected ? 3 : 1);
        if (unknown) {
            border.setColor(
                selected ? option.palette.color(QPalette::Highlight) : option.palette.color(QPalette::Mid));
            border.setStyle(Qt::DashLine);
        }
        p->setPen(border);
        p->drawPath(shape);

        const QColor ink = unknown ? option.palette.color(QPalette::Text) : FleetText::textOn(fill);
        const QRectF inner = r.adjusted(kPad, kPad - 2, -kPad, -kPad + 2);
        QFont bold = option.font;
        bold.setBold(true);
        const QFontMetrics boldMetrics(bold);
        const QFontMetrics metrics(option.font);
        const qreal line = std::max(metrics.height(), boldMetrics.height()) + 1;

        // Canary badge, top right.
        qreal nameRight = inner.right();
        if (t.canary) {
            QFont small = option.font;
            small.setBold(true);
            small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
            const QFontMetrics sm(small);
            const QString badge = NodeTileModel::tr("CANARY");
            const QRectF b(inner.right() - sm.horizontalAdvance(badge) - 8, inner.top() + 1,
                sm.horizontalAdvance(badge) + 8, sm.height() + 2);
            p->setPen(Qt::NoPen);
            p->setBrush(QColor(0x1f, 0x1f, 0x1f));
            p->drawRoundedRect(b, 3, 3);
            p->setPen(QColor(0xff, 0xd5, 0x4f));
            p->setFont(small);
            p->drawText(b, Qt::AlignCenter, badge);
            nameRight = b.left() - 4;
        }
        p->setPen(ink);
        p->setFont(bold);
        const QRectF nameRect(inner.left(), inner.top(), nameRight - inner.left(), line);
        p->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
            boldMetrics.elidedText(t.name, Qt::ElideMiddle, int(nameRect.width())));

        p->setFont(option.font);
        // A grey tile (down or unchecked) keeps the version's colour in a swatch.
        const QRectF versionRect(inner.left(), inner.top() + line, inner.width(), line);
        qreal textLeft = versionRect.left();
        if ((down || unknown) && !t.version.isEmpty()) {
            const qreal swatch = metrics.height() * 0.6;
            const QRectF sw(versionRect.left(), versionRect.center().y() - swatch / 2, swatch, swatch);
            p->setPen(QPen(ink, 1));
            p->setBrush(versionColor);
            p->drawRect(sw);
            textLeft = sw.right() + 5;
        }
        p->setPen(ink);
        const QRectF versionText(textLeft, versionRect.top(), versionRect.right() - textLeft, line);
        p->drawText(versionText, Qt::AlignLeft | Qt::AlignVCenter,
            metrics.elidedText(lk::ui::versionText(t), Qt::ElideMiddle, int(versionText.width())));

        QFont healthFont = option.font;
        healthFont.setBold(down);
        p->setFont(healthFont);
        const QRectF healthRect(inner.left(), inner.top() + 2 * line, inner.width(), line);
        p->drawText(healthRect, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(healthFont).elidedText(healthLine(t), Qt::ElideRight, int(healthRect.width())));

        p->setFont(option.font);
        const QRectF stateRect(inner.left(), inner.top() + 3 * line, inner.width(), line);
        p->drawText(stateRect, Qt::AlignLeft | Qt::AlignVCenter,
            metrics.elidedText(rolloutLine(t), Qt::ElideRight, int(stateRect.width())));
        p->restore();
    }
};

} // namespace

NodeTileModel::NodeTileModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void NodeTileModel::setTiles(std::vector<NodeTile> tiles)
{
    bool sameNodes = tiles.size() == m_tiles.size();
    for (std::size_t i = 0; sameNodes && i < tiles.size(); ++i)
        sameNodes = tiles[i].name == m_tiles[i].name;
    if (!sameNodes) {
        beginResetModel();
        m_tiles = std::move(tiles);
        endResetModel();
        return;
    }
    m_tiles = std::move(tiles);
    if (!m_tiles.empty())
        Q_EMIT dataChanged(index(0), index(int(m_tiles.size()) - 1));
}

int NodeTileModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tiles.size());
}

QVariant NodeTileModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_tiles.size()))
        return {};
    const NodeTile &t = m_tiles[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return t.name;
    case VersionRole:
        return t.version;
    case HealthRole:
        return nameOf(t.health);
    case CanaryRole:
        return t.canary;
    case StateRole:
        return t.inRollout ? nameOf(t.state) : QString();
    case Qt::AccessibleTextRole: {
        QStringList parts{t.name, versionText(t), FleetText::health(t.health)};
        if (t.canary)
            parts.append(tr("canary"));
        if (t.inRollout)
            parts.append(FleetText::nodeState(t.state));
        return parts.join(QStringLiteral(", "));
    }
    case Qt::ToolTipRole: {
        QString rows = tipRow(tr("URL"), t.url.isEmpty() ? FleetText::dash() : t.url)
            + tipRow(tr("Tier"), t.tier) + tipRow(tr("Role"), t.role) + tipRow(tr("Version"), versionText(t))
            + tipRow(tr("Health"), FleetText::health(t.health))
            + tipRow(tr("Last check"), FleetText::time(t.checkedAt))
            + tipRow(tr("Last up"), FleetText::time(t.lastUpAt));
        if (!t.error.isEmpty())
            rows += tipRow(tr("Error"), t.error);
        if (t.inRollout) {
            rows += tipRow(tr("Rollout"), rolloutLine(t));
            if (t.attempts > 0)
                rows += tipRow(tr("Attempts"), QString::number(t.attempts));
            if (!t.lastError.isEmpty())
                rows += tipRow(tr("Last attempt"), t.lastError);
        }
        if (!t.inFleetFile)
            rows += tipRow(tr("Fleet file"), tr("not listed any more"));
        return QStringLiteral("<p><b>%1</b></p><table>%2</table>").arg(esc(t.name), rows);
    }
    default:
        return {};
    }
}

NodeTileView::NodeTileView(QWidget *parent)
    : QListView(parent)
    , m_model(new NodeTileModel(this))
{
    setModel(m_model);
    setItemDelegate(new NodeTileDelegate(this));
    setViewMode(QListView::IconMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setUniformItemSizes(true);
    setSpacing(0);
    setGridSize(tileSize());
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setMouseTracking(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
}

void NodeTileView::setTiles(std::vector<NodeTile> tiles)
{
    m_model->setTiles(std::move(tiles));
}

QSize NodeTileView::tileSize() const
{
    return tileSizeFor(fontMetrics());
}

void NodeTileView::changeEvent(QEvent *event)
{
    QListView::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        setGridSize(tileSize());
}

} // namespace lk::ui
