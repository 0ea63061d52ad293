#include "vnnews/extract/ner.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "vnnews/common/status_macros.h"
#include "vnnews/text/text.h"

namespace vnnews::extract::ner {
namespace {

// Decodes one code point of valid UTF-8 (the text went through text::Normalize).
inline char32_t Next(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + *pos;
  unsigned char c = p[0];
  if (c < 0x80) {
    ++*pos;
    return c;
  }
  size_t left = s.size() - *pos;
  if (c >= 0xC2 && c < 0xE0 && left >= 2) {
    *pos += 2;
    return (static_cast<char32_t>(c & 0x1F) << 6) | (p[1] & 0x3F);
  }
  if (c >= 0xE0 && c < 0xF0 && left >= 3) {
    *pos += 3;
    return (static_cast<char32_t>(c & 0x0F) << 12) | (static_cast<char32_t>(p[1] & 0x3F) << 6) |
           (p[2] & 0x3F);
  }
  return text::DecodeAt(s, pos);
}

// Character classes of the code points below U+2100 (Latin, with all Vietnamese letters, and
// the general punctuation: dashes, quotes), read from ICU once into a table: the tokenizer asks
// for every character.
struct CharInfo {
  char16_t lower = 0;  // lower case
  uint8_t flags = 0;   // kIsWord, kIsUpper, kIsLower, kIsDigit
  // `lower` in UTF-8 (one to three bytes), little-endian in one number: the tokenizer copies
  // it whole, not encoding it each time.
  uint8_t lower_size = 0;
  uint8_t lex = 0;  // the tokenizer's classes (kLex*)
  // What the tokenizer folds the character to: the ASCII letter of a letter ("ạ" → 'a',
  // "Đ" → 'd'), an ASCII digit itself, or 0.
  char fold = 0;
  uint32_t lower_bytes = 0;
};
enum : uint8_t { kIsWord = 1, kIsUpper = 2, kIsLower = 4, kIsDigit = 8 };
// The tokenizer's classes of a character, OR-ed over a word: its flags and case as the word
// needs them.
enum : uint8_t {
  kLexWord = 1,
  kLexUpper = 2,
  kLexLow = 4,      // lower case and not upper case
  kLexDigit = 8,
  kLexLetter = 16,  // upper or lower case
  kLexNoFold = 32,  // folds to no ASCII letter or digit
  kLexMulti = 64,   // not ASCII
  kLexChanges = 128,  // its lower case is another character (not only capitals: "ǅ" → "ǆ")
};
constexpr char32_t kTableSize = 0x2100;
// Letters above this (superscripts, subscripts) fold to no ASCII letter: the table was not made
// for them.
constexpr char32_t kFoldLimit = 0x2000;

uint8_t LexFlags(uint8_t flags, char32_t cp) {
  uint8_t lex = 0;
  if (flags & kIsWord) lex |= kLexWord;
  if (flags & kIsUpper) lex |= kLexUpper | kLexLetter;
  if (flags & kIsLower) lex |= (flags & kIsUpper) ? kLexLetter : kLexLow | kLexLetter;
  if (flags & kIsDigit) lex |= kLexDigit;
  if (cp >= 0x80) lex |= kLexMulti;
  return lex;
}

const CharInfo* CharTable() {
  static const CharInfo* table = [] {
    auto* t = new CharInfo[kTableSize];
    for (char32_t cp = 0; cp < kTableSize; ++cp) {
      CharInfo& c = t[cp];
      bool letter = text::IsLetter(cp), digit = text::IsDigit(cp);
      if (letter || digit || u_getCombiningClass(cp) != 0) c.flags |= kIsWord;
      if (text::IsUpper(cp)) c.flags |= kIsUpper;
      if (text::IsLower(cp)) c.flags |= kIsLower;
      if (digit) c.flags |= kIsDigit;
      UChar32 low = u_tolower(static_cast<UChar32>(cp));
      c.lower = static_cast<char16_t>(low < 0x10000 ? low : cp);
      char utf8[4];
      c.lower_size = static_cast<uint8_t>(text::EncodeUtf8(c.lower, utf8));
      std::memcpy(&c.lower_bytes, utf8, c.lower_size);
      if (cp < 0x80) {
        // In ASCII, letters and digits are the word characters, each its own folded form once
        // lowered.
        c.flags = 0;
        if (cp >= 'a' && cp <= 'z') c.flags = kIsWord | kIsLower;
        if (cp >= 'A' && cp <= 'Z') c.flags = kIsWord | kIsUpper;
        if (cp >= '0' && cp <= '9') c.flags = kIsWord | kIsDigit;
        if (c.flags != 0) c.fold = static_cast<char>(c.lower);
      } else if (letter && cp < kFoldLimit) {
        std::string one;
        text::AppendUtf8(cp, &one);
        std::string folded = text::Fold(one);
        if (folded.size() == 1 && folded[0] >= 'a' && folded[0] <= 'z') c.fold = folded[0];
      }
      c.lex = LexFlags(c.flags, cp);
      if (c.fold == 0) c.lex |= kLexNoFold;
      if (c.lower != cp) c.lex |= kLexChanges;
    }
    return t;
  }();
  return table;
}

// The flags of a character beyond the table.
uint8_t SlowFlags(char32_t cp) {
  uint8_t f = 0;
  bool letter = text::IsLetter(cp), digit = text::IsDigit(cp);
  if (letter || digit || u_getCombiningClass(cp) != 0) f |= kIsWord;
  if (text::IsUpper(cp)) f |= kIsUpper;
  if (text::IsLower(cp)) f |= kIsLower;
  if (digit) f |= kIsDigit;
  return f;
}

inline bool IsLowerCp(char32_t cp) {
  return ((cp < kTableSize ? CharTable()[cp].flags : SlowFlags(cp)) & kIsLower) != 0;
}

inline char32_t LowerCp(char32_t cp) {
  if (cp < kTableSize) return CharTable()[cp].lower;
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
}

// TokenHash of each one-byte ASCII token.
const uint64_t* AsciiTokenHashes() {
  static const uint64_t* hashes = [] {
    auto* h = new uint64_t[128];
    for (int c = 0; c < 128; ++c) {
      const char one = static_cast<char>(c);
      h[c] = TokenHash(std::string_view(&one, 1));
    }
    return h;
  }();
  return hashes;
}

inline bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }

// Which of sixteen bytes are ASCII lower-case letters, capitals, word bytes (ASCII letters and
// digits, and bytes of multi-byte characters) and bytes of multi-byte characters (bit k for
// byte k); the bytes with the ASCII capitals lowered go to `lowered`.
struct ByteClasses {
  uint32_t lower, upper, word, high;
};
#if defined(__SSE2__)
inline ByteClasses Classify16(const char* p, char* lowered) {
  const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // lo <= byte <= hi: shifted so that lo is -128, one signed compare.
  auto in = [](__m128i x, char lo, char hi) {
    const __m128i shifted = _mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(0x80 + hi - lo + 1)));
  };
  // Letters of either case are the bytes in a..z once the 0x20 bit is set.
  const __m128i letter = in(_mm_or_si128(w, _mm_set1_epi8(0x20)), 'a', 'z');
  const __m128i digit = in(w, '0', '9');
  _mm_storeu_si128(reinterpret_cast<__m128i*>(lowered),
                   _mm_or_si128(w, _mm_and_si128(letter, _mm_set1_epi8(0x20))));
  const uint32_t lower = static_cast<uint32_t>(_mm_movemask_epi8(in(w, 'a', 'z')));
  const uint32_t high = static_cast<uint32_t>(_mm_movemask_epi8(w));
  return {lower, static_cast<uint32_t>(_mm_movemask_epi8(letter)) & ~lower,
          static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(letter, digit))) | high, high};
}
#else
// The same eight bytes at a time: the top bit of each byte of a mask gathered into one byte.
inline uint32_t ByteBits(uint64_t m) {
  return static_cast<uint32_t>((((m >> 7) & 0x0101010101010101ULL) * 0x0102040810204080ULL) >> 56);
}
inline ByteClasses Classify16(const char* p, char* lowered) {
  ByteClasses c{0, 0, 0, 0};
  for (int half = 0; half < 2; ++half) {
    uint64_t w;
    std::memcpy(&w, p + 8 * half, 8);
    const uint64_t upper = text::AsciiInRange(w, 'A', 'Z');
    const uint64_t lower = text::AsciiInRange(w, 'a', 'z');
    const uint64_t high = w & 0x8080808080808080ULL;
    const uint64_t low = w | upper >> 2;
    std::memcpy(lowered + 8 * half, &low, 8);
    c.lower |= ByteBits(lower) << (8 * half);
    c.upper |= ByteBits(upper) << (8 * half);
    c.word |= ByteBits(upper | lower | high | text::AsciiInRange(w, '0', '9')) << (8 * half);
    c.high |= ByteBits(high) << (8 * half);
  }
  return c;
}
#endif

