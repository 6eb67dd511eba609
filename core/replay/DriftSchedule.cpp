#include "core/replay/DriftSchedule.h"

#include "core/common/Error.h"
#include "core/training/ImageDataset.h"

#include <QRegularExpression>

#include <cmath>

namespace lk::replay {

namespace {

[[noreturn]] void refuse(const QString &episode, const QString &problem)
{
    throw Error(ErrorKind::Usage,
        QStringLiteral("--drift episode \"%1\": %2. Write KIND:AMOUNT@START[+DURATION] with KIND rotation "
                       "(degrees), brightness (factor), noise (sigma 0-255) or classmix (CLASS=SHARE), e.g. "
                       "rotation:30@1m+2m,classmix:4=0.8@30s.")
            .arg(episode, problem));
}

double number(const QString &text, bool *ok)
{
    const double value = text.trimmed().toDouble(ok);
    *ok = *ok && std::isfinite(value);
    return value;
}

} // namespace

double parseSeconds(const QString &text, const QString &what)
{
    // One or more NUMBER[UNIT] parts: "1m30s"; a bare number is seconds.
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?"));
    const QString t = text.trimmed();
    double seconds = 0;
    qsizetype at = 0;
    auto match = part.globalMatch(t);
    while (match.hasNext()) {
        const QRegularExpressionMatch m = match.next();
        if (m.capturedStart() != at || (m.captured(2).isEmpty() && match.hasNext()))
            break;
        const double value = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        seconds += unit == QLatin1String("ms") ? value / 1000
            : unit == QLatin1String("m")       ? value * 60
            : unit == QLatin1String("h")       ? value * 3600
                                               : value;
        at = m.capturedEnd();
    }
    if (t.isEmpty() || at != t.size())
        throw Error(ErrorKind::Usage,
            QStringLiteral("%1: \"%2\" is not a time; write seconds or a time with units, e.g. 90, 30s, "
                           "500ms, 2m, 1m30s, 1h.")
                .arg(what, text));
    return seconds;
}

bool DriftEpisode::activeAt(double elapsedS) const
{
    return elapsedS >= startS && (!durationS || elapsedS < startS + *durationS);
}

DriftSchedule DriftSchedule::parse(const QString &spec)
{
    DriftSchedule schedule;
    if (spec.trimmed().isEmpty())
        return schedule;
    for (const QString &raw : spec.split(QLatin1Char(','))) {
        const QString text = raw.trimmed();
        if (text.isEmpty())
            refuse(raw, QStringLiteral("it is empty (two commas in a row?)"));
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        const qsizetype atSign = text.indexOf(QLatin1Char('@'));
        if (colon < 0 || atSign < colon)
            refuse(text, QStringLiteral("it needs KIND:AMOUNT@START"));
        DriftEpisode e;
        e.text = text;
        const QString kind = text.left(colon).trimmed().toLower();
        const QString amount = text.mid(colon + 1, atSign - colon - 1).trimmed();
        const QString when = text.mid(atSign + 1).trimmed();
        bool ok = false;
        if (kind == QLatin1String("rotation")) {
            e.kind = DriftKind::Rotation;
            e.amount = number(amount, &ok);
            if (!ok)
                refuse(text, QStringLiteral("\"%1\" is not an angle in degrees").arg(amount));
        } else if (kind == QLatin1String("brightness")) {
            e.kind = DriftKind::Brightness;
            e.amount = number(amount, &ok);
            if (!ok || e.amount < 0 || e.amount > 100)
                refuse(text,
                    QStringLiteral("\"%1\" is not a brightness factor (0 to 100, 1 unchanged)").arg(amount));
        } else if (kind == QLatin1String("noise")) {
            e.kind = DriftKind::Noise;
            e.amount = number(amount, &ok);
            if (!ok || e.amount < 0 || e.amount > 255)
                refuse(
                    text, QStringLiteral("\"%1\" is not a noise sigma (0 to 255 pixel levels)").arg(amount));
        } else if (kind == QLatin1String("classmix")) {
            e.kind = DriftKind::ClassMix;
            const QStringList parts = amount.split(QLatin1Char('='));
            if (parts.size() != 2)
                refuse(text, QStringLiteral("\"%1\" is not CLASS=SHARE (e.g. 4=0.8)").arg(amount));
            const QString label = parts.at(0).trimmed();
            e.mixClass = label.toInt(&ok);
            if (!ok) {
                const auto &names = training::fashionMnistClassNames();
                for (std::size_t i = 0; i < names.size(); ++i) {
                    if (names[i].compare(label, Qt::CaseInsensitive) == 0) {
                        e.mixClass = int(i);
                        ok = true;
                    }
                }
            }
            if (!ok || e.mixClass < 0 || e.mixClass > 255)
                refuse(text,
                    QStringLiteral("\"%1\" is not a class index or Fashion-MNIST class name").arg(label));
            e.amount = number(parts.at(1), &ok);
            if (!ok || e.amount < 0 || e.amount > 1)
                refuse(text, QStringLiteral("\"%1\" is not a share from 0 to 1").arg(parts.at(1).trimmed()));
        } else {
            refuse(text,
                QStringLiteral("unknown kind \"%1\" (rotation, brightness, noise or classmix)").arg(kind));
        }
        const qsizetype plus = when.indexOf(QLatin1Char('+'));
        try {
            e.startS = parseSeconds(plus < 0 ? when : when.left(plus), QStringLiteral("start"));
            if (plus >= 0) {
                e.durationS = parseSeconds(when.mid(plus + 1), QStringLiteral("duration"));
                if (*e.durationS <= 0)
                    refuse(text, QStringLiteral("the duration must be more than 0"));
            }
        } catch (const Error &bad) {
            if (bad.message().startsWith(QLatin1String("--drift")))
                throw;
            refuse(text, bad.message().section(QLatin1Char(';'), 0, 0));
        }
        schedule.m_episodes.push_back(e);
    }
    return schedule;
}

QStringList DriftSchedule::activeAt(double elapsedS) const
{
    QStringList active;
    for (const DriftEpisode &e : m_episodes) {
        if (e.activeAt(elapsedS))
            active.append(e.text);
    }
    return active;
}

std::optional<ClassMix> DriftSchedule::classMixAt(double elapsedS) const
{
    std::optional<ClassMix> mix;
    for (const DriftEpisode &e : m_episodes) {
        if (e.kind == DriftKind::ClassMix && e.activeAt(elapsedS))
            mix = ClassMix{e.mixClass, e.amount};
    }
    return mix;
}

Image DriftSchedule::apply(const Image &image, double elapsedS, std::mt19937_64 &rng) const
{
    Image out = image;
    for (const DriftEpisode &e : m_episodes) {
        if (!e.activeAt(elapsedS))
            continue;
        switch (e.kind) {
        case DriftKind::Rotation:
            out = rotated(out, e.amount);
            break;
        case DriftKind::Brightness:
            out = brightened(out, e.amount);
            break;
        case DriftKind::Noise:
            out = withNoise(out, e.amount, rng);
            break;
        case DriftKind::ClassMix:
            break; // chooses images, changes none
        }
    }
    return out;
}

} // namespace lk::replay
