// Persons named in an article: Vietnamese and foreign names found through titles, descriptive
// nouns, honorifics and surnames (all data under lexicon/), with their roles, short later
// mentions merged into the full name, and the page's byline and photo credits.
#ifndef VNNEWS_EXTRACT_PERSONS_H_
#define VNNEWS_EXTRACT_PERSONS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "vnnews/extract/segment.h"
#include "vnnews/v1/article.pb.h"

namespace vnnews::extract {

namespace ner {
struct Analysis;
}  // namespace ner

class PersonExtractor {
 public:
  // Loads lexicon/surnames.txt and lexicon/titles.txt; an error names the file and line.
  static absl::StatusOr<std::unique_ptr<PersonExtractor>> Load(const std::string& lexicon_dir);
  ~PersonExtractor();

  // Fills out->persons. Span.begin/end are BYTE offsets into seg.body (the facade converts them
  // to code points and fills Span.sentence).
  void Extract(const Segmented& seg, vnnews::v1::Article* out) const;
  // The same from the entity pass over seg.body (ner::Analyze), which the facade runs once for
  // both extractors.
  void Extract(const Segmented& seg, const ner::Analysis& analysis, vnnews::v1::Article* out) const;

  struct Impl;

 private:
  explicit PersonExtractor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vnnews::extract

#endif  // VNNEWS_EXTRACT_PERSONS_H_
