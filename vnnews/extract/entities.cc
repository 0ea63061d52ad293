#include "vnnews/extract/entities.h"

namespace vnnews::extract {

struct EntityExtractor::Impl {};

EntityExtractor::EntityExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EntityExtractor::~EntityExtractor() = default;

absl::StatusOr<std::unique_ptr<EntityExtractor>> EntityExtractor::Load(
    const std::string& lexicon_dir) {
  return std::unique_ptr<EntityExtractor>(new EntityExtractor(std::make_unique<Impl>()));
}

void EntityExtractor::Extract(const Segmented& seg, vnnews::v1::Article* out) const {}

}  // namespace vnnews::extract
