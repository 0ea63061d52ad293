#include "vnnews/extract/entities.h"

#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "vnnews/common/status_macros.h"
#include "vnnews/extract/ner.h"
#include "vnnews/text/text.h"

namespace vnnews::extract {

struct EntityExtractor::Impl {
  std::shared_ptr<const ner::Lexicon> lex;
};

EntityExtractor::EntityExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EntityExtractor::~EntityExtractor() = default;

absl::StatusOr<std::unique_ptr<EntityExtractor>> EntityExtractor::Load(
    const std::string& lexicon_dir) {
  auto impl = std::make_unique<Impl>();
  VNNEWS_ASSIGN_OR_RETURN(impl->lex, ner::Lexicon::Load(lexicon_dir));
  return std::unique_ptr<EntityExtractor>(new EntityExtractor(std::move(impl)));
}

void EntityExtractor::Extract(const Segmented& seg, vnnews::v1::Article* out) const {
  Extract(seg, *ner::Analyze(*impl_->lex, seg), out);
}

void EntityExtractor::Extract(const Segmented& seg, const ner::Analysis& analysis,
                              vnnews::v1::Article* out) const {
  const ner::Tokens& t = analysis.toks;
  std::vector<bool> in_person(t.size(), false);
  for (const ner::PersonHit& p : analysis.persons) {
    for (size_t k = p.tb; k < p.te; ++k) in_person[k] = true;
  }
  // One Entity per dictionary group (aliases together) or per folded name, organizations and
  // places apart.
  absl::flat_hash_map<std::pair<bool, int>, vnnews::v1::Entity*> by_group;
  absl::flat_hash_map<std::string, vnnews::v1::Entity*> by_name[2];
  for (const ner::EntityHit& h : analysis.entities) {
    bool overlaps = false;
    for (size_t k = h.tb; k < h.te; ++k) overlaps = overlaps || in_person[k];
    if (overlaps) continue;
    const std::string_view written = t.span(h.tb, h.te);
    const std::string_view name = h.alias_name.empty() ? written : std::string_view(h.alias_name);
    vnnews::v1::Entity*& e =
        h.group >= 0 ? by_group[{h.org, h.group}] : by_name[h.org ? 1 : 0][text::Fold(name)];
    if (e == nullptr) {
      e = h.org ? out->add_organizations() : out->add_locations();
      e->set_name(std::string(name));
      e->set_key(text::Fold(name));
    }
    vnnews::v1::Span* s = e->add_mentions();
    s->set_begin(static_cast<int32_t>(t[h.tb].begin));
    s->set_end(static_cast<int32_t>(t[h.te - 1].end));
    s->set_text(std::string(written));
  }
}

}  // namespace vnnews::extract