// Lexes the word that starts the sixteen bytes at `p` when the byte masks settle it: shorter
// than sixteen bytes, of ASCII letters and digits and two- and three-byte characters of the
// table (all Vietnamese letters), no capital inside it but ASCII ones after an ASCII capital or
// digit (so neither a glued word nor a multi-byte character's case to weigh) and no
// apostrophe. Its lower-case bytes go to `lower`, its folded bytes to `folded` (both with the
// room for 32 bytes); sets t's flags (`flags` and those of the word), sizes and hashes.
// Returns its size in bytes, or 0 for a word the general step must lex (t not set then).
inline size_t ShortWord(const CharInfo* table, const char* p, char* lower, char* folded,
                        uint16_t flags, Token* t) {
  const ByteClasses m = Classify16(p, lower);
  size_t end = static_cast<size_t>(__builtin_ctz(~m.word));
  if (end == 16 || p[end] == '\'') return 0;
  const uint32_t in_word = (1u << end) - 1;
  const uint32_t lower_ascii = m.lower & in_word, upper_ascii = m.upper & in_word;
  // An ASCII capital after a lower-case letter cuts a glued word; after a multi-byte character
  // it may: both left to the general step.
  if (upper_ascii & ((lower_ascii | m.high) << 1)) return 0;
  uint8_t classes = 0;  // of the multi-byte characters
  // The first character's classes: of its byte here, of a multi-byte one in the loop.
  uint8_t first_lex = table[static_cast<unsigned char>(p[0])].lex;
  // The folded bytes are the lower-case ones with each multi-byte character replaced by its
  // one folded byte: the ASCII before each is copied sixteen bytes at a time.
  char* fold = folded;
  size_t from = 0;
  for (uint32_t rest = m.high & in_word; rest != 0;) {
    const size_t at = static_cast<size_t>(__builtin_ctz(rest));
    const auto* u = reinterpret_cast<const unsigned char*>(p) + at;
    // Decoded as Next does; a stray byte is left to the general step. A byte after the word
    // is no continuation byte, so u[2] is read only inside the sixteen.
    if ((u[1] & 0xC0) != 0x80) return 0;
    char32_t cp;
    size_t size;
    if (u[0] >= 0xC2 && u[0] < 0xE0) {
      cp = (static_cast<char32_t>(u[0] & 0x1F) << 6) | (u[1] & 0x3F);  // below kTableSize
      size = 2;
    } else if ((u[0] & 0xF0) == 0xE0 && (u[2] & 0xC0) == 0x80) {
      cp = (static_cast<char32_t>(u[0] & 0x0F) << 12) | (static_cast<char32_t>(u[1] & 0x3F) << 6) |
           (u[2] & 0x3F);
      if (cp >= kTableSize) return 0;
      size = 3;
    } else {
      return 0;
    }
    const CharInfo& ci = table[cp];
    const uint8_t lex = ci.lex;
    if ((lex & (kLexWord | kLexUpper | kLexChanges)) != kLexWord) {
      if (!(lex & kLexWord)) {
        // A character that is no letter ends the word (an apostrophe may not); the ASCII
        // classes above hold for the shorter word when no ASCII letter comes after it.
        if (at == 0 || cp == 0x2019 || ((lower_ascii | upper_ascii) >> at) != 0) return 0;
        end = at;
        break;
      }
      // A capital first (or a titlecase letter): its lower case in place of it.
      if (at != 0 || ci.lower_size != size) return 0;
      std::memcpy(lower, &ci.lower_bytes, 2);
      if (size == 3) lower[2] = static_cast<char>(ci.lower_bytes >> 16);
    }
    if (at == 0) first_lex = lex;
    classes |= lex;
    std::memcpy(fold, lower + from, 16);
    fold += at - from;
    *fold++ = ci.fold;
    from = at + size;
    rest &= ~0u << from;
  }
  static_assert(int{kCap} == int{kLexUpper} && int{kDigitStart} == int{kLexDigit});
  flags |= kWord | (first_lex & (kLexUpper | kLexDigit));
  // kAllCaps: letters, none lower case, and more than the first character.
  if (lower_ascii == 0 && !(classes & kLexLow) && (upper_ascii != 0 || (classes & kLexLetter))) {
    const unsigned char b = static_cast<unsigned char>(p[0]);
    if (end > (b < 0x80 ? 1u : b < 0xE0 ? 2u : 3u)) flags |= kAllCaps;
  }
  std::memset(lower + end, 0, 8);
  t->lower_size = static_cast<uint32_t>(end);
  t->hash = TokenHashBytes<true>(lower, end);
  if (!(classes & kLexNoFold)) {
    flags |= kFoldable;
    std::memcpy(fold, lower + from, 16);
    fold += end - from;
    std::memset(fold, 0, 8);
    t->fold_size = static_cast<uint16_t>(fold - folded);
    // An ASCII word folds to its lower case.
    t->fold_hash =
        (classes & kLexMulti) ? TokenHashBytes<true>(folded, t->fold_size) : t->hash;
  }
  t->flags = flags;
  return end;
}

// Lexes the token at `pos` (not a space, not ASCII punctuation) character by character: any
// word, and a punctuation character beyond ASCII. Writes its lower-case and folded bytes to
// `lower` and `folded` (with the room for three bytes a byte of the text, and eight more) and
// sets t's flags (`flags` and those of the token), sizes and hashes. Returns where it ends.
// Kept out of line: its registers would crowd the common step's.
[[gnu::noinline]] size_t LexToken(const CharInfo* table, std::string_view text, size_t pos,
                                  char* lower, char* folded, uint16_t flags, Token* t) {
  const char* const s = text.data();
  const size_t n = text.size();
  // The code point at `at`, its size in `*len` and its classes in `*lex`.
  auto next = [&](size_t at, size_t* len, uint8_t* lex) {
    size_t q = at;
    const char32_t cp = Next(text, &q);
    *len = q - at;
    *lex = cp < kTableSize ? table[cp].lex : LexFlags(SlowFlags(cp), cp) | kLexNoFold;
    return cp;
  };
  size_t len;
  uint8_t lex;
  char32_t cp = next(pos, &len, &lex);
  char* out = lower;  // where the next lower-case bytes go
  if (!(lex & kLexWord)) {
    out += text::EncodeUtf8(LowerCp(cp), out);
    std::memset(out, 0, 8);
    t->lower_size = static_cast<uint32_t>(out - lower);
    t->hash = TokenHashBytes<true>(lower, t->lower_size);
    t->flags = flags;
    return pos + len;
  }
  flags |= kWord;
  if (lex & kLexUpper) flags |= kCap;
  if (lex & kLexDigit) flags |= kDigitStart;
  const size_t first_end = pos + len;
  // The word's extent is found as its lower-case and folded bytes are written; both are
  // hashed whole at the end (eight bytes at a time, not byte by byte on the way).
  char* fold_out = folded;
  uint8_t classes = 0;  // of all the characters so far
  bool prev_lower = false;
  for (;;) {
    // The character cp (len bytes at pos, classes lex) belongs to the word.
    if (cp < kTableSize) {
      const CharInfo& ci = table[cp];
      std::memcpy(out, &ci.lower_bytes, 4);  // the room has the slack
      out += ci.lower_size;
      *fold_out++ = ci.fold;
    } else {
      out += text::EncodeUtf8(LowerCp(cp), out);
      ++fold_out;
    }
    classes |= lex;
    prev_lower = (lex & kLexLow) != 0;
    pos += len;
    // A run of ASCII lower-case letters (most of every word) goes on without decoding: each
    // is a lower-case letter of the word, as the step below would find. Eight bytes
    // at a time (the room for the lower case has the slack for a whole eight), when the
    // next byte starts one.
    while (pos + 8 <= n && s[pos] >= 'a' && s[pos] <= 'z') {
      uint64_t w;
      std::memcpy(&w, s + pos, 8);
      const uint64_t stop = ~text::AsciiInRange(w, 'a', 'z') & 0x8080808080808080ULL;
      const size_t k = stop == 0 ? 8 : static_cast<size_t>(__builtin_ctzll(stop)) / 8;
      std::memcpy(out, &w, 8);
      out += k;
      std::memcpy(fold_out, &w, 8);
      fold_out += k;
      classes |= kLexLow | kLexLetter;
      prev_lower = true;
      pos += k;
    }
    if (pos >= n) break;
    const unsigned char b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      cp = b;
      len = 1;
      lex = table[b].lex;
    } else {
      cp = next(pos, &len, &lex);
    }
    if (!(lex & kLexWord)) {
      if (IsApostrophe(cp) && pos + len < n && (classes & kLexLetter)) {
        // An apostrophe between two letters stays inside the word ("O'Brien"); the letter
        // after it is not taken for a glued word's capital.
        size_t after_len;
        uint8_t after_lex;
        const char32_t after = next(pos + len, &after_len, &after_lex);
        if ((after_lex & kLexWord) && !(after_lex & kLexDigit)) {
          *out++ = '\'';
          classes |= kLexNoFold;  // folding cuts the word at the apostrophe
          pos += len;
          cp = after;
          len = after_len;
          lex = after_lex;
          continue;
        }
      }
      break;
    }
    // A lower-case letter followed by a capital: two words glued together ("NộiThành").
    if (prev_lower && (lex & kLexUpper)) break;
  }
  if ((classes & (kLexLetter | kLexLow)) == kLexLetter && pos > first_end) flags |= kAllCaps;
  t->lower_size = static_cast<uint32_t>(out - lower);
  std::memset(out, 0, 8);
  t->hash = TokenHashBytes<true>(lower, t->lower_size);
  const size_t fold_size = static_cast<size_t>(fold_out - folded);
  if (!(classes & kLexNoFold) && fold_size <= UINT16_MAX) {
    flags |= kFoldable;
    t->fold_size = static_cast<uint16_t>(fold_size);
    std::memset(fold_out, 0, 8);  // for TokenHashBytes, and folded_head reads eight bytes
    // An ASCII word folds to its lower case.
    t->fold_hash = (classes & kLexMulti) ? TokenHashBytes<true>(folded, fold_size) : t->hash;
  }
  t->flags = flags;
  return pos;
}

