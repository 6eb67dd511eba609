#pragma once

#include <QColor>
#include <QString>
#include <QWidget>

#include <optional>

namespace lk::ui {

/// The canary judge's score on a 0–100 scale with the plan's bands: below the marginal score
/// the rollout rolls back, between marginal and pass it waits for a human, from pass on it goes
/// to the next step. The bands are labelled, so that the colours only repeat what the words say.
class ScoreBar : public QWidget
{
    Q_OBJECT
public:
    explicit ScoreBar(QWidget *parent = nullptr);

    /// Shows `score` (nullopt: not judged) against the plan's `marginal` and `pass` scores.
    void setScore(std::optional<double> score, double marginal, double pass);
    /// The score shown (nullopt: not judged).
    std::optional<double> score() const { return m_score; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::optional<double> m_score;
    double m_marginal = 75;
    double m_pass = 95;
};

/// Where the rollout's nodes are: a bar split into deployed, rolled back, failed and waiting
/// nodes, with a mark at the share the current step aims for.
class NodeProgressBar : public QWidget
{
    Q_OBJECT
public:
    /// Node counts by rollout state.
    struct Counts
    {
        int deployed = 0;
        int waiting = 0;
        int failed = 0;
        int rolledBack = 0;
        int target = 0; ///< nodes that have the candidate once the current step is deployed
        int total() const { return deployed + waiting + failed + rolledBack; }
    };

    explicit NodeProgressBar(QWidget *parent = nullptr);

    /// Shows `counts`; `deployedColor` is the candidate's version colour.
    void setCounts(const Counts &counts, const QColor &deployedColor);
    /// The counts shown.
    const Counts &counts() const { return m_counts; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Counts m_counts;
    QColor m_deployed;
};

} // namespace lk::ui
