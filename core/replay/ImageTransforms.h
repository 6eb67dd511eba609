#pragma once

// What drift does to the replayer's images: pure functions on one 28×28 grey image (row by
// row, 0 black to 255 white, as Fashion-MNIST stores it), and the choice of which test image
// comes next (in order or at random, optionally with one class over-represented).

#include "core/training/ImageDataset.h"

#include <QByteArray>

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace lk::replay {

/// Side of the images the nodes classify.
constexpr int kImageSide = 28;
/// Bytes of one image.
constexpr int kImagePixels = kImageSide * kImageSide;

/// One 28×28 grey image, row by row.
using Image = std::array<std::uint8_t, kImagePixels>;

/// Image `index` of `images` (which must hold 28×28 images).
Image imageAt(const training::ImageSet &images, int index);
/// The image's bytes, as POST /v1/predict takes them.
QByteArray toBytes(const Image &image);

/// The image turned by `degrees` clockwise (as displayed, row 0 on top) about its centre,
/// sampled bilinearly; what comes from outside the image is black (0).
Image rotated(const Image &image, double degrees);
/// Every pixel times `factor` (0.5 darker, 2 brighter), rounded and clamped to 0..255.
Image brightened(const Image &image, double factor);
/// Every pixel plus gaussian noise of standard deviation `sigma` (in pixel levels), rounded
/// and clamped to 0..255; draws 784 numbers from `rng`.
Image withNoise(const Image &image, double sigma, std::mt19937_64 &rng);

/// "Draw this share of the images from this class."
struct ClassMix
{
    int label = 0;
    double share = 0; ///< 0..1
};

/// Chooses the next test image: in order (wrapping around) or uniformly at random, and under
/// a ClassMix the mixed class with probability `share` and another class otherwise. Same seed,
/// same choices.
class ImagePicker
{
public:
    enum class Order { Sequential, Random };

    /// `images` must outlive the picker.
    ImagePicker(const training::ImageSet &images, Order order, std::uint64_t seed);

    /// The index of the next image.
    int next(const std::optional<ClassMix> &mix = std::nullopt);
    /// Whether `label` has any image to draw (a ClassMix of a class without images cannot be served).
    bool hasClass(int label) const;
    /// The generator the picker draws from (also for noise, so one seed fixes the whole stream).
    std::mt19937_64 &rng() { return m_rng; }

private:
    int nextOf(int label);
    int nextNotOf(int label);

    const training::ImageSet &m_images;
    Order m_order;
    std::mt19937_64 m_rng;
    int m_cursor = 0;
    std::vector<std::vector<int>> m_byClass; ///< image indices per label
    std::vector<int> m_classCursor;
};

} // namespace lk::replay
