#include "vnnews/text/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"

namespace vnnews::text {
namespace {

// Length of the UTF-8 sequence a lead byte opens, 0 for a byte that cannot open one.
inline int SequenceLength(unsigned char b) {
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return 2;
  if (b >= 0xE0 && b <= 0xEF) return 3;
  if (b >= 0xF0 && b <= 0xF4) return 4;
  return 0;
}

// Length of the valid UTF-8 sequence at p[i] (i < n), 0 when it is not valid UTF-8.
inline int ValidSequenceAt(const unsigned char* p, size_t i, size_t n) {
  const unsigned char b = p[i];
  const int len = SequenceLength(b);
  if (len == 0 || i + len > n) return 0;
  for (int k = 1; k < len; ++k) {
    if ((p[i + k] & 0xC0) != 0x80) return 0;
  }
  if (len == 3) {
    if (b == 0xE0 && p[i + 1] < 0xA0) return 0;   // overlong
    if (b == 0xED && p[i + 1] >= 0xA0) return 0;  // surrogate
  }
  if (len == 4) {
    if (b == 0xF0 && p[i + 1] < 0x90) return 0;   // overlong
    if (b == 0xF4 && p[i + 1] >= 0x90) return 0;  // past U+10FFFF
  }
  return len;
}

// The code point of the valid `len`-byte sequence at `p` (len >= 2).
inline char32_t DecodeValid(const unsigned char* p, int len) {
  char32_t cp = p[0] & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (p[k] & 0x3F);
  return cp;
}

absl::Status InvalidUtf8At(size_t offset) {
  return absl::InvalidArgumentError(absl::StrCat("invalid UTF-8 at byte offset ", offset));
}

// Characters dropped at the door: BOM, zero-width characters, soft hyphen, word joiner.
inline bool IsInvisible(char32_t cp) {
  return cp == 0xFEFF || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
         cp == 0x00AD || cp == 0x180E;
}

// Characters that become one plain space.
inline bool IsSpaceLike(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0x0B || cp == 0x0C || cp == 0x00A0 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
         cp == 0x1680;
}

// Characters that end a line.
inline bool IsLineBreak(char32_t cp) {
  return cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

// True when `cp` is certainly NFC-inert (no ICU call needed): ASCII, Latin-1 to Latin
// Extended-B, and the precomposed Vietnamese letters.
inline bool KnownNfcInert(char32_t cp) {
  return cp < 0x300 || (cp >= 0x1EA0 && cp <= 0x1EF9);
}

// MayChangeUnderNfc asking ICU.
bool IcuMayChangeUnderNfc(char32_t cp) {
  return u_getCombiningClass(static_cast<UChar32>(cp)) != 0 ||
         u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_NFC_QUICK_CHECK) != UNORM_YES;
}

// ICU's answers for the BMP below kNfcTableSize (typographic quotes, dashes and the like are
// in every article), read once.
constexpr char32_t kNfcTableSize = 0x3100;

const std::array<bool, kNfcTableSize>& NfcTable() {
  static const auto* table = [] {
    auto* t = new std::array<bool, kNfcTableSize>();
    for (char32_t cp = 0; cp < kNfcTableSize; ++cp) {
      (*t)[cp] = !KnownNfcInert(cp) && IcuMayChangeUnderNfc(cp);
    }
    return t;
  }();
  return *table;
}

// True when `cp` may change under NFC (it combines with its neighbours or is not NFC itself).
inline bool MayChangeUnderNfc(char32_t cp) {
  if (KnownNfcInert(cp)) return false;
  if (cp < kNfcTableSize) return NfcTable()[cp];
  return IcuMayChangeUnderNfc(cp);
}

// How many of the eight bytes at `p` Normalize keeps as they are, with no check of its own:
// whole characters that are printable ASCII, a single space (not the first byte when
// `space_before`), or Vietnamese letters: U+00C0..U+02FF (lead 0xC3..0xCB and one
// continuation byte) and U+1EA0..U+1EF9 (0xE1, then 0xBA and 0xA0..0xBF or 0xBB and
// 0x80..0xB9), which are valid, printable and NFC-inert. The count stops before the first
// byte that is none of these; it never stops inside a character.
inline size_t KeptPrefix(const unsigned char* p, bool space_before) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const uint64_t flipped = w ^ kHigh;  // 0x80..0xFF as ASCII: ranges of high bytes
  const uint64_t ascii = AsciiInRange(w, 0x21, 0x7E);
  uint64_t space = BytesEqual(w, ' ');
  space &= ~(space << 8) & ~(space_before ? uint64_t{0x80} : 0);
  const uint64_t cont = w & ~(w << 1) & kHigh;  // 10xxxxxx
  // Leads whose sequence is whole in the eight bytes (byte k + 1 is mask >> 8 at byte k).
  const uint64_t lead2 = AsciiInRange(flipped, 0x43, 0x4B) & (cont >> 8);
  const uint64_t third_a0 = AsciiInRange(flipped, 0x20, 0x3F);  // 0xA0..0xBF
  const uint64_t third_b9 = AsciiInRange(flipped, 0x00, 0x39);  // 0x80..0xB9
  const uint64_t lead3 = BytesEqual(w, 0xE1) & (((BytesEqual(w, 0xBA) >> 8) & (third_a0 >> 16)) |
                                                ((BytesEqual(w, 0xBB) >> 8) & (third_b9 >> 16)));
  const uint64_t kept = ascii | space | lead2 | (lead2 << 8) | lead3 | (lead3 << 8) | (lead3 << 16);
  const uint64_t stop = ~kept & kHigh;
  return stop == 0 ? 8 : static_cast<size_t>(__builtin_ctzll(stop)) / 8;
}

#if defined(__SSE2__)
// KeptPrefix of the sixteen bytes at `p`, the same test byte for byte with SSE2: twice the
// bytes for fewer instructions than one eight-byte step (Normalize reads every byte).
// Compares are signed: bytes 0x80..0xFF are -128..-1.
inline size_t KeptPrefix16(const unsigned char* p, bool space_before) {
  const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  auto in = [&w](int lo, int hi) {  // lo <= byte <= hi, both as signed bytes
    return _mm_and_si128(_mm_cmpgt_epi8(w, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(w, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  auto is = [&w](unsigned char b) { return _mm_cmpeq_epi8(w, _mm_set1_epi8(static_cast<char>(b))); };
  const __m128i ascii = in(0x21, 0x7E);
  // A space after a space (or first, after one) is not kept.
  const __m128i space = is(' ');
  const __m128i space_first = space_before ? _mm_cvtsi32_si128(0xFF) : _mm_setzero_si128();
  const __m128i single_space =
      _mm_andnot_si128(_mm_or_si128(_mm_slli_si128(space, 1), space_first), space);
  // Byte k + 1 seen at byte k: _mm_srli_si128 by one; byte k seen at byte k + 1: _mm_slli_si128.
  const __m128i cont = _mm_cmplt_epi8(w, _mm_set1_epi8(-64));  // 0x80..0xBF
  const __m128i lead2 = _mm_and_si128(in(-61, -53), _mm_srli_si128(cont, 1));  // 0xC3..0xCB
  const __m128i third_a0 = _mm_srli_si128(in(-96, -65), 2);  // 0xA0..0xBF
  const __m128i third_b9 = _mm_srli_si128(_mm_cmplt_epi8(w, _mm_set1_epi8(-70)), 2);  // 0x80..0xB9
  const __m128i lead3 = _mm_and_si128(
      is(0xE1), _mm_or_si128(_mm_and_si128(_mm_srli_si128(is(0xBA), 1), third_a0),
                             _mm_and_si128(_mm_srli_si128(is(0xBB), 1), third_b9)));
  const __m128i kept = _mm_or_si128(
      _mm_or_si128(_mm_or_si128(ascii, single_space), _mm_or_si128(lead2, _mm_slli_si128(lead2, 1))),
      _mm_or_si128(lead3, _mm_or_si128(_mm_slli_si128(lead3, 1), _mm_slli_si128(lead3, 2))));
  const unsigned stop = ~static_cast<unsigned>(_mm_movemask_epi8(kept)) & 0xFFFF;
  return stop == 0 ? 16 : static_cast<size_t>(__builtin_ctz(stop));
}
// Normalize's step: sixteen bytes where SSE2 is, eight elsewhere.
constexpr size_t kKeptStep = 16;
inline size_t KeptPrefixStep(const unsigned char* p, bool space_before) {
  return KeptPrefix16(p, space_before);
}
#else
constexpr size_t kKeptStep = 8;
inline size_t KeptPrefixStep(const unsigned char* p, bool space_before) {
  return KeptPrefix(p, space_before);
}
#endif

// Tone marks (grave, acute, hook above, tilde, dot below) on a, e, y, o, u, lower then upper.
constexpr std::array<char32_t, 5> kToneA = {0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1};
constexpr std::array<char32_t, 5> kToneAUp = {0xC0, 0xC1, 0x1EA2, 0xC3, 0x1EA0};
constexpr std::array<char32_t, 5> kToneE = {0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9};
constexpr std::array<char32_t, 5> kToneEUp = {0xC8, 0xC9, 0x1EBA, 0x1EBC, 0x1EB8};
constexpr std::array<char32_t, 5> kToneY = {0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5};
constexpr std::array<char32_t, 5> kToneYUp = {0x1EF2, 0xDD, 0x1EF6, 0x1EF8, 0x1EF4};
constexpr std::array<char32_t, 5> kToneO = {0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD};
constexpr std::array<char32_t, 5> kToneOUp = {0xD2, 0xD3, 0x1ECE, 0xD5, 0x1ECC};
constexpr std::array<char32_t, 5> kToneU = {0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5};
constexpr std::array<char32_t, 5> kToneUUp = {0xD9, 0xDA, 0x1EE6, 0x168, 0x1EE4};

int ToneIndex(const std::array<char32_t, 5>& table, char32_t cp) {
  for (int i = 0; i < 5; ++i) {
    if (table[i] == cp) return i;
  }
  return -1;
}

// The vowel (0: a, 1: e, 2: y) and tone (0..4) of a toned a, e or y; -1 for anything else.
// `upper` tells its case.
inline int TonedVowel(char32_t cp, int* tone, bool* upper) {
  const std::array<const std::array<char32_t, 5>*, 6> tables = {&kToneA, &kToneAUp, &kToneE,
                                                                &kToneEUp, &kToneY, &kToneYUp};
  for (int t = 0; t < 6; ++t) {
    const int i = ToneIndex(*tables[t], cp);
    if (i >= 0) {
      *tone = i;
      *upper = (t % 2) == 1;
      return t / 2;
    }
  }
  return -1;
}

// Moves the tone of a word-final "oa", "oe", "uy" (not "quy") from the second vowel to the
// first: the traditional placement. Returns false, leaving `out` untouched, when nothing moves.
bool TraditionalTones(std::string_view s, std::string* out) {
  size_t copied = 0;  // bytes of `s` already in `out`
  bool changed = false;
  // The character at `start` follows an 'o' or a 'u' and opens with 0xC3 or 0xE1, as every
  // toned a, e and y does (U+00C0..U+00FD, U+1EA0..U+1EF9).
  auto candidate = [&](size_t start) {
    const char first = s[start - 1];
    const bool o = first == 'o' || first == 'O';
    const bool u = !o;
    size_t pos = start;
    const char32_t second = DecodeAt(s, &pos);
    int tone = 0;
    bool second_upper = false;
    const int vowel = TonedVowel(second, &tone, &second_upper);
    if (vowel < 0 || (o && vowel == 2) || (u && vowel != 2)) return;
    if (u && start >= 2 && (s[start - 2] == 'q' || s[start - 2] == 'Q')) return;
    if (pos < s.size()) {
      size_t next = pos;
      if (IsLetter(DecodeAt(s, &next))) return;  // a consonant or vowel follows: not final
    }
    if (!changed) out->reserve(s.size() + 8);
    changed = true;
    out->append(s.data() + copied, start - 1 - copied);
    const bool first_upper = first == 'O' || first == 'U';
    if (o) {
      AppendUtf8(first_upper ? kToneOUp[tone] : kToneO[tone], out);
    } else {
      AppendUtf8(first_upper ? kToneUUp[tone] : kToneU[tone], out);
    }
    static constexpr char kPlain[3][2] = {{'a', 'A'}, {'e', 'E'}, {'y', 'Y'}};
    out->push_back(kPlain[vowel][second_upper ? 1 : 0]);
    copied = pos;
  };
  auto is_ou = [](char c) { return (c | 0x20) == 'o' || (c | 0x20) == 'u'; };
  auto is_lead = [](char c) { return c == '\xC3' || c == '\xE1'; };
  // Eight positions at a time (the byte at i - 1 is the 'o' or 'u' of position i): a candidate
  // is rare, and a branch per byte costs more than the test of the word.
  size_t i = 1;
#if defined(__SSE2__)
  // Sixteen positions at a time where SSE2 is, the same test.
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i - 1));
    const __m128i folded = _mm_or_si128(before, _mm_set1_epi8(0x20));
    const __m128i lead = _mm_or_si128(_mm_cmpeq_epi8(here, _mm_set1_epi8(static_cast<char>(0xC3))),
                                      _mm_cmpeq_epi8(here, _mm_set1_epi8(static_cast<char>(0xE1))));
    const __m128i ou = _mm_or_si128(_mm_cmpeq_epi8(folded, _mm_set1_epi8('o')),
                                    _mm_cmpeq_epi8(folded, _mm_set1_epi8('u')));
    unsigned found = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(lead, ou)));
    while (found != 0) {
      candidate(i + static_cast<size_t>(__builtin_ctz(found)));
      found &= found - 1;
    }
  }
#endif
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t here, before;
    std::memcpy(&here, s.data() + i, 8);
    std::memcpy(&before, s.data() + i - 1, 8);
    const uint64_t folded = before | 0x2020202020202020ULL;  // 'O' → 'o', 'U' → 'u'
    uint64_t found = (BytesEqual(here, 0xC3) | BytesEqual(here, 0xE1)) &
                     (BytesEqual(folded, 'o') | BytesEqual(folded, 'u'));
    while (found != 0) {
      candidate(i + static_cast<size_t>(__builtin_ctzll(found)) / 8);
      found &= found - 1;
    }
  }
  for (; i < s.size(); ++i) {
    if (is_lead(s[i]) && is_ou(s[i - 1])) candidate(i);
  }
  if (changed) out->append(s.data() + copied, s.size() - copied);
  return changed;
}