// Lower-case name particles that may stand inside a foreign name ("Ursula von der Leyen").
bool IsParticle(std::string_view w) {
  static const auto* kParticles = new absl::flat_hash_set<absl::string_view>{
      "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la",
      "le", "bin", "binti", "ibn", "al", "el", "ben", "y", "zu", "ter", "te", "op"};
  return kParticles->contains(AV(w));
}

}  // namespace

bool IsVietnameseSyllable(std::string_view word) {
  // The word folded through the table (no allocation: asked for many words); a digit folds to
  // itself, which IsVietnameseFoldedSyllable then rejects.
  char buf[16];
  size_t len = 0;
  const CharInfo* table = CharTable();
  for (size_t pos = 0; pos < word.size();) {
    char32_t cp = Next(word, &pos);
    char b = cp < kTableSize ? table[cp].fold : 0;
    if (b == 0 || len == sizeof(buf)) return false;
    buf[len++] = b;
  }
  return IsVietnameseFoldedSyllable(std::string_view(buf, len));
}

// The letters of `s` (a..z) as bits.
static constexpr uint32_t LetterSet(const char* s) {
  uint32_t bits = 0;
  for (; *s != '\0'; ++s) bits |= uint32_t{1} << (*s - 'a');
  return bits;
}

bool IsVietnameseFoldedSyllable(std::string_view w) {
  static constexpr uint32_t kOnsets = LetterSet("bcdghklmnprstvx");  // of one letter
  static constexpr uint32_t kHOnsets = LetterSet("cgkpt");            // before 'h'
  static constexpr uint32_t kVowels = LetterSet("aeiouy");
  static constexpr uint32_t kCodas = LetterSet("cmnpt");              // of one letter
  // What IsVietnameseSyllable folds a word to: one to sixteen letters a..z.
  const size_t n = w.size();
  if (n == 0 || n > 16) return false;
  for (char c : w) {
    if (c < 'a' || c > 'z') return false;
  }
  // Onset, vowels, coda, read letter by letter (asked for many words). The onset is the
  // longest of ngh, the two-letter ones and the one-letter ones that leaves a letter after it.
  auto letter_in = [](char c, uint32_t set) { return ((set >> (c - 'a')) & 1) != 0; };
  const char a = w[0];
  const char b = n > 1 ? w[1] : '\0';
  size_t i = 0;
  if (n > 3 && a == 'n' && b == 'g' && w[2] == 'h') {
    i = 3;
  } else if (n > 2 && ((a == 'n' && (b == 'g' || b == 'h')) ||
                       (b == 'h' && letter_in(a, kHOnsets)) || (a == 'g' && b == 'i') ||
                       (a == 'q' && b == 'u') || (a == 't' && b == 'r'))) {
    i = 2;  // ng nh ch gh kh ph th gi qu tr
  } else if (n > 1 && letter_in(a, kOnsets)) {
    i = 1;
  }
  size_t vowels = 0;
  while (i + vowels < n && letter_in(w[i + vowels], kVowels)) ++vowels;
  if (vowels == 0 || vowels > 3) return false;
  i += vowels;
  switch (n - i) {
    case 0:
      return true;
    case 1:
      return letter_in(w[i], kCodas);
    case 2:
      return (w[i] == 'n' && (w[i + 1] == 'g' || w[i + 1] == 'h')) ||
             (w[i] == 'c' && w[i + 1] == 'h');
    default:
      return false;
  }
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t b = 0;
  for (;;) {
    size_t e = s.find(sep, b);
    std::string_view part = Trim(s.substr(b, e == std::string_view::npos ? s.npos : e - b));
    if (!part.empty()) out.push_back(part);
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

void LowerCaseTo(std::string_view s, std::string* out) {
  out->clear();
  text::BufferedAppender b(out);  // the segmenter lowers the start of every line
  size_t pos = 0;
  while (pos < s.size()) {
    char* p = b.Room();
    // ASCII eight bytes at a time (LowerCp of ASCII is ASCII tolower): capitals get the
    // lower-case bit.
    if (pos + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + pos, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        w |= text::AsciiInRange(w, 'A', 'Z') >> 2;
        std::memcpy(p, &w, 8);
        b.Advance(8);
        pos += 8;
        continue;
      }
    }
    const char c = s[pos];
    if (static_cast<unsigned char>(c) < 0x80) {
      *p = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
      b.Advance(1);
      ++pos;
      continue;
    }
    b.Advance(text::EncodeUtf8(LowerCp(Next(s, &pos)), p));
  }
}

std::string LowerCase(std::string_view s) {
  std::string out;
  LowerCaseTo(s, &out);
  return out;
}

std::string ProperCase(std::string_view name) {
  bool has_lower = false;
  size_t pos = 0;
  while (pos < name.size()) {
    if (IsLowerCp(Next(name, &pos))) {
      has_lower = true;
      break;
    }
  }
  if (has_lower) return std::string(name);
  return text::ToTitleCase(name);
}

Tokens::Tokens(std::string_view text) : text_(text) {
  toks_.reserve(text.size() / 3 + 16);
  // The lower case is written through a pointer into room made up front (no call per byte):
  // no byte of the text gives more than three (U+023A, two bytes, lowers to U+2C65, three; a
  // stray byte would decode to U+FFFD).
  const CharInfo* const table = CharTable();
  const uint64_t* const ascii_hashes = AsciiTokenHashes();
  const char* const s = text.data();
  const size_t n = text.size();
  lower_.reset(new char[3 * n + 16]);
  char* const lower = lower_.get();
  size_t lower_size = 0;
  // The folded form of a word, one byte per character, at the word's offset in `lower`.
  folded_.reset(new char[3 * n + 16]);
  char* const folded = folded_.get();
  size_t pos = 0;
  uint16_t before = kSpaceBefore | kLineStart;  // the flags the space before the next token gives
  while (pos < n) {
    unsigned char c = static_cast<unsigned char>(s[pos]);
    if (c == ' ') {
      before |= kSpaceBefore;
      ++pos;
      continue;
    }
    if (c == '\n') {
      before |= kSpaceBefore | kLineStart;
      ++pos;
      continue;
    }
    // Built in place: a token assembled on the stack and copied in is read back (as two
    // 16-byte loads) right after its fields were stored, which stalls on every token.
    Token& t = toks_.emplace_back();
    t.begin = static_cast<uint32_t>(pos);
    t.lower_begin = static_cast<uint32_t>(lower_size);
    if (c < 0x80 && !(table[c].lex & kLexWord)) {
      // One ASCII punctuation character (a token in four or five): it is its own lower case,
      // and its hash is read from a table.
      t.end = static_cast<uint32_t>(++pos);
      lower[lower_size++] = static_cast<char>(c);
      t.lower_size = 1;
      t.hash = ascii_hashes[c];
      t.flags = before;
      before = 0;
      continue;
    }
    // Most words are lexed from the masks of the sixteen bytes they start.
    if (pos + 16 <= n) {
      if (const size_t size =
              ShortWord(table, s + pos, lower + lower_size, folded + lower_size, before, &t)) {
        pos += size;
        t.end = static_cast<uint32_t>(pos);
        lower_size += size;
        // The one space after most words, taken here (the byte is inside the sixteen).
        before = 0;
        if (s[pos] == ' ') {
          before = kSpaceBefore;
          ++pos;
        }
        continue;
      }
    }
    pos = LexToken(table, text, pos, lower + lower_size, folded + lower_size, before, &t);
    t.end = static_cast<uint32_t>(pos);
    lower_size += t.lower_size;
    before = 0;
  }
}

void PhraseMap::Add(std::string_view phrase, Value value, bool any_case) {
  Tokens t(phrase);
  if (t.size() == 0) return;
  first_tokens_.insert(t[0].hash);
  uint64_t key = kPhraseSeed;
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    key = ExtendHash(key, t[i].hash);
    Value& v = map_[key];
    v.prefix = true;
  }
  key = ExtendHash(key, t[t.size() - 1].hash);
  value.needs_cap = t[0].Is(kCap) && !any_case;
  value.needs_allcaps = t[0].Is(kAllCaps) && t.size() == 1;
  value.entry = true;
  Value& slot = map_[key];
  if (!slot.entry) {
    value.prefix = slot.prefix;
    slot = value;
  } else {
    // Aliases differing only in case: the most lenient requirement wins.
    slot.needs_cap = slot.needs_cap && value.needs_cap;
    slot.needs_allcaps = slot.needs_allcaps && value.needs_allcaps;
  }
  max_tokens_ = std::max(max_tokens_, t.size());
}

