#pragma once

// When and how the replayer drifts its traffic. A schedule is a comma-separated list of
// episodes KIND:AMOUNT@START[+DURATION] (no DURATION: until the end):
//
//     rotation:30@1m+2m          turn images 30° clockwise from 1 min to 3 min
//     brightness:0.5@30s         half as bright from 30 s on
//     noise:40@0+10s             gaussian noise, sigma 40 pixel levels, for the first 10 s
//     classmix:4=0.8@2m+1m       80 % of the images from class 4 (or its name, Coat=0.8)
//
// Times are seconds with an optional unit (500ms, 30s, 2m, 1h; 1m30s). Episodes that overlap
// all apply: transforms in the order listed; of several class mixes, the last listed.

#include "core/replay/ImageTransforms.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <random>
#include <vector>

namespace lk::replay {

/// What an episode does to the traffic.
enum class DriftKind { Rotation, Brightness, Noise, ClassMix };

/// One episode of drift.
struct DriftEpisode
{
    DriftKind kind = DriftKind::Rotation;
    double amount = 0; ///< degrees, brightness factor, noise sigma, or the class mix's share
    int mixClass = -1; ///< the over-represented class (ClassMix only)
    double startS = 0; ///< seconds after the replay started
    std::optional<double> durationS; ///< none: until the end
    QString text; ///< as written in the spec

    /// Whether the episode is on `elapsedS` seconds after the start.
    bool activeAt(double elapsedS) const;
};

/// A parsed --drift spec; empty means no drift.
class DriftSchedule
{
public:
    /// Parses SPEC; throws lk::Error(Usage) naming the bad episode and what is wrong with it.
    static DriftSchedule parse(const QString &spec);

    const std::vector<DriftEpisode> &episodes() const { return m_episodes; }
    bool isEmpty() const { return m_episodes.empty(); }
    /// The episodes on at `elapsedS`, as written.
    QStringList activeAt(double elapsedS) const;
    /// The class mix on at `elapsedS` (the last listed if several are).
    std::optional<ClassMix> classMixAt(double elapsedS) const;
    /// `image` with the rotation, brightness and noise episodes on at `elapsedS` applied in the
    /// order listed; noise draws from `rng`.
    Image apply(const Image &image, double elapsedS, std::mt19937_64 &rng) const;

private:
    std::vector<DriftEpisode> m_episodes;
};

/// Seconds in a time such as "90", "1.5s", "500ms", "2m", "1h" or "1m30s"; throws
/// lk::Error(Usage) "WHAT: ..." if it is none.
double parseSeconds(const QString &text, const QString &what);

} // namespace lk::replay