// The folded form of every code point below kFoldTableSize (Latin, Latin Extended Additional,
// punctuation): ASCII lower-case base letter of Latin letters with diacritics, đ → d, combining marks → 0 (dropped).
constexpr char32_t kFoldTableSize = 0x2100;

const std::array<char32_t, kFoldTableSize>& FoldTable() {
  static const auto* table = [] {
    auto* t = new std::array<char32_t, kFoldTableSize>();
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    for (char32_t cp = 0; cp < kFoldTableSize; ++cp) {
      char32_t out = cp;
      if (cp >= 0x300 && cp <= 0x36F) {
        out = 0;
      } else if (cp == 0x110 || cp == 0x111) {
        out = 'd';
      } else if (cp >= 0x80 && U_SUCCESS(status)) {
        icu::UnicodeString decomposed;
        if (nfd->getDecomposition(static_cast<UChar32>(cp), decomposed) &&
            decomposed.length() > 0) {
          out = static_cast<char32_t>(decomposed.char32At(0));
        }
        out = static_cast<char32_t>(u_tolower(static_cast<UChar32>(out)));
      } else {
        out = static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
      }
      (*t)[cp] = out;
    }
    // Dashes fold to '-', as the evaluation's keys do.
    (*t)[0x2010] = '-';
    (*t)[0x2011] = '-';
    (*t)[0x2012] = '-';
    (*t)[0x2013] = '-';
    (*t)[0x2014] = '-';
    return t;
  }();
  return *table;
}

