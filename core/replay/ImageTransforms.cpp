#include "core/replay/ImageTransforms.h"

#include "core/common/Error.h"

#include <algorithm>
#include <cmath>

namespace lk::replay {

namespace {

std::uint8_t clampPixel(double value)
{
    return std::uint8_t(std::clamp(std::lround(value), 0L, 255L));
}

} // namespace

Image imageAt(const training::ImageSet &images, int index)
{
    if (images.rows != kImageSide || images.cols != kImageSide || index < 0 || index >= images.count())
        throw Error(ErrorKind::Usage,
            QStringLiteral("Image %1 of %2 (%3×%4) is not one of its 28×28 images.")
                .arg(index)
                .arg(images.source)
                .arg(images.rows)
                .arg(images.cols));
    Image image;
    std::copy_n(images.pixels.begin() + std::ptrdiff_t(index) * kImagePixels, kImagePixels, image.begin());
    return image;
}

QByteArray toBytes(const Image &image)
{
    return QByteArray(reinterpret_cast<const char *>(image.data()), kImagePixels);
}

Image rotated(const Image &image, double degrees)
{
    constexpr double kPi = 3.14159265358979323846;
    const double radians = degrees * kPi / 180.0;
    const double c = std::cos(radians);
    const double s = std::sin(radians);
    const double centre = (kImageSide - 1) / 2.0;
    auto pixel = [&image](int row, int col) -> double {
        if (row < 0 || row >= kImageSide || col < 0 || col >= kImageSide)
            return 0.0;
        return image[std::size_t(row * kImageSide + col)];
    };
    Image out;
    for (int row = 0; row < kImageSide; ++row) {
        for (int col = 0; col < kImageSide; ++col) {
            // Where this output pixel comes from: the inverse turn (y grows downwards).
            const double dx = col - centre;
            const double dy = row - centre;
            const double sx = dx * c + dy * s + centre;
            const double sy = -dx * s + dy * c + centre;
            const double fx = std::floor(sx);
            const double fy = std::floor(sy);
            const double ax = sx - fx;
            const double ay = sy - fy;
            const int x0 = int(fx);
            const int y0 = int(fy);
            const double value = (1 - ay) * ((1 - ax) * pixel(y0, x0) + ax * pixel(y0, x0 + 1))
                + ay * ((1 - ax) * pixel(y0 + 1, x0) + ax * pixel(y0 + 1, x0 + 1));
            out[std::size_t(row * kImageSide + col)] = clampPixel(value);
        }
    }
    return out;
}

Image brightened(const Image &image, double factor)
{
    Image out;
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = clampPixel(image[i] * factor);
    return out;
}

Image withNoise(const Image &image, double sigma, std::mt19937_64 &rng)
{
    if (!(sigma > 0))
        return image; // a normal distribution needs a positive sigma
    std::normal_distribution<double> noise(0.0, sigma);
    Image out;
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = clampPixel(image[i] + noise(rng));
    return out;
}

ImagePicker::ImagePicker(const training::ImageSet &images, Order order, std::uint64_t seed)
    : m_images(images)
    , m_order(order)
    , m_rng(seed)
{
    if (images.count() == 0)
        throw Error(ErrorKind::Input, QStringLiteral("%1 has no images to replay.").arg(images.source));
    for (int i = 0; i < images.count(); ++i) {
        const std::size_t label = images.labels[std::size_t(i)];
        if (m_byClass.size() <= label)
            m_byClass.resize(label + 1);
        m_byClass[label].push_back(i);
    }
    m_classCursor.assign(m_byClass.size(), 0);
}

bool ImagePicker::hasClass(int label) const
{
    return label >= 0 && std::size_t(label) < m_byClass.size() && !m_byClass[std::size_t(label)].empty();
}

int ImagePicker::nextOf(int label)
{
    const std::vector<int> &indices = m_byClass[std::size_t(label)];
    if (m_order == Order::Random)
        return indices[std::uniform_int_distribution<std::size_t>(0, indices.size() - 1)(m_rng)];
    int &cursor = m_classCursor[std::size_t(label)];
    const int index = indices[std::size_t(cursor)];
    cursor = (cursor + 1) % int(indices.size());
    return index;
}

int ImagePicker::nextNotOf(int label)
{
    // Every image may be of the mixed class: then there is no other to give.
    const int count = m_images.count();
    for (int tries = 0; tries < count; ++tries) {
        int index = 0;
        if (m_order == Order::Random) {
            index = std::uniform_int_distribution<int>(0, count - 1)(m_rng);
        } else {
            index = m_cursor;
            m_cursor = (m_cursor + 1) % count;
        }
        if (int(m_images.labels[std::size_t(index)]) != label)
            return index;
    }
    return nextOf(label);
}

int ImagePicker::next(const std::optional<ClassMix> &mix)
{
    if (mix && hasClass(mix->label)) {
        const bool fromMix = std::uniform_real_distribution<double>(0.0, 1.0)(m_rng) < mix->share;
        return fromMix ? nextOf(mix->label) : nextNotOf(mix->label);
    }
    if (m_order == Order::Random)
        return std::uniform_int_distribution<int>(0, m_images.count() - 1)(m_rng);
    const int index = m_cursor;
    m_cursor = (m_cursor + 1) % m_images.count();
    return index;
}

} // namespace lk::replay