absl::Status ReadDictionary(
    const std::string& path, bool with_kind,
    const std::function<absl::Status(std::string_view, std::string_view, int)>& f) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the dictionary"));
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string content = buf.str();
  int line_no = 0;
  std::string_view all = content;
  for (size_t b = 0; b <= all.size();) {
    size_t e = all.find('\n', b);
    if (e == std::string_view::npos) e = all.size();
    std::string_view raw = all.substr(b, e - b);
    b = e + 1;
    ++line_no;
    std::string_view kind;
    std::string_view rest = raw;
    if (with_kind) {
      std::string_view trimmed = Trim(raw);
      if (trimmed.empty() || trimmed[0] == '#') continue;
      size_t tab = raw.find('\t');
      if (tab == std::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat(
            path, ":", line_no, ": expected KIND<TAB>TEXT, got \"", AV(trimmed), "\""));
      }
      kind = Trim(raw.substr(0, tab));
      rest = raw.substr(tab + 1);
    }
    auto normalized = text::Normalize(rest);
    if (!normalized.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": ", normalized.status().message()));
    }
    std::string_view line = *normalized;
    if (line.empty()) {
      if (with_kind) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ":", line_no, ": no text after the kind \"", AV(kind), "\""));
      }
      continue;
    }
    if (!with_kind && line[0] == '#') continue;
    VNNEWS_RETURN_IF_ERROR(f(kind, line, line_no));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Lexicon>> Lexicon::Load(const std::string& dir) {
  // One copy per directory, shared by the extractors (and their per-thread analysis cache).
  static std::mutex mu;
  static auto* cache = new absl::flat_hash_map<std::string, std::weak_ptr<const Lexicon>>();
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache->find(dir); it != cache->end()) {
    if (auto shared = it->second.lock()) return shared;
  }
  auto loaded = LoadUncached(dir);
  if (loaded.ok()) (*cache)[dir] = *loaded;
  return loaded;
}

absl::StatusOr<std::shared_ptr<const Lexicon>> Lexicon::LoadUncached(const std::string& dir) {
  auto lex = std::make_shared<Lexicon>();
  auto bad_kind = [](const std::string& path, int line, std::string_view kind) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", line, ": unknown kind \"", AV(kind), "\""));
  };

  std::string path = dir + "/titles.txt";
  VNNEWS_RETURN_IF_ERROR(ReadDictionary(
      path, true, [&](std::string_view kind, std::string_view phrase, int line) {
        static const auto* kKinds = new absl::flat_hash_map<absl::string_view, TitleKind>{
            {"title", kTitle},         {"descriptive", kDescriptive}, {"honorific", kHonorific},
            {"complement", kComplement}, {"blocker", kBlocker},
            {"modifier", kModifier}};
        auto it = kKinds->find(AV(kind));
        if (it == kKinds->end()) return bad_kind(path, line, kind);
        PhraseMap::Value v;
        v.kind = it->second;
        // "Thuyền trưởng" is a title in lower case too; a one-word title written with a capital
        // ("Tướng", "Vua") is one only with it.
        bool multi_word = phrase.find(' ') != std::string_view::npos;
        lex->titles.Add(phrase, v, multi_word);
        return absl::OkStatus();
      }));

  path = dir + "/surnames.txt";
  VNNEWS_RETURN_IF_ERROR(
      ReadDictionary(path, false, [&](std::string_view, std::string_view name, int line) {
        if (name.find(' ') != std::string_view::npos) {
          return absl::InvalidArgumentError(
              absl::StrCat(path, ":", line, ": a surname is one word, got \"", AV(name), "\""));
        }
        lex->surnames.insert(TokenHash(LowerCase(name)));
        return absl::OkStatus();
      }));

  path = dir + "/locations.txt";
  VNNEWS_RETURN_IF_ERROR(ReadDictionary(
      path, true, [&](std::string_view kind, std::string_view names, int line) {
        PhraseMap::Value v;
        if (kind == "province") lex->provinces.insert(static_cast<int32_t>(lex->place_names.size()));
        if (kind == "prefix") {
          v.kind = kPlacePrefix;
        } else if (kind == "country" || kind == "province" || kind == "city" ||
                   kind == "region" || kind == "place") {
          v.kind = kPlace;
        } else {
          return bad_kind(path, line, kind);
        }
        std::vector<std::string_view> alias = Split(names, '|');
        v.id = static_cast<int32_t>(lex->place_names.size());
        lex->place_names.emplace_back(Trim(alias.front()));
        for (std::string_view a : alias) {
          PhraseMap::Value av = v;
          if (v.kind == kPlacePrefix) {
            // Prefixes match in any case ("tỉnh", "Tỉnh").
            lex->places.Add(LowerCase(Trim(a)), av);
          } else {
            lex->places.Add(Trim(a), av);
          }
        }
        return absl::OkStatus();
      }));

  path = dir + "/organizations.txt";
  VNNEWS_RETURN_IF_ERROR(ReadDictionary(
      path, true, [&](std::string_view kind, std::string_view names, int line) {
        std::vector<std::string_view> alias = Split(names, '|');
        if (kind == "stop") {
          for (std::string_view a : alias) lex->stops.insert(TokenHash(LowerCase(Trim(a))));
          return absl::OkStatus();
        }
        static const auto* kKinds = new absl::flat_hash_map<absl::string_view, EntityKind>{
            {"org", kOrg},           {"prefix", kOrgPrefix},  {"admin", kOrgAdmin},
            {"mission", kOrgMission}, {"notorg", kNotOrg}};
        auto it = kKinds->find(AV(kind));
        if (it == kKinds->end()) return bad_kind(path, line, kind);
        PhraseMap::Value v;
        v.kind = it->second;
        v.id = static_cast<int32_t>(lex->org_names.size());
        lex->org_names.emplace_back(Trim(alias.front()));
        for (std::string_view a : alias) {
          a = Trim(a);
          lex->orgs.Add(a, v);
          if (v.kind == kOrg && StartsWith(a, "Bộ ")) {
            PhraseMap::Value mv;
            mv.kind = kComplement;
            lex->ministry.Add(a.substr(std::string_view("Bộ ").size()), mv);
          }
        }
        return absl::OkStatus();
      }));
  for (auto [map, bit] : {std::pair<const PhraseMap*, uint8_t>{&lex->orgs, kStartsOrg},
                          {&lex->places, kStartsPlace},
                          {&lex->titles, kStartsTitle},
                          {&lex->ministry, kStartsMinistry}}) {
    for (uint64_t h : map->first_tokens()) lex->starts[Lexicon::StartsSlot(h)] |= bit;
  }
  return std::shared_ptr<const Lexicon>(std::move(lex));
}