inline char32_t FoldCodePoint(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  if (cp < kFoldTableSize) return FoldTable()[cp];
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
}

}  // namespace

absl::Status ValidateUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t chunk;
      std::memcpy(&chunk, p + i, 8);
      if (chunk & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    const int len = ValidSequenceAt(p, i, n);
    if (len == 0) return InvalidUtf8At(i);
    i += len;
  }
  return absl::OkStatus();
}

char32_t DecodeNonAsciiAt(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = *pos;
  const unsigned char b = p[i];
  int len = SequenceLength(b);
  if (len == 0 || i + len > s.size()) {
    *pos = i + 1;
    return 0xFFFD;
  }
  char32_t cp = b & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
  *pos = i + len;
  return cp;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    n += CharacterStarts(w);
  }
  for (; i < s.size(); ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  return u_isalpha(static_cast<UChar32>(cp));
}
bool IsUpper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return u_isupper(static_cast<UChar32>(cp));
}
bool IsLower(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return u_islower(static_cast<UChar32>(cp));
}
bool IsDigit(char32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  return u_isdigit(static_cast<UChar32>(cp));
}

absl::StatusOr<std::string> Normalize(std::string_view raw) {
  // UTF-8 is validated in pass 1, byte by byte in order: the first invalid offset is reported.
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());

  // Pass 1: invisible characters, line ends and spaces; notes whether NFC may change anything.
  // Runs of printable ASCII and unchanged non-ASCII characters are copied as bytes.
  std::string clean;
  clean.reserve(raw.size());
  bool line_start = true;
  bool pending_space = false;
  int pending_newlines = 0;
  bool needs_nfc = false;
  auto flush_pending = [&] {
    if (pending_newlines > 0) {
      if (!clean.empty()) clean.append(pending_newlines >= 2 ? "\n\n" : "\n");
      pending_newlines = 0;
    }
    if (pending_space) {
      clean.push_back(' ');
      pending_space = false;
    }
    line_start = false;
  };
  const size_t n = raw.size();
  size_t pos = 0;
  while (pos < n) {
    // A run of characters kept as they are (printable ASCII, and printable non-ASCII that is
    // neither invisible nor a space nor a line end) is validated and copied in one piece.
    // A single space after a kept character joins the run too (it would come out as one space
    // anyway); a space the run ends with is given back to the slow path below, which knows
    // what follows it.
    size_t end = pos;
    while (end < n) {
      // Sixteen or eight bytes at a time while they are all kept (most of a line).
      while (end + kKeptStep <= n) {
        const size_t kept = KeptPrefixStep(bytes + end, end == pos || bytes[end - 1] == ' ');
        end += kept;
        if (kept < kKeptStep) break;
      }
      if (end >= n) break;
      const unsigned char c = bytes[end];
      if (c < 0x80) {
        if ((c > 0x20 && c < 0x7F) || (c == ' ' && end > pos && bytes[end - 1] != ' ')) {
          ++end;
          continue;
        }
        break;
      }
      // The Vietnamese letters: U+00C0..U+02FF (two bytes) and U+1EA0..U+1EF9 (three bytes)
      // are valid, printable and NFC-inert; no need to decode them.
      if (c >= 0xC3 && c <= 0xCB && end + 1 < n && (bytes[end + 1] & 0xC0) == 0x80) {
        end += 2;
        continue;
      }
      if (c == 0xE1 && end + 2 < n && (bytes[end + 2] & 0xC0) == 0x80 &&
          ((bytes[end + 1] == 0xBA && bytes[end + 2] >= 0xA0) ||
           (bytes[end + 1] == 0xBB && bytes[end + 2] <= 0xB9))) {
        end += 3;
        continue;
      }
      const int len = ValidSequenceAt(bytes, end, n);
      if (len == 0) return InvalidUtf8At(end);
      const char32_t cp = DecodeValid(bytes + end, len);
      if (cp < 0xA0 || IsInvisible(cp) || IsSpaceLike(cp) || IsLineBreak(cp)) break;
      if (!needs_nfc && MayChangeUnderNfc(cp)) needs_nfc = true;
      end += len;
    }
    if (end > pos && bytes[end - 1] == ' ') --end;
    if (end > pos) {
      flush_pending();
      clean.append(raw.data() + pos, end - pos);
      pos = end;
      continue;
    }
    // The character at `pos` is valid (checked above) and needs a decision of its own.
    const size_t start = pos;
    char32_t cp = DecodeAt(raw, &pos);
    if (cp == '\r') {
      if (pos < n && raw[pos] == '\n') continue;
      cp = '\n';
    }
    if (IsInvisible(cp)) continue;
    if (IsLineBreak(cp)) {
      pending_space = false;
      ++pending_newlines;
      line_start = true;
      continue;
    }
    if (IsSpaceLike(cp)) {
      if (!line_start) pending_space = true;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) continue;
    flush_pending();
    if (!needs_nfc && MayChangeUnderNfc(cp)) needs_nfc = true;
    clean.append(raw.data() + start, pos - start);
  }

  // Pass 2: NFC, only when needed.
  if (needs_nfc) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return absl::InternalError("ICU NFC normalizer unavailable");
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(clean);
    icu::UnicodeString normalized = nfc->normalize(u, status);
    if (U_FAILURE(status)) return absl::InternalError("ICU NFC normalization failed");
    clean.clear();
    normalized.toUTF8String(clean);
  }

  // Pass 3: one tone-mark placement.
  std::string toned;
  if (TraditionalTones(clean, &toned)) return toned;
  return clean;
}

