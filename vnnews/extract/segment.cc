#include "vnnews/extract/segment.h"

namespace vnnews::extract {

struct Segmenter::Impl {};

Segmenter::Segmenter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Segmenter::~Segmenter() = default;

absl::StatusOr<std::unique_ptr<Segmenter>> Segmenter::Load(const std::string& lexicon_dir) {
  return std::unique_ptr<Segmenter>(new Segmenter(std::make_unique<Impl>()));
}

Segmented Segmenter::Split(std::string_view normalized) const {
  Segmented seg;
  seg.body = std::string(normalized);
  return seg;
}

}  // namespace vnnews::extract
