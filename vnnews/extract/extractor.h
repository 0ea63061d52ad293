// The extractor: from the raw text of a Vietnamese news article to its structured record
// (vnnews.v1.Article). Rules and dictionaries; the dictionaries are data files under lexicon/,
// loaded once at start, so a user extends them without recompiling.
#ifndef VNNEWS_EXTRACT_EXTRACTOR_H_
#define VNNEWS_EXTRACT_EXTRACTOR_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "vnnews/v1/article.pb.h"

namespace vnnews::extract {

// Version written into every record; bump it when extraction output changes.
inline constexpr char kExtractorVersion[] = "vnnews-extract/1";

// The directory the binaries read the dictionaries from when none is given: $VNNEWS_LEXICON_DIR,
// else ../share/vnnews/lexicon beside the executable, else the source tree's lexicon/.
std::string DefaultLexiconDir();

// What the caller knows about the article besides its text.
struct ExtractOptions {
  // Publication date, YYYY-MM-DD, or empty. Gives year-less dates their (inferred) year and
  // resolves relative dates (hôm qua, tuần trước); without it neither happens.
  std::string publication_date;
  // Headline known to the caller; empty to take the one the text shows.
  std::string title;
  // Kept in the record as is.
  std::string source_uri;
  // The text is already text::Normalize's output (the ingestor normalizes it to compute the
  // id): Extract does not normalize it again. Only for text that came out of Normalize.
  bool text_is_normalized = false;
};

namespace ner {
struct Lexicon;
}  // namespace ner
class Segmenter;
class PersonExtractor;
class EntityExtractor;
class DateExtractor;
class MoneyExtractor;
class TopicClassifier;

class Extractor {
 public:
  // Loads every dictionary under `lexicon_dir`; an error names the file and line at fault.
  static absl::StatusOr<std::unique_ptr<Extractor>> Load(const std::string& lexicon_dir);
  ~Extractor();

  // The record of one article. INVALID_ARGUMENT for text that is not UTF-8 (naming the byte
  // offset), for a malformed publication_date, and for text with no words at all. The record's
  // id, ingest_time are left for the store to set. Thread-safe.
  absl::StatusOr<vnnews::v1::Article> Extract(std::string_view raw_text,
                                              const ExtractOptions& options) const;

  // The taxonomy's topics (id and label, no score).
  const std::vector<vnnews::v1::Topic>& topics() const;
  // True when `id` is a topic id of the taxonomy.
  bool HasTopic(std::string_view id) const;

 private:
  Extractor();
  std::shared_ptr<const ner::Lexicon> lex_;  // the persons' and entities' dictionaries
  std::unique_ptr<Segmenter> segmenter_;
  std::unique_ptr<PersonExtractor> persons_;
  std::unique_ptr<EntityExtractor> entities_;
  std::unique_ptr<DateExtractor> dates_;
  std::unique_ptr<MoneyExtractor> money_;
  std::unique_ptr<TopicClassifier> topics_;
};

}  // namespace vnnews::extract

#endif  // VNNEWS_EXTRACT_EXTRACTOR_H_