std::string Fold(std::string_view s) {
  std::string out;
  {
    BufferedAppender b(&out);  // most calls fold a name or a word
    bool pending_space = false;
    size_t pos = 0;
    while (pos < s.size()) {
      const unsigned char c = static_cast<unsigned char>(s[pos]);
      char32_t cp = c;
      if (c < 0x80) {
        ++pos;
      } else {
        cp = DecodeAt(s, &pos);
      }
      if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || IsSpaceLike(cp)) {
        if (!b.empty()) pending_space = true;
        continue;
      }
      const char32_t f = FoldCodePoint(cp);
      if (f == 0) continue;
      char* p = b.Room();  // a space and a character of up to four bytes
      size_t k = 0;
      if (pending_space) {
        p[k++] = ' ';
        pending_space = false;
      }
      b.Advance(k + EncodeUtf8(f, p + k));
    }
  }
  return out;
}

std::vector<std::string> FoldedWords(std::string_view s) {
  std::vector<std::string> words;
  std::string folded = Fold(s);
  std::string current;
  size_t pos = 0;
  while (pos < folded.size()) {
    char32_t cp = DecodeAt(folded, &pos);
    if (IsLetter(cp) || IsDigit(cp)) {
      AppendUtf8(cp, &current);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

namespace {
template <typename F>
std::string MapCodePoints(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) AppendUtf8(f(DecodeAt(s, &pos)), &out);
  return out;
}

// u_tolower of the code points below kLowerTableSize (Latin with every Vietnamese letter),
// read once: the date and money scanners lower-case many short words.
constexpr char32_t kLowerTableSize = 0x2100;

const std::array<char32_t, kLowerTableSize>& LowerTable() {
  static const auto* table = [] {
    auto* t = new std::array<char32_t, kLowerTableSize>();
    for (char32_t cp = 0; cp < kLowerTableSize; ++cp) {
      (*t)[cp] = static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
    }
    return t;
  }();
  return *table;
}

}  // namespace

std::string ToLower(std::string_view s) {
  const std::array<char32_t, kLowerTableSize>& lower = LowerTable();
  std::string out;
  {
    BufferedAppender b(&out);  // most calls lower the words the date and money scanners look up
    size_t pos = 0;
    while (pos < s.size()) {
      char* p = b.Room();
      const unsigned char c = static_cast<unsigned char>(s[pos]);
      if (c < 0x80) {
        *p = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        b.Advance(1);
        ++pos;
        continue;
      }
      const char32_t d = DecodeAt(s, &pos);
      b.Advance(EncodeUtf8(d < kLowerTableSize
                               ? lower[d]
                               : static_cast<char32_t>(u_tolower(static_cast<UChar32>(d))),
                           p));
    }
  }
  return out;
}

std::string ToUpper(std::string_view s) {
  return MapCodePoints(s, [](char32_t cp) {
    return static_cast<char32_t>(u_toupper(static_cast<UChar32>(cp)));
  });
}

std::string ToTitleCase(std::string_view s) {
  bool word_start = true;
  return MapCodePoints(s, [&word_start](char32_t cp) {
    const bool letter = IsLetter(cp);
    char32_t out = cp;
    if (letter) {
      out = static_cast<char32_t>(word_start ? u_toupper(static_cast<UChar32>(cp))
                                             : u_tolower(static_cast<UChar32>(cp)));
    }
    word_start = !letter && !IsDigit(cp) && cp != '\'';
    return out;
  });
}

bool StartsUpper(std::string_view word) {
  if (word.empty()) return false;
  size_t pos = 0;
  return IsUpper(DecodeAt(word, &pos));
}

bool IsAllUpper(std::string_view word) {
  bool any_letter = false;
  size_t pos = 0;
  while (pos < word.size()) {
    char32_t cp = DecodeAt(word, &pos);
    if (IsLower(cp)) return false;
    if (IsLetter(cp)) any_letter = true;
  }
  return any_letter;
}

}  // namespace vnnews::text
