#pragma once

#include "core/fleet/NodeHealthStatus.h"
#include "core/rollout/RolloutStates.h"

#include <QAbstractListModel>
#include <QListView>
#include <QString>

#include <vector>

namespace lk::ui {

/// What one tile of the fleet shows: the node, its last health poll and its part in the rollout.
struct NodeTile
{
    QString name;
    QString url;
    QString tier;
    QString role; ///< edge | teacher
    lk::fleet::NodeHealthStatus health = lk::fleet::NodeHealthStatus::Unknown;
    QString version; ///< the model version it serves (its last report); empty if unknown
    QString checkedAt; ///< ISO UTC of the last health poll
    QString lastUpAt;
    QString error; ///< why the last poll failed
    bool inFleetFile = true; ///< false: known from the database only
    bool inRollout = false;
    bool canary = false; ///< gets the candidate at the first step
    int step = 0; ///< the step at which it gets the candidate (0 = canary)
    lk::rollout::RolloutNodeState state = lk::rollout::RolloutNodeState::Waiting; ///< when in the rollout
    int attempts = 0;
    QString lastError; ///< of the rollout's last attempt on it
    bool candidate = false; ///< it serves the rollout's candidate
};

/// The fleet's tiles as a list model; DisplayRole is the node's name, the tooltip and the
/// accessible text say everything else in words.
class NodeTileModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        VersionRole = Qt::UserRole + 1, ///< QString
        HealthRole, ///< QString: up | down | unknown (the stored name)
        CanaryRole, ///< bool
        StateRole, ///< QString: the node's rollout state (the stored name), empty outside the rollout
    };

    explicit NodeTileModel(QObject *parent = nullptr);

    /// Replaces the tiles; rows keep their place when the same nodes come back.
    void setTiles(std::vector<NodeTile> tiles);
    /// The tile at `row` (valid rows only).
    const NodeTile &tile(int row) const { return m_tiles.at(std::size_t(row)); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    std::vector<NodeTile> m_tiles;
};

/// The fleet as a grid of tiles, one per node, that wraps with the width and scrolls: 50 nodes
/// and more stay readable. A tile's fill is the colour of the version the node serves
/// (FleetText::versionColor); a node that is down is grey and hatched with a cross and the
/// word "Down", one never checked has a dashed outline and a question mark; canaries carry a
/// badge. Arrow keys move between tiles, and the tooltip tells URL, tier, version, last check
/// and error.
class NodeTileView : public QListView
{
    Q_OBJECT
public:
    explicit NodeTileView(QWidget *parent = nullptr);

    /// Shows `tiles`.
    void setTiles(std::vector<NodeTile> tiles);
    /// The model behind the view.
    NodeTileModel *tileModel() const { return m_model; }

    /// Width and height of a tile for the view's font, in pixels.
    QSize tileSize() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    NodeTileModel *m_model;
};

} // namespace lk::ui
