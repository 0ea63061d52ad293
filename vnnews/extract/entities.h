// Organizations and locations named in an article: dictionaries (lexicon/organizations.txt,
// lexicon/locations.txt) plus rules for the shapes Vietnamese news gives them ("Bộ X",
// "Ủy ban nhân dân tỉnh X", "Công ty …", "tỉnh X", acronyms).
#ifndef VNNEWS_EXTRACT_ENTITIES_H_
#define VNNEWS_EXTRACT_ENTITIES_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "vnnews/extract/segment.h"
#include "vnnews/v1/article.pb.h"

namespace vnnews::extract {

namespace ner {
struct Analysis;
}  // namespace ner

class EntityExtractor {
 public:
  // Loads lexicon/organizations.txt and lexicon/locations.txt; an error names the file and line.
  static absl::StatusOr<std::unique_ptr<EntityExtractor>> Load(const std::string& lexicon_dir);
  ~EntityExtractor();

  // Fills out->organizations and out->locations, one Entity per distinct folded name. Span
  // offsets are BYTE offsets into seg.body.
  void Extract(const Segmented& seg, vnnews::v1::Article* out) const;
  // The same from the entity pass over seg.body (ner::Analyze), which the facade runs once for
  // both extractors.
  void Extract(const Segmented& seg, const ner::Analysis& analysis, vnnews::v1::Article* out) const;

  struct Impl;

 private:
  explicit EntityExtractor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vnnews::extract

#endif  // VNNEWS_EXTRACT_ENTITIES_H_