namespace {

// The pass over one body.
class Pass {
 public:
  Pass(const Lexicon& lex, const Segmented& seg, Analysis* a)
      : lex_(lex), t_(a->toks), a_(a), owner_(a->toks.size(), -1),
        excluded_(a->toks.size(), 0), viet_(a->toks.size(), -1),
        starts_(a->toks.size(), 0) {
    for (const Credit& c : seg.credits) {
      auto first = std::lower_bound(a->toks.begin(), a->toks.end(), c.begin,
                                    [](const Token& t, size_t b) { return t.begin < b; });
      for (auto it = first; it != a->toks.end() && it->end <= c.end; ++it) {
        excluded_[it - a->toks.begin()] = 1;
      }
    }
    for (size_t i = 0; i < t_.size(); ++i) {
      const Token& t = t_[i];
      uint8_t starts = lex_.starts[Lexicon::StartsSlot(t.hash)];
      if ((t.flags & kWord) && !excluded_[i] && (starts != 0 || (t.flags & (kCap | kAllCaps)))) {
        starts |= kCandidate;
      }
      starts_[i] = starts;
    }
    // From each token, the next candidate (read by Candidate, once per step of each pass).
    next_candidate_.resize(t_.size() + 1);
    next_candidate_[t_.size()] = static_cast<uint32_t>(t_.size());
    for (size_t i = t_.size(); i-- > 0;) {
      next_candidate_[i] =
          (starts_[i] & kCandidate) ? static_cast<uint32_t>(i) : next_candidate_[i + 1];
    }
  }

  void Run() {
    FindEntities();
    FindPersons();
  }

 private:
  size_t n() const { return t_.size(); }
  // The first token at or after i that is a word outside a credit and is capitalized, in
  // capitals or opens a dictionary phrase: the only tokens the passes below start anything at
  // (most tokens are none of these, and each pass would test every one).
  static constexpr uint8_t kCandidate = 0x80;  // in starts_, beside the Lexicon::kStarts* bits
  size_t Candidate(size_t i) const { return i < n() ? next_candidate_[i] : n(); }

  // Dictionary look-ups, after a per-token check that some phrase starts there (most words
  // start none, and each is asked many times).
  static constexpr uint8_t kStartsOrg = Lexicon::kStartsOrg;
  static constexpr uint8_t kStartsPlace = Lexicon::kStartsPlace;
  static constexpr uint8_t kStartsTitle = Lexicon::kStartsTitle;
  static constexpr uint8_t kStartsMinistry = Lexicon::kStartsMinistry;
  template <typename Accept>
  size_t OrgsMatch(size_t i, PhraseMap::Value* v, Accept accept) const {
    return i < n() && (starts_[i] & kStartsOrg) ? lex_.orgs.Match(t_, i, v, accept) : 0;
  }
  size_t OrgsMatch(size_t i, PhraseMap::Value* v) const {
    return OrgsMatch(i, v, [](const PhraseMap::Value&) { return true; });
  }
  template <typename Accept>
  size_t PlacesMatch(size_t i, PhraseMap::Value* v, Accept accept) const {
    return i < n() && (starts_[i] & kStartsPlace) ? lex_.places.Match(t_, i, v, accept) : 0;
  }
  template <typename Accept>
  size_t TitlesMatch(size_t i, PhraseMap::Value* v, Accept accept) const {
    return i < n() && (starts_[i] & kStartsTitle) ? lex_.titles.Match(t_, i, v, accept) : 0;
  }
  size_t MinistryMatch(size_t i, PhraseMap::Value* v) const {
    return i < n() && (starts_[i] & kStartsMinistry) ? lex_.ministry.Match(t_, i, v) : 0;
  }
  bool Word(size_t i) const { return i < n() && t_[i].Is(kWord); }
  bool Cap(size_t i) const { return Word(i) && t_[i].Is(kCap); }
  bool AllCaps(size_t i) const { return Word(i) && t_[i].Is(kAllCaps); }
  // A word starting with a capital that is not an acronym.
  bool NameWord(size_t i) const {
    return Cap(i) && !t_[i].Is(kAllCaps) && !t_[i].Is(kDigitStart) && !excluded_[i];
  }
  // Token i continues the line and the phrase of token i-1, separated by a space.
  bool Spaced(size_t i) const {
    return i < n() && t_[i].Is(kSpaceBefore) && !t_[i].Is(kLineStart);
  }
  bool SameLine(size_t i) const { return i < n() && !t_[i].Is(kLineStart); }
  bool IsSurname(size_t i) const { return NameWord(i) && lex_.surnames.contains(t_[i].hash); }
  // IsVietnameseSyllable of token i, computed once.
  bool Viet(size_t i) const {
    if (viet_[i] < 0) {
      // A kFoldable word is folded already, as IsVietnameseSyllable would fold it.
      const bool viet = t_[i].Is(kFoldable) ? IsVietnameseFoldedSyllable(t_.folded(i))
                                            : IsVietnameseSyllable(t_.text(i));
      viet_[i] = viet ? 1 : 0;
    }
    return viet_[i] == 1;
  }
  bool IsStop(size_t i) const { return Word(i) && lex_.stops.contains(t_[i].hash); }
  bool LowerWord(size_t i) const {
    return Word(i) && !t_[i].Is(kCap) && !t_[i].Is(kDigitStart);
  }

  size_t MatchPlace(size_t i, PhraseMap::Value* v) const {
    if (!Word(i) || excluded_[i]) return 0;
    return PlacesMatch(i, v, [](const PhraseMap::Value& x) { return x.kind == kPlace; });
  }
  size_t MatchPlacePrefix(size_t i) const {
    if (!Word(i)) return 0;
    PhraseMap::Value v;
    return PlacesMatch(i, &v,
                             [](const PhraseMap::Value& x) { return x.kind == kPlacePrefix; });
  }
  // A title, descriptive noun or honorific at i, with a modifier before a title
  // ("nguyên Giám đốc"): its length in tokens.
  size_t MatchTitle(size_t i, PhraseMap::Value* v) const {
    if (!Word(i)) return 0;
    auto opener = [](const PhraseMap::Value& x) {
      return x.kind == kTitle || x.kind == kDescriptive || x.kind == kHonorific;
    };
    // The opener and a modifier at i from one walk of the titles.
    size_t len = 0, mod = 0;
    if (starts_[i] & kStartsTitle) {
      lex_.titles.ForEachMatch(t_, i, [&](size_t l, const PhraseMap::Value& x) {
        if (opener(x)) {
          len = l;
          *v = x;
        }
        if (x.kind == kModifier) mod = l;
      });
    }
    if (mod > 0 && Spaced(i + mod)) {
      PhraseMap::Value after;
      size_t tl = TitlesMatch(i + mod, &after, opener);
      if (tl > 0 && after.kind == kTitle && mod + tl > len) {
        *v = after;
        len = mod + tl;
      }
    }
    return len;
  }
  bool TitleKindAt(size_t i, uint8_t kind, size_t* len) const {
    if (!Word(i)) return false;
    PhraseMap::Value v;
    *len = TitlesMatch(i, &v, [kind](const PhraseMap::Value& x) { return x.kind == kind; });
    return *len > 0;
  }

  // --- Places and organizations -------------------------------------------------------

  // A place after an administrative word at i ("tỉnh Nghệ An", "huyện Mường Nhé"): the name's
  // token range in [*b, *e); false when none.
  bool PrefixedPlace(size_t i, size_t* b, size_t* e, int32_t* group) const {
    return PrefixedPlaceAfter(i, MatchPlacePrefix(i), b, e, group);
  }
  // The same, with the length of the administrative word at i found already (0: none).
  bool PrefixedPlaceAfter(size_t i, size_t lp, size_t* b, size_t* e, int32_t* group) const {
    if (lp == 0) return false;
    size_t j = i + lp;
    if (!SameLine(j) || !NameWord(j) || owner_[j] >= 0) return false;
    PhraseMap::Value v;
    size_t ll = MatchPlace(j, &v);
    if (ll > 0) {
      *b = j;
      *e = j + ll;
      *group = v.id;
      return true;
    }
    // A name not in the dictionary: one foreign word ("thành phố Wajima", "tỉnh Ishikawa"),
    // or two or three Vietnamese syllables ("huyện Mường Nhé"), not a person's name after it.
    size_t k = j;
    if (!Viet(j)) {
      k = j + 1;
    } else {
      while (k < n() && k - j < 3 && NameWord(k) && (k == j || Spaced(k)) && owner_[k] < 0 &&
             Viet(k)) {
        ++k;
      }
      if (k - j < 2) return false;
      if (k - j >= 3 && IsSurname(j)) return false;
    }
    *b = j;
    *e = k;
    *group = -1;
    return true;
  }

