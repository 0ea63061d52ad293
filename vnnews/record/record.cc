#include "vnnews/record/record.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "vnnews/text/text.h"

namespace vnnews::record {

CharOffsets::CharOffsets(std::string_view text) : text_(text) {
  marks_.reserve(text.size() / kStep + 1);
  const size_t n = text.size();
  size_t cp = 0;    // code points before byte i
  size_t next = 0;  // the next code point to mark
  // One byte: marks it when it starts code point `next`.
  auto byte = [&](size_t i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) return;
    if (cp == next) {
      marks_.push_back(i);
      next += kStep;
    }
    ++cp;
  };
  // Eight bytes at a time, counting the bytes that start a character (all but 10xxxxxx), byte
  // by byte only where a mark falls: every article's body passes here at ingest.
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const size_t starts = text::CharacterStarts(w);
    if (cp + starts <= next) {
      cp += starts;
      continue;
    }
    for (size_t j = i; j < i + 8; ++j) byte(j);
  }
  for (; i < n; ++i) byte(i);
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
