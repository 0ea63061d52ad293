// Text at the door: UTF-8 validation, one normal form for Vietnamese text (NFC, one tone-mark
// placement, clean whitespace), folded keys for matching, and the UTF-8 helpers the extractor
// and the store share.
#ifndef VNNEWS_TEXT_TEXT_H_
#define VNNEWS_TEXT_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace vnnews::text {

// OK, or INVALID_ARGUMENT "invalid UTF-8 at byte offset N" (overlong forms, surrogates and
// code points past U+10FFFF are invalid too).
absl::Status ValidateUtf8(std::string_view s);

// Validates `raw` and returns it in the one form every later step relies on:
// - BOM, zero-width characters, soft hyphens and control characters other than '\n' removed;
// - CR LF and lone CR become '\n'; tabs, no-break and other Unicode spaces become ' ';
//   runs of spaces collapse to one; spaces at line ends are dropped; the text is trimmed;
// - NFC (checked with ICU's quick check, normalized only when needed);
// - one tone-mark placement: the traditional one, as most Vietnamese newspapers write
//   ("hoà" → "hòa", "thuỷ" → "thủy", "khoẻ" → "khỏe"; "quý", "hoàn" are unchanged).
// The same article in NFD, in the other tone-mark placement or with CRLF gives the same string.
absl::StatusOr<std::string> Normalize(std::string_view raw);

// The matching key of a name or term: lower case, diacritics removed, đ → d, whitespace runs
// collapsed to one space, trimmed. "Phạm Bình Minh" → "pham binh minh". Expects valid UTF-8.
std::string Fold(std::string_view s);

// Fold(s) split into words: runs of letters and digits. "Mê Công – Nhật Bản" →
// {"me", "cong", "nhat", "ban"}.
std::vector<std::string> FoldedWords(std::string_view s);

// DecodeAt for a non-ASCII lead byte (out of line: the ASCII case is inlined).
char32_t DecodeNonAsciiAt(std::string_view s, size_t* pos);
// Decodes the code point at byte `*pos` of valid UTF-8 `s` and advances `*pos` past it.
inline char32_t DecodeAt(std::string_view s, size_t* pos) {
  const unsigned char b = static_cast<unsigned char>(s[*pos]);
  if (b < 0x80) {
    ++*pos;
    return b;
  }
  return DecodeNonAsciiAt(s, pos);
}
// 0x80 in each byte of the eight bytes `w` that equals `b`, 0 in the others (exact: no carry
// between bytes). The scanners test eight bytes at a time with it and stop only where a byte
// they look for stands.
inline uint64_t BytesEqual(uint64_t w, unsigned char b) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  const uint64_t x = w ^ (0x0101010101010101ULL * b);
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}
// 0x80 in each byte of the eight bytes `w` that is an ASCII character in [lo, hi] (lo, hi
// below 0x80), 0 in the others; exact like BytesEqual.
inline uint64_t AsciiInRange(uint64_t w, unsigned char lo, unsigned char hi) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  const uint64_t low = w & kLow7;
  const uint64_t at_least_lo = low + kOnes * (0x80 - lo);
  const uint64_t above_hi = low + kOnes * (0x7F - hi);
  return at_least_lo & ~above_hi & ~w & ~kLow7;
}
// Writes the UTF-8 encoding of `cp` (one to four bytes) at `out`; returns how many.
inline size_t EncodeUtf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}
// Appends the UTF-8 encoding of `cp` to `out`. Inline: it is on the tokenizer's path, where a
// call costs more.
inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  }
  char bytes[4];
  out->append(bytes, EncodeUtf8(cp, bytes));
}
// Appends to a string through a buffer on the stack, a buffer at a time: appending byte by
// byte writes the string's size and terminator for every byte, which costs more than making
// the bytes, and most strings made so (a word, a name, the start of a line) fit one buffer.
// What is in the buffer reaches the string at Flush and at the latest on destruction.
class BufferedAppender {
 public:
  static constexpr size_t kMaxWrite = 8;  // bytes that may be written at Room()
  explicit BufferedAppender(std::string* out) : out_(out) {}
  BufferedAppender(const BufferedAppender&) = delete;
  BufferedAppender& operator=(const BufferedAppender&) = delete;
  ~BufferedAppender() { Flush(); }
  // Where up to kMaxWrite more bytes go; Advance(k) then keeps k of them.
  char* Room() {
    if (n_ > sizeof(buf_) - kMaxWrite) Flush();
    return buf_ + n_;
  }
  void Advance(size_t k) { n_ += k; }
  // True when the string and the buffer are both empty.
  bool empty() const { return n_ == 0 && out_->empty(); }
  void Flush() {
    out_->append(buf_, n_);
    n_ = 0;
  }

 private:
  char buf_[256];
  size_t n_ = 0;
  std::string* out_;
};
// The bytes of `w` that start a character (all but 10xxxxxx), as a count: eight bytes at once.
// The bytes are summed by a multiply: __builtin_popcountll is a library call on baseline x86-64.
inline size_t CharacterStarts(uint64_t w) {
  const uint64_t continuation = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;  // 0 or 1 a byte
  return 8 - static_cast<size_t>((continuation * 0x0101010101010101ULL) >> 56);
}
// Number of code points in valid UTF-8 `s` (the bytes that start a character).
size_t CodePointCount(std::string_view s);

// Unicode character classes (ICU's).
bool IsLetter(char32_t cp);
bool IsUpper(char32_t cp);
bool IsLower(char32_t cp);
bool IsDigit(char32_t cp);

// Lower case of a whole string (ICU root locale).
std::string ToLower(std::string_view s);
// Upper case of a whole string.
std::string ToUpper(std::string_view s);
// Each word with its first letter upper case and the rest lower case: "THÀNH NAM" → "Thành Nam".
std::string ToTitleCase(std::string_view s);
// True when the first code point of `word` is an upper-case letter.
bool StartsUpper(std::string_view word);
// True when `word` has at least one letter and no lower-case letter ("VPCP", "ASEAN").
bool IsAllUpper(std::string_view word);

}  // namespace vnnews::text

#endif  // VNNEWS_TEXT_TEXT_H_
