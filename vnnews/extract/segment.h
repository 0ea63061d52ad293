// Separates the article from the page around it: title, body, source and credits, and the page
// furniture (navigation, related-article lists, teasers, image links, video player labels) that
// is dropped before any other extraction.
#ifndef VNNEWS_EXTRACT_SEGMENT_H_
#define VNNEWS_EXTRACT_SEGMENT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace vnnews::extract {

// A person credited by the page rather than named in the story: the byline or a photo credit.
struct Credit {
  std::string name;   // proper case ("Thành Nam" for "THÀNH NAM")
  std::string role;   // "byline" or "photo_credit"
  size_t begin = 0;   // byte offsets of the name in Segmented::body
  size_t end = 0;
};

// The article, out of the page.
struct Segmented {
  // The headline (without a source tag glued to it), or empty when the text shows none.
  std::string title;
  // The article text without furniture: lead, paragraphs, photo captions and the byline line.
  // Paragraphs are separated by '\n'. All byte offsets of the extractors point into it.
  std::string body;
  // The outlet credited in the text ("Chinhphu.vn", "NDO"), or empty.
  std::string source;
  // Byline and photo credits, in body order.
  std::vector<Credit> credits;
};

class Segmenter {
 public:
  // Loads lexicon/furniture.txt (markers of page furniture).
  static absl::StatusOr<std::unique_ptr<Segmenter>> Load(const std::string& lexicon_dir);
  // `normalized` is the output of text::Normalize.
  Segmented Split(std::string_view normalized) const;
  // Implementation state (dictionaries) lives in the .cc.
  ~Segmenter();
  struct Impl;

 private:
  explicit Segmenter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vnnews::extract

#endif  // VNNEWS_EXTRACT_SEGMENT_H_
