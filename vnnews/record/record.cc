#include "vnnews/record/record.h"

#include <algorithm>
#include <string>

namespace vnnews::record {

CharOffsets::CharOffsets(std::string_view text) : text_(text) {
  marks_.reserve(text.size() / kStep + 1);
  size_t cp = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (cp % kStep == 0) marks_.push_back(i);
    ++cp;
  }
  if (marks_.empty()) marks_.push_back(0);
}

size_t CharOffsets::Byte(int64_t cp) const {
  if (cp <= 0) return 0;
  const size_t mark = static_cast<size_t>(cp) / kStep;
  if (mark >= marks_.size()) return text_.size();
  size_t pos = marks_[mark];
  for (int64_t left = cp % kStep; left > 0 && pos < text_.size(); --left) {
    ++pos;
    while (pos < text_.size() && (static_cast<unsigned char>(text_[pos]) & 0xC0) == 0x80) ++pos;
  }
  return pos;
}

std::string_view CharOffsets::Slice(int64_t begin, int64_t end) const {
  const size_t b = Byte(begin);
  const size_t e = std::max(b, Byte(end));
  return text_.substr(b, e - b);
}

std::string_view SentenceOf(const vnnews::v1::Span& span, const CharOffsets& body) {
  if (!span.sentence().empty()) return span.sentence();
  if (span.sentence_end() <= span.sentence_begin()) return {};
  return body.Slice(span.sentence_begin(), span.sentence_end());
}

void FillSentences(vnnews::v1::Article* a) {
  const CharOffsets body(a->body());
  ForEachSpan(*a, [&](vnnews::v1::Span& span) {
    if (span.sentence().empty() && span.sentence_end() > span.sentence_begin()) {
      span.set_sentence(std::string(body.Slice(span.sentence_begin(), span.sentence_end())));
    }
  });
}

}  // namespace vnnews::record