  // A place at i, named (dictionary) or after an administrative word; returns its end.
  size_t PlaceAt(size_t i) const {
    PhraseMap::Value v;
    size_t ll = MatchPlace(i, &v);
    size_t b, e;
    int32_t g;
    size_t end = ll > 0 ? i + ll : 0;
    if (PrefixedPlace(i, &b, &e, &g) && e > end) end = e;
    return end;
  }

  // A Vietnamese name opening at i: a surname and one to three more capitalized words.
  bool NameStartsAt(size_t i) const {
    if (!NameWord(i) || !IsSurname(i)) return false;
    PhraseMap::Value v;
    if (MatchPlace(i, &v) > 0) return false;  // "Hà Nội", "Cao Bằng"
    return NameWord(i + 1) && Spaced(i + 1);
  }

  // True when an organization's name (or its prefix) starts at i.
  bool OpensOrg(size_t i) const {
    PhraseMap::Value v;
    return OrgsMatch(i, &v) > 0;
  }

  // The opening phrases of an organization by pattern (organizations.txt's prefix, admin and
  // mission kinds).
  static bool IsOrgPattern(const PhraseMap::Value& x) {
    return x.kind == kOrgPrefix || x.kind == kOrgAdmin || x.kind == kOrgMission;
  }
  // An organization by pattern at i, whose opening phrase there was found already: `lp` tokens
  // (0: none) of kind `v`. Returns its end (0 when none).
  size_t PatternOrg(size_t i, size_t lp, const PhraseMap::Value& v) const {
    if (lp == 0) return 0;
    size_t j = i + lp;
    if (!SameLine(j)) return 0;
    if (v.kind == kOrgAdmin) {
      // "Ủy ban nhân dân tỉnh Nghệ An"; else the name goes on like any other
      // ("Bệnh viện Đa khoa Trung tâm Tiền Giang").
      size_t e = PlaceAt(j);
      if (e > 0 || !Cap(j)) return e;
    }
    if (v.kind == kOrgMission) {
      size_t e = PlaceAt(j);
      if (e == 0) return 0;
      e = std::max(e, j);
      if (SameLine(e) && t_.lower(e) == "tại") {
        size_t e2 = PlaceAt(e + 1);
        if (e2 > 0) e = e2;
      }
      return e;
    }
    // kOrgPrefix: capitalized words, each with the lower-case rest of its compound. An
    // administrative name with no unit after it is already whole ("Sở Giáo dục và Đào tạo"):
    // a person's name after it is not part of it.
    size_t k = j;
    int segs = v.kind == kOrgAdmin ? 1 : 0;
    while (k < n() && SameLine(k) && k - j < 12) {
      if (Cap(k) && !excluded_[k]) {
        if (segs > 0 && NameStartsAt(k)) break;
        size_t title_len;
        if (segs > 0 && TitleKindAt(k, kTitle, &title_len)) break;
        PhraseMap::Value pv;
        size_t ll = MatchPlace(k, &pv);
        if (ll > 0) {
          k += ll;
          ++segs;
          continue;
        }
        bool acronym = AllCaps(k);
        ++k;
        ++segs;
        if (acronym) continue;  // "Tập đoàn FPT tổ chức…": no compound after an acronym
        // The lower-case rest of the compound ("Ngoại giao"); a longer tail only when the
        // name goes on with a capital after it ("Bệnh nhiệt đới Trung ương").
        if (LowerWord(k) && Spaced(k) && !IsStop(k)) {
          ++k;
          size_t m = k;
          while (m < k + 4 && LowerWord(m) && Spaced(m) && !IsStop(m)) ++m;
          // "Cục Đầu tư nước ngoài (FIA)": a parenthesis closes the name.
          if (m > k && ((Cap(m) && Spaced(m)) || (t_.punct(m, '(') && Cap(m + 1)))) k = m;
        }
        continue;
      }
      if (segs > 0 && Word(k) && t_[k].Is(kDigitStart)) {
        ++k;
        continue;
      }
      size_t title_len;
      if (segs > 0 && t_.lower(k) == "và" && Cap(k + 1) && !OpensOrg(k + 1) &&
          !TitleKindAt(k + 1, kTitle, &title_len)) {
        ++k;
        continue;
      }
      if (segs > 0 && (t_.punct(k, '-') || t_.punct(k, '&')) && Cap(k + 1)) {
        ++k;
        continue;
      }
      break;
    }
    if (segs == 0) return 0;
    // A connector the name did not go on after.
    while (k > j && !Cap(k - 1) && (t_.lower(k - 1) == "và" || t_.punct(k - 1, '-') ||
                                    t_.punct(k - 1, '&'))) {
      --k;
    }
    // "Trung tâm ASEAN về dịch bệnh mới nổi…": a name going on in words we cannot bound.
    if (SameLine(k) && t_.lower(k) == "về") return 0;
    return k;
  }

  // True for token i, a one-word place, when it is one word of a longer Vietnamese proper name
  // ("sân Mỹ Đình", "ca sĩ Mỹ Tâm", "Minh Đức") rather than the place itself ("Tổng thống Nga
  // Vladimir Putin", "tại Đức").
  bool InsideLongerName(size_t i) const {
    if (!Viet(i)) return false;
    size_t nx = i + 1;
    if (NameWord(nx) && Spaced(nx) && Viet(nx)) {
      PhraseMap::Value v;
      if (MatchPlace(nx, &v) == 0 && !OpensOrg(nx)) return true;
    }
    if (i == 0 || t_[i].Is(kLineStart) || !t_[i].Is(kSpaceBefore)) return false;
    size_t pv = i - 1;
    if (!NameWord(pv) || owner_[pv] >= 0 || t_[pv].Is(kLineStart)) return false;
    if (pv > 0 && !t_[pv - 1].Is(kWord)) return false;  // after ". ", "(", quotes: a sentence start
    size_t len;
    if (TitleKindAt(pv, kTitle, &len) || TitleKindAt(pv, kHonorific, &len)) return false;
    return Viet(pv);
  }

  void AddEntity(size_t b, size_t e, bool org, int32_t group, bool nested, bool own) {
    EntityHit h;
    h.tb = static_cast<uint32_t>(b);
    h.te = static_cast<uint32_t>(e);
    h.org = org;
    h.group = group;
    h.nested = nested;
    int32_t idx = static_cast<int32_t>(a_->entities.size());
    a_->entities.push_back(h);
    if (own) {
      for (size_t k = b; k < e; ++k) owner_[k] = idx;
    }
  }

