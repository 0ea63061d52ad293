#include "vnnews/extract/persons.h"

namespace vnnews::extract {

struct PersonExtractor::Impl {};

PersonExtractor::PersonExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PersonExtractor::~PersonExtractor() = default;

absl::StatusOr<std::unique_ptr<PersonExtractor>> PersonExtractor::Load(
    const std::string& lexicon_dir) {
  return std::unique_ptr<PersonExtractor>(new PersonExtractor(std::make_unique<Impl>()));
}

void PersonExtractor::Extract(const Segmented& seg, vnnews::v1::Article* out) const {}

}  // namespace vnnews::extract
