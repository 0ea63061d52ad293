// Topics of a Vietnamese news article from a taxonomy that is data (lexicon/topics.tsv: ids,
// Vietnamese labels, weighted phrases). Phrases match on folded words (no case, no diacritics),
// so "COVID-19", "Covid 19" and "covid-19" are one phrase; a document gets every topic whose
// weighted evidence, boosted in the title and the lead and normalized by length, passes the
// taxonomy's threshold.
#ifndef VNNEWS_EXTRACT_TOPICS_H_
#define VNNEWS_EXTRACT_TOPICS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vnnews/extract/segment.h"
#include "vnnews/v1/article.pb.h"

namespace vnnews::extract {

namespace ner {
class Tokens;
}  // namespace ner

class TopicClassifier {
 public:
  // Loads lexicon/topics.tsv; an error names the file and line at fault.
  static absl::StatusOr<std::unique_ptr<TopicClassifier>> Load(const std::string& lexicon_dir);
  ~TopicClassifier();

  // Fills out->topics, best first.
  void Classify(const Segmented& seg, vnnews::v1::Article* out) const;
  // The same, with the body's words read off its tokens (ner::Tokens of seg.body), which the
  // extractor has made for the entity pass anyway.
  void Classify(const Segmented& seg, const ner::Tokens& body_tokens,
                vnnews::v1::Article* out) const;

  // The taxonomy in file order (id and label, no score).
  const std::vector<vnnews::v1::Topic>& topics() const;
  bool HasTopic(std::string_view id) const;

  struct Impl;

 private:
  explicit TopicClassifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vnnews::extract

#endif  // VNNEWS_EXTRACT_TOPICS_H_