  void FindEntities() {
    // Acronyms the article defines: "Văn phòng Chính phủ (VPCP)".
    absl::flat_hash_map<std::string, std::pair<int32_t, std::string>> acronyms;
    for (size_t i = Candidate(0); i < n(); i = Candidate(i + 1)) {
      if (!Word(i) || excluded_[i]) continue;
      if (AllCaps(i)) {
        auto it = acronyms.find(AV(t_.text(i)));
        if (it != acronyms.end()) {
          AddEntity(i, i + 1, true, it->second.first, false, true);
          a_->entities.back().alias_name = it->second.second;
          continue;
        }
      }
      // Every reading below opens with an organization or place phrase: most words open none.
      if ((starts_[i] & (kStartsOrg | kStartsPlace)) == 0) continue;
      // One walk of each dictionary at i gives both of its readings (the token is a word
      // outside a credit here, as MatchPlace and MatchPlacePrefix require).
      PhraseMap::Value ov, opv, pv;
      size_t lo = 0, lop = 0, lpl = 0, lpp = 0;
      if (starts_[i] & kStartsOrg) {
        lex_.orgs.ForEachMatch(t_, i, [&](size_t len, const PhraseMap::Value& x) {
          if (x.kind == kOrg || x.kind == kNotOrg) {
            lo = len;
            ov = x;
          }
          if (IsOrgPattern(x)) {
            lop = len;
            opv = x;
          }
        });
      }
      if (starts_[i] & kStartsPlace) {
        lex_.places.ForEachMatch(t_, i, [&](size_t len, const PhraseMap::Value& x) {
          if (x.kind == kPlace) {
            lpl = len;
            pv = x;
          }
          if (x.kind == kPlacePrefix) lpp = len;
        });
      }
      size_t pat = PatternOrg(i, lop, opv);
      size_t pb = 0, pe = 0;
      int32_t pg = -1;
      bool prefixed = PrefixedPlaceAfter(i, lpp, &pb, &pe, &pg);
      // The furthest-reaching reading wins; on a tie the dictionary does.
      size_t org_end = lo ? i + lo : 0, place_end = lpl ? i + lpl : 0;
      size_t best = std::max({org_end, place_end, pat, prefixed ? pe : size_t{0}});
      if (best == 0) continue;
      size_t end;
      if (org_end == best) {
        if (ov.kind == kNotOrg) {
          i = org_end - 1;
          continue;
        }
        AddEntity(i, org_end, true, ov.id, false, true);
        end = org_end;
      } else if (place_end == best) {
        if (lpl == 1 && InsideLongerName(i)) continue;
        AddEntity(i, place_end, false, pv.id, false, true);
        i = place_end - 1;
        continue;
      } else if (pat == best) {
        AddEntity(i, pat, true, -1, false, true);
        end = pat;
      } else {
        AddEntity(pb, pe, false, pg, false, true);
        i = pe - 1;
        continue;
      }
      size_t org_idx = a_->entities.size() - 1;
      // Places inside an organization's name built by a pattern ("Sở Y tế tỉnh Nghệ An") are
      // places of the article too; a dictionary name ("Inter Miami") is one name.
      for (size_t k = i; k < end && pat == best && org_end != best;) {
        PhraseMap::Value nv;
        size_t l = MatchPlace(k, &nv);
        if (l == 1 && InsideLongerName(k)) l = 0;
        if (l > 0 && !(k == i && k + l == end)) {
          AddEntity(k, k + l, false, nv.id, true, false);
          k += l;
        } else {
          ++k;
        }
      }
      // "(VPCP)" after the name: an alias for the rest of the article.
      size_t close = end + 2;
      while (close < n() && close < end + 6 && SameLine(close) && !t_.punct(close, ')') &&
             !t_.punct(close, '(')) {
        ++close;
      }
      if (t_.punct(end, '(') && AllCaps(end + 1) && t_.punct(close, ')')) {
        const EntityHit& org = a_->entities[org_idx];
        std::string name(t_.span(org.tb, org.te));
        acronyms[std::string(t_.text(end + 1))] = {org.group, name};
        AddEntity(end + 1, close, true, org.group, false, true);
        a_->entities.back().alias_name = name;
        end = close + 1;
      }
      i = end - 1;
    }
  }

  // --- Persons ------------------------------------------------------------------------

  // True when the words just before token i make what follows a place or a thing
  // ("đường Nguyễn Huệ", "tàu Đinh Tiên Hoàng", "trường THPT Lê Quý Đôn").
  bool AfterBlocker(size_t i) const {
    for (size_t back = 1; back <= 3 && back <= i; ++back) {
      size_t b = i - back;
      if (!Word(b)) return false;
      size_t len;
      if (TitleKindAt(b, kBlocker, &len) && b + len == i) return true;
      // An acronym between the blocker and the name: "trường THPT Lê Quý Đôn".
      if (back == 1 && AllCaps(b)) continue;
      if (back >= 2) break;
    }
    return false;
  }

  // Past the run of capitalized words starting at i.
  size_t SkipCapitalized(size_t i) const {
    size_t k = i;
    while (k < n() && NameWord(k) && (k == i || Spaced(k))) ++k;
    return std::max(k, i + 1);
  }


  // Consumes what extends a title at k: complements, ministries, organizations, places,
  // acronyms, a parenthesis. Sets *next past them; returns the end of the role's text
  // (places and parentheses at the end are not part of the role).
  size_t Walk(size_t k, size_t* next) const {
    size_t role_end = k;
    for (int steps = 0; k < n() && SameLine(k) && steps < 16; ++steps) {
      if (t_.punct(k, '(')) {
        size_t c = k + 1;
        while (c < n() && c < k + 8 && SameLine(c) && !t_.punct(c, ')')) ++c;
        if (!t_.punct(c, ')')) break;
        k = c + 1;
        continue;
      }
      if (!Word(k)) break;
      if (owner_[k] >= 0) {
        const EntityHit& h = a_->entities[owner_[k]];
        k = h.te;
        if (h.org) role_end = k;
        continue;
      }
      size_t len;
      PhraseMap::Value mv;
      if (TitleKindAt(k, kComplement, &len) ||
          (len = MinistryMatch(k, &mv)) > 0) {
        k += len;
        role_end = k;
        continue;
      }
      if (t_.lower(k) == "tại" && k + 1 < n() && owner_[k + 1] >= 0) {
        k = a_->entities[owner_[k + 1]].te;
        continue;
      }
      size_t lp = MatchPlacePrefix(k);
      if (lp > 0 && k + lp < n() && owner_[k + lp] >= 0 && !a_->entities[owner_[k + lp]].org) {
        k = a_->entities[owner_[k + lp]].te;
        role_end = k;
        continue;
      }
      if (lp > 0 && !t_[k].Is(kCap) && NameWord(k + lp) && Spaced(k + lp)) {
        k += lp;
        role_end = k;
        break;
      }
      if (AllCaps(k) && !excluded_[k]) {
        ++k;
        role_end = k;
        continue;
      }
      break;
    }
    *next = k;
    return role_end;
  }

  // Past lower-case name particles at k that a capitalized word follows ("von der Leyen").
  size_t SkipParticles(size_t k) const {
    size_t m = k;
    while (m < n() && Word(m) && !t_[m].Is(kCap) && IsParticle(t_.lower(m)) && Spaced(m + 1) &&
           m - k < 3) {
      ++m;
    }
    return NameWord(m) && m > k ? m : k;
  }

  // A capitalized name starting at k; [k, *end). `min_words`/`max_words` bound its length.
  // After a title, the name may open with particles ("bà von der Leyen").
  bool NameRun(size_t k, int min_words, int max_words, size_t* end) const {
    size_t start = k;
    if (min_words == 1) k = SkipParticles(k);
    if (!NameWord(k)) return false;
    if (owner_[k] >= 0 && a_->entities[owner_[k]].te - a_->entities[owner_[k]].tb > 1) return false;
    if (owner_[k] >= 0 && a_->entities[owner_[k]].org) return false;
    // A word opening an organization or a place is not a one-word name ("Giám đốc Sở").
    PhraseMap::Value v;
    if (OrgsMatch(k, &v, [](const PhraseMap::Value& x) {
          return x.kind == kOrgPrefix || x.kind == kOrgAdmin || x.kind == kOrgMission;
        }) > 0 ||
        MatchPlacePrefix(k) > 0) {
      return false;
    }
    size_t len;
    if (TitleKindAt(k, kTitle, &len) || TitleKindAt(k, kHonorific, &len)) return false;
    // A Vietnamese name (surname first) may contain words that also name places
    // ("Nguyễn Tân Cương", "Phạm Minh Đức").
    const bool vietnamese = IsSurname(k);
    size_t e = k;
    int words = 0;
    while (words < max_words) {
      // One word, with its hyphenated parts ("Jae-in", "Jean-Pierre", "Chan-o-cha").
      ++e;
      ++words;
      while (t_.punct(e, '-') && !t_[e].Is(kSpaceBefore) && Word(e + 1) &&
             !t_[e + 1].Is(kSpaceBefore)) {
        e += 2;
      }
      // A capital inside the word ("LeCun", "McDonald"), cut by the tokenizer.
      while (e < n() && NameWord(e) && !t_[e].Is(kSpaceBefore) && owner_[e] < 0) ++e;
      // An initial: "J. Trump".
      if (t_.punct(e, '.') && t_[e - 1].end - t_[e - 1].begin == 1 && NameWord(e + 1)) ++e;
      if (!Spaced(e) || !Word(e)) break;
      size_t nxt = SkipParticles(e);
      if (!NameWord(nxt)) break;
      if (owner_[nxt] >= 0) {
        const EntityHit& h = a_->entities[owner_[nxt]];
        // A one-word place inside a name is part of it ("Phạm Minh Đức"), and so is a longer
        // one in a Vietnamese name unless it is a province ("Nguyễn Tân Cương", not the club
        // "Hoàng Anh Gia Lai").
        if (h.org || (h.te - h.tb > 1 && (!vietnamese || lex_.provinces.contains(h.group)))) break;
      }
      if (TitleKindAt(nxt, kTitle, &len)) break;
      e = nxt;
    }
    if (words < min_words) return false;
    (void)start;
    *end = e;
    return true;
  }

