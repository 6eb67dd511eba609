#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

namespace lk::training {

/// Labelled grey-scale images, 8 bits per pixel, row-major, one after another. Both the IDX
/// reader (MNIST / Fashion-MNIST files) and the workspace's corrected samples produce this,
/// so the trainer does not care where images come from.
struct ImageSet
{
    int rows = 28;
    int cols = 28;
    std::vector<std::uint8_t> pixels; ///< count() * rows * cols bytes
    std::vector<std::uint8_t> labels; ///< one class index per image
    QString source; ///< where the images came from, for manifests and errors

    int count() const { return int(labels.size()); }
    int pixelsPerImage() const { return rows * cols; }
    /// sha256 over shape, pixels and labels: identifies the exact data a model saw.
    QByteArray sha256() const;
};

/// Reads one IDX file (raw or gzip-compressed, by content, not by name). `expectedDims` is 3
/// for images and 1 for labels. Throws lk::Error(Input) naming the file and what is wrong:
/// wrong magic, unsupported element type, truncated data, trailing bytes.
struct IdxArray
{
    std::vector<int> dims;
    std::vector<std::uint8_t> data;
};
IdxArray readIdxFile(const QString &path, int expectedDims);

/// The two halves of an MNIST-format dataset folder.
enum class Split { Train, Test };

/// Loads DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz] and checks that images and
/// labels agree in count and that labels are class indices below `classes`.
ImageSet loadIdxDataset(const QString &dir, Split split, int classes = 10);

/// Where Debian's dataset-fashion-mnist package puts Fashion-MNIST.
QString defaultFashionMnistDir();

/// Fashion-MNIST's class names, index = label.
const std::vector<QString> &fashionMnistClassNames();

} // namespace lk::training