  // Roles written after the name: "ông X, Chủ tịch UBND tỉnh Y, cho biết".
  size_t RolesAfter(PersonHit* p) const {
    size_t k = p->te;
    size_t consumed = k;
    while (k < n() && SameLine(k) &&
           (t_.punct(k, ',') || t_.punct(k, '-') || t_.text(k) == "–")) {
      size_t b = k + 1;
      PhraseMap::Value v;
      size_t tl = MatchTitle(b, &v);
      if (tl == 0 || v.kind != kTitle) break;
      size_t next;
      size_t role_end = Walk(b + tl, &next);
      p->roles.emplace_back(static_cast<uint32_t>(b), static_cast<uint32_t>(role_end));
      k = next;
      consumed = next;
    }
    return consumed;
  }

  // Runs of two or more capitalized words that do not look Vietnamese ("Philippe Troussier"):
  // not persons on their own (they could be "World Cup"), but the full name a one-word
  // mention ("ông Troussier") stands for.
  void AddFullNamesOfShortMentions() {
    std::vector<std::pair<size_t, size_t>> runs;
    for (size_t i = Candidate(0); i < n(); i = Candidate(i + 1)) {
      auto foreign = [&](size_t k) {
        size_t len;
        return NameWord(k) && owner_[k] < 0 && !Viet(k) && !TitleKindAt(k, kTitle, &len);
      };
      if (!foreign(i)) continue;
      size_t e = i + 1;
      while (Spaced(e) && foreign(e)) ++e;
      if (e - i >= 2) runs.emplace_back(i, e);
      i = e - 1;
    }
    if (runs.empty()) return;
    // Tokens covered by a person found so far, and where each capitalized word stands alone
    // (no capitalized word joined to it on either side), by hash.
    std::vector<bool> covered(n(), false);
    for (const PersonHit& q : a_->persons) {
      for (size_t k = q.tb; k < q.te; ++k) covered[k] = true;
    }
    absl::flat_hash_map<uint64_t, std::vector<size_t>> alone_at;
    for (size_t k = Candidate(0); k < n(); k = Candidate(k + 1)) {
      if (!NameWord(k) || owner_[k] >= 0 || Viet(k)) continue;
      bool joined_before = k > 1 && NameWord(k - 1) && Spaced(k) && !t_[k - 1].Is(kLineStart) &&
                           t_[k - 2].Is(kWord);
      bool joined_after = NameWord(k + 1) && Spaced(k + 1);
      if (!joined_before && !joined_after) alone_at[t_[k].hash].push_back(k);
    }
    auto add = [&](size_t b, size_t e) {
      PersonHit h;
      h.tb = static_cast<uint32_t>(b);
      h.te = static_cast<uint32_t>(e);
      a_->persons.push_back(h);
      for (size_t k = b; k < e; ++k) covered[k] = true;
    };
    // One-word mentions found so far (after a title or honorific), by hash.
    absl::flat_hash_set<uint64_t> short_words;
    for (const PersonHit& q : a_->persons) {
      if (q.te - q.tb == 1 && !Viet(q.tb)) short_words.insert(t_[q.tb].hash);
    }
    for (const auto& [b, e] : runs) {
      bool known = false;
      for (size_t k = b; k < e; ++k) known = known || covered[k];
      if (known) continue;
      // "ông Troussier" … "Philippe Troussier": the full name of a one-word mention.
      if (short_words.contains(t_[b].hash) || short_words.contains(t_[e - 1].hash)) {
        add(b, e);
        continue;
      }
      // "Lionel Messi" … "Messi là cầu thủ…": a foreign full name whose last word also stands
      // alone elsewhere is a person, even with no title anywhere.
      if (e - b > 3) continue;
      auto it = alone_at.find(t_[e - 1].hash);
      if (it == alone_at.end()) continue;
      add(b, e);
      for (size_t k : it->second) {
        if (!covered[k]) add(k, k + 1);
      }
    }
  }

  void FindPersons() {
    FindPersonMentions();
    AddFullNamesOfShortMentions();
    std::sort(a_->persons.begin(), a_->persons.end(),
              [](const PersonHit& x, const PersonHit& y) { return x.tb < y.tb; });
  }

  void FindPersonMentions() {
    for (size_t i = Candidate(0); i < n(); i = Candidate(i + 1)) {
      if (!Word(i) || excluded_[i] || owner_[i] >= 0) continue;
      // A mention opens with a title or a capitalized word: most words are neither.
      if ((starts_[i] & kStartsTitle) == 0 && !NameWord(i)) continue;
      PhraseMap::Value v;
      size_t tl = MatchTitle(i, &v);
      if (tl > 0) {
        if (AfterBlocker(i)) {
          i = SkipCapitalized(i + tl) - 1;
          continue;
        }
        PersonHit p;
        size_t k = i + tl;
        size_t title_end = k;
        // An abbreviated title with its dot: "TS. Nguyễn Trí Hiếu", "GS. Trần Văn Thuấn".
        if (t_.punct(k, '.') && !t_[k].Is(kSpaceBefore) && t_[k - 1].end - t_[k - 1].begin <= 4 &&
            t_[k - 1].Is(kCap) && NameWord(k + 1) && Spaced(k + 1)) {
          ++k;
        }
        if (v.kind != kHonorific) {
          size_t role_end = k == title_end ? Walk(k, &k) : title_end;
          if (v.kind == kTitle || v.kind == kDescriptive) {
            p.roles.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(role_end));
          }
          // Chained titles: "Phó Thủ tướng, Bộ trưởng Bộ Ngoại giao Phạm Bình Minh",
          // "Đại sứ …, ông Yamada Takio".
          while (k < n() && SameLine(k) && (t_.punct(k, ',') || t_.lower(k) == "kiêm")) {
            PhraseMap::Value v2;
            size_t l2 = MatchTitle(k + 1, &v2);
            if (l2 == 0) break;
            if (v2.kind == kHonorific) {
              k = k + 1 + l2;
              break;
            }
            size_t b = k + 1;
            size_t re = Walk(b + l2, &k);
            p.roles.emplace_back(static_cast<uint32_t>(b), static_cast<uint32_t>(re));
          }
        }
        size_t e;
        if (SameLine(k) && NameRun(k, 1, 6, &e)) {
          p.tb = static_cast<uint32_t>(k);
          p.te = static_cast<uint32_t>(e);
          p.full = true;
          size_t after = RolesAfter(&p);
          a_->persons.push_back(std::move(p));
          i = after - 1;
        } else {
          i = std::max(i, k) - 1;
        }
        continue;
      }
      if (NameWord(i) && AfterBlocker(i)) {
        // "tàu Lý Thái Tổ": no name starts inside the thing's name either.
        i = SkipCapitalized(i) - 1;
        continue;
      }
      if (NameWord(i) && IsSurname(i)) {
        size_t e;
        if (NameRun(i, 2, 4, &e)) {
          PersonHit p;
          p.tb = static_cast<uint32_t>(i);
          p.te = static_cast<uint32_t>(e);
          p.full = true;
          size_t after = RolesAfter(&p);
          a_->persons.push_back(std::move(p));
          i = after - 1;
        }
      }
    }
  }

  const Lexicon& lex_;
  const Tokens& t_;
  Analysis* a_;
  std::vector<int32_t> owner_;  // per token: the entity covering it, or -1
  std::vector<uint8_t> excluded_;  // per token: inside a credit (bytes: read for every token)
  mutable std::vector<int8_t> viet_;  // per token: Viet(i), -1 until computed
  std::vector<uint8_t> starts_;       // per token: kStarts* bits and kCandidate
  std::vector<uint32_t> next_candidate_;  // per token and one past the end: see Candidate
};

}  // namespace

std::unique_ptr<const Analysis> Analyze(const Lexicon& lex, const Segmented& seg) {
  auto a = std::make_unique<Analysis>(seg.body);
  Pass(lex, seg, a.get()).Run();
  return a;
}

}  // namespace vnnews::extract::ner
