#include "vnnews/extract/dates.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "vnnews/extract/tsv.h"
#include "vnnews/text/text.h"

namespace vnnews::extract {

using vnnews::v1::DateGranularity;
using vnnews::v1::DateMention;

namespace {

constexpr size_t kNpos = std::string_view::npos;

enum class Gran { kDay, kMonth, kQuarter, kHalf, kYear };

// One end of a date. For kQuarter `m` is the quarter (1..4), for kHalf the half (1..2).
// A zero year means the text gives none.
struct Point {
  Gran g = Gran::kDay;
  int y = 0;
  int m = 0;
  int d = 0;
};

// A date found in the body, before it becomes a DateMention.
struct Found {
  size_t begin = 0;
  size_t end = 0;
  Point a;
  bool range = false;
  Point b;
  bool relative = false;
  // A bare day ("từ 10", "ngày 4 và") that only a following date can complete.
  bool pending = false;
  // Announced by a strong cue (ngày, sáng…); announced as a limit (từ, trước, hạn…).
  bool strong = false;
  bool bound = false;
};

int DaysIn(int y, int m) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m != 2) return kDays[m - 1];
  if (y == 0) return 29;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return leap ? 29 : 28;
}
bool ValidDay(int y, int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= DaysIn(y, m); }
// Years a bare number may stand for; after "năm" older years are accepted too.
bool NumericYear(int y) { return y >= 1900 && y <= 2100; }

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlnum(char c) {
  return IsAsciiDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
inline bool IsWordCp(char32_t cp) { return text::IsLetter(cp) || text::IsDigit(cp); }

std::string FormatPoint(const Point& p, int year) {
  switch (p.g) {
    case Gran::kDay:
      return year ? absl::StrFormat("%04d-%02d-%02d", year, p.m, p.d)
                  : absl::StrFormat("--%02d-%02d", p.m, p.d);
    case Gran::kMonth:
      return year ? absl::StrFormat("%04d-%02d", year, p.m) : absl::StrFormat("--%02d", p.m);
    case Gran::kQuarter:
      return absl::StrFormat("%04d-Q%d", year, p.m);
    case Gran::kHalf:
      return absl::StrFormat("%04d-H%d", year, p.m);
    case Gran::kYear:
      return absl::StrFormat("%04d", year);
  }
  return "";
}

int FirstDay(const Point& p, int y) {
  if (y == 0) return 0;
  switch (p.g) {
    case Gran::kDay:
      return y * 10000 + p.m * 100 + p.d;
    case Gran::kMonth:
      return y * 10000 + p.m * 100 + 1;
    case Gran::kQuarter:
      return y * 10000 + (3 * p.m - 2) * 100 + 1;
    case Gran::kHalf:
      return y * 10000 + (6 * p.m - 5) * 100 + 1;
    case Gran::kYear:
      return y * 10000 + 101;
  }
  return 0;
}

int LastDay(const Point& p, int y) {
  if (y == 0) return 0;
  switch (p.g) {
    case Gran::kDay:
      return y * 10000 + p.m * 100 + p.d;
    case Gran::kMonth:
      return y * 10000 + p.m * 100 + DaysIn(y, p.m);
    case Gran::kQuarter:
      return y * 10000 + (3 * p.m) * 100 + DaysIn(y, 3 * p.m);
    case Gran::kHalf:
      return y * 10000 + (6 * p.m) * 100 + DaysIn(y, 6 * p.m);
    case Gran::kYear:
      return y * 10000 + 1231;
  }
  return 0;
}

DateGranularity ToProto(Gran g) {
  switch (g) {
    case Gran::kDay:
      return vnnews::v1::DATE_GRANULARITY_DAY;
    case Gran::kMonth:
      return vnnews::v1::DATE_GRANULARITY_MONTH;
    case Gran::kQuarter:
      return vnnews::v1::DATE_GRANULARITY_QUARTER;
    case Gran::kHalf:
      return vnnews::v1::DATE_GRANULARITY_HALF_YEAR;
    case Gran::kYear:
      return vnnews::v1::DATE_GRANULARITY_YEAR;
  }
  return vnnews::v1::DATE_GRANULARITY_UNSPECIFIED;
}

// The point of one date as a comparable month-day (year-less dates compare within a year).
int MonthDayKey(const Point& p) {
  switch (p.g) {
    case Gran::kDay:
      return p.m * 100 + p.d;
    case Gran::kMonth:
      return p.m * 100;
    case Gran::kQuarter:
      return (3 * p.m - 2) * 100;
    case Gran::kHalf:
      return (6 * p.m - 5) * 100;
    case Gran::kYear:
      return 0;
  }
  return 0;
}

// The digits and separators of one number-like token: "01/6/2020", "2025–2028", "22-9".
struct NumToken {
  size_t end = 0;
  int n = 0;         // number of digit groups
  int val[6] = {};   // their values
  int len[6] = {};   // their lengths in digits
  char sep[5] = {};  // '/', '-', '.', or 'd' for an en or em dash
  bool bad = false;  // a code, a time, a decimal, a version: not a date
};

}  // namespace

struct DateExtractor::Impl {
  absl::flat_hash_set<std::string> strong, weak, follow, year, lead, bound, unit;
  struct Relative {
    std::vector<std::string> words;  // lower case, the first one is the map key
    char unit = 'd';                 // d, w, m, y
    int offset = 0;
  };
  absl::flat_hash_map<std::string, std::vector<Relative>> relative;
};

namespace {

// Finds the dates of one body. Offsets are bytes.
class Scanner {
 public:
  Scanner(const DateExtractor::Impl& lex, std::string_view s,
          const std::optional<absl::CivilDay>& pub)
      : lex_(lex), s_(s), pub_(pub) {}

  std::vector<Found> Run() {
    size_t i = 0;
    const size_t n = s_.size();
    while (i < n) {
      i = NextCandidate(i);
      if (i >= n) break;
      if (IsAsciiDigit(s_[i])) {
        i = AtNumber(i);
        continue;
      }
      if (AtWordStart(i)) {
        const size_t next = AtKeyword(i);
        if (next != kNpos) {
          i = next;
          continue;
        }
      }
      ++i;
    }
    if (pub_) FindRelative();
    std::sort(found_.begin(), found_.end(),
              [](const Found& a, const Found& b) { return a.begin < b.begin; });
    MergeRanges();
    WidenRanges();
    return std::move(found_);
  }

  // True when the date at `begin`..`end` opens its sentence ("Chiều ngày 01/6/2020, …",
  // "NDO - Ngày 6/9, …"): 2 when a comma follows it, 1 when not, 0 when it does not open one.
  int LeadForm(size_t begin, size_t end) const {
    size_t p = begin;
    for (int guard = 0; guard < 6; ++guard) {
      size_t q = p;
      while (q > 0 && s_[q - 1] == ' ') --q;
      if (q > 0 && s_[q - 1] == '(') {
        p = q - 1;
        continue;
      }
      size_t ws = 0;
      std::string_view w = WordBefore(p, &ws);
      if (w.empty() || !lex_.lead.contains(text::ToLower(w))) break;
      p = ws;
    }
    while (p > 0 && s_[p - 1] == ' ') --p;
    bool opens = false;
    if (p == 0 || s_[p - 1] == '\n') {
      opens = true;
    } else {
      const char c = s_[p - 1];
      if (c == '.' || c == '!' || c == '?' || c == ':') {
        opens = true;
      } else if (c == '-' || (p >= 3 && s_.substr(p - 3, 3) == "\xE2\x80\x93")) {
        // A source tag before a dash: "NDO - Ngày 6/9, …", "(Chinhphu.vn) - Chiều …".
        const size_t line = s_.rfind('\n', p - 1);
        const size_t line_start = line == kNpos ? 0 : line + 1;
        opens = p - line_start <= 60;
      }
    }
    if (!opens) return 0;
    size_t e = end;
    while (e < s_.size() && (s_[e] == ' ' || s_[e] == ')')) ++e;
    return e < s_.size() && s_[e] == ',' ? 2 : 1;
  }

 private:
  // The first position from `i` where a date may open: a digit, or the start of the keywords
  // AtKeyword knows, "quý" and "nửa" in any case ('q' then 'u', 'n' then 'ử'). Elsewhere
  // AtKeyword finds nothing, so the scan skips there eight bytes at a time.
  size_t NextCandidate(size_t i) const {
    const size_t n = s_.size();
#if defined(__SSE2__)
    // Sixteen positions at a time where SSE2 is, the same test as the eight below.
    for (; i + 19 <= n; i += 16) {
      __m128i w[4];
      for (int k = 0; k < 4; ++k) {
        w[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s_.data() + i + k));
      }
      auto is = [](__m128i x, unsigned char b) {
        return _mm_cmpeq_epi8(x, _mm_set1_epi8(static_cast<char>(b)));
      };
      const __m128i lower0 = _mm_or_si128(w[0], _mm_set1_epi8(0x20));
      const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(w[0], _mm_set1_epi8('0' - 1)),
                                          _mm_cmplt_epi8(w[0], _mm_set1_epi8('9' + 1)));
      const __m128i qu =
          _mm_and_si128(is(lower0, 'q'), is(_mm_or_si128(w[1], _mm_set1_epi8(0x20)), 'u'));
      const __m128i nu = _mm_and_si128(
          _mm_and_si128(is(lower0, 'n'), is(w[1], 0xE1)),
          _mm_and_si128(is(w[2], 0xBB), _mm_or_si128(is(w[3], 0xAC), is(w[3], 0xAD))));
      const unsigned found = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(digit, _mm_or_si128(qu, nu))));
      if (found != 0) return i + static_cast<size_t>(__builtin_ctz(found));
    }
#endif
    for (; i + 11 <= n; i += 8) {
      uint64_t w[4];
      std::memcpy(w, s_.data() + i, 8);
      std::memcpy(w + 1, s_.data() + i + 1, 8);
      std::memcpy(w + 2, s_.data() + i + 2, 8);
      std::memcpy(w + 3, s_.data() + i + 3, 8);
      constexpr uint64_t kCase = 0x2020202020202020ULL;
      const uint64_t digit = text::AsciiInRange(w[0], '0', '9');
      const uint64_t qu = text::BytesEqual(w[0] | kCase, 'q') & text::BytesEqual(w[1] | kCase, 'u');
      const uint64_t nu = text::BytesEqual(w[0] | kCase, 'n') & text::BytesEqual(w[1], 0xE1) &
                          text::BytesEqual(w[2], 0xBB) &
                          (text::BytesEqual(w[3], 0xAC) | text::BytesEqual(w[3], 0xAD));
      const uint64_t found = digit | qu | nu;
      if (found != 0) return i + static_cast<size_t>(__builtin_ctzll(found)) / 8;
    }
    for (; i < n; ++i) {
      const char c = s_[i];
      if (IsAsciiDigit(c)) return i;
      if ((c | 0x20) == 'q' && i + 1 < n && (s_[i + 1] | 0x20) == 'u') return i;
      if ((c | 0x20) == 'n' && i + 3 < n && s_[i + 1] == '\xE1' && s_[i + 2] == '\xBB' &&
          (s_[i + 3] == '\xAC' || s_[i + 3] == '\xAD')) {
        return i;
      }
    }
    return n;
  }

  bool AtWordStart(size_t i) const {
    if (i == 0) return true;
    const unsigned char b = static_cast<unsigned char>(s_[i - 1]);
    return b < 0x80 && !IsAsciiAlnum(static_cast<char>(b));
  }

  // The code point that ends just before byte `i`, and its start.
  char32_t CpBefore(size_t i, size_t* start) const {
    if (i == 0) {
      *start = 0;
      return 0;
    }
    size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s_[j]) & 0xC0) == 0x80) --j;
    *start = j;
    size_t pos = j;
    return text::DecodeAt(s_, &pos);
  }

  // The word (letters and digits) before `pos`, across spaces; empty when something else stands
  // there. `*start` is the word's first byte.
  std::string_view WordBefore(size_t pos, size_t* start) const {
    size_t j = pos;
    while (j > 0 && s_[j - 1] == ' ') --j;
    size_t end = j;
    while (j > 0) {
      size_t cs = 0;
      const char32_t cp = CpBefore(j, &cs);
      if (!IsWordCp(cp)) break;
      j = cs;
    }
    *start = j;
    return s_.substr(j, end - j);
  }

  // The word after `pos`, across spaces (not line breaks); empty when something else stands there.
  std::string_view WordAfter(size_t pos, size_t* end) const {
    size_t j = pos;
    while (j < s_.size() && s_[j] == ' ') ++j;
    const size_t begin = j;
    while (j < s_.size()) {
      size_t next = j;
      const char32_t cp = text::DecodeAt(s_, &next);
      if (!IsWordCp(cp)) break;
      j = next;
    }
    *end = j;
    return s_.substr(begin, j - begin);
  }

  // End of the next word when it is `lower` (any case), else npos.
  size_t Expect(size_t pos, std::string_view lower) const {
    size_t end = 0;
    std::string_view w = WordAfter(pos, &end);
    if (w.empty() || w.size() != lower.size()) return kNpos;
    return text::ToLower(w) == lower ? end : kNpos;
  }

  // A 4-digit year as the next word, not part of a longer code; its end, else npos.
  size_t ExpectYear(size_t pos, int* year, bool any_era) const {
    size_t j = pos;
    while (j < s_.size() && s_[j] == ' ') ++j;
    size_t k = j;
    int v = 0;
    while (k < s_.size() && IsAsciiDigit(s_[k]) && k - j < 5) v = v * 10 + (s_[k++] - '0');
    if (k - j != 4 || !EndsCleanly(k)) return kNpos;
    if (any_era ? (v < 1000 || v > 2199) : !NumericYear(v)) return kNpos;
    *year = v;
    return k;
  }

  // A relative year after "năm" ("năm nay", "năm ngoái"), resolved when a publication date is
  // known; its end, else npos.
  size_t ExpectRelativeYear(size_t pos, int* year) const {
    if (!pub_) return kNpos;
    size_t end = 0;
    std::string_view w = WordAfter(pos, &end);
    if (w.empty()) return kNpos;
    auto it = lex_.relative.find("năm");
    if (it == lex_.relative.end()) return kNpos;
    const std::string lw = text::ToLower(w);
    for (const auto& r : it->second) {
      if (r.unit == 'y' && r.words.size() == 2 && r.words[1] == lw) {
        *year = static_cast<int>(pub_->year()) + r.offset;
        return end;
      }
    }
    return kNpos;
  }

  // True when the token ending at `k` is not glued to letters, codes, times or decimals.
  bool EndsCleanly(size_t k) const {
    if (k >= s_.size()) return true;
    const char c = s_[k];
    if (IsAsciiAlnum(c)) return false;
    if (static_cast<unsigned char>(c) >= 0x80) {
      size_t pos = k;
      if (IsWordCp(text::DecodeAt(s_, &pos))) return false;
    }
    if (c == '%') return false;
    if (k + 1 < s_.size()) {
      const char d = s_[k + 1];
      if ((c == '/' || c == '-') && (IsAsciiAlnum(d) || static_cast<unsigned char>(d) >= 0x80)) {
        return false;  // 04/2016/NĐ-CP, 36/2024/QH15
      }
      if ((c == ':' || c == ',' || c == '.') && IsAsciiDigit(d)) return false;  // 10:30, 1,5
    }
    return true;
  }

  // True when byte `i` stands inside a URL, an e-mail address or a file name.
  bool InUrl(size_t i) {
    if (i >= url_checked_begin_ && i < url_checked_end_) return url_answer_;
    size_t b = i;
    while (b > 0 && s_[b - 1] != ' ' && s_[b - 1] != '\n') --b;
    size_t e = i;
    while (e < s_.size() && s_[e] != ' ' && s_[e] != '\n') ++e;
    std::string_view chunk = s_.substr(b, e - b);
    url_checked_begin_ = b;
    url_checked_end_ = e;
    url_answer_ = chunk.find("://") != kNpos || chunk.find("www.") != kNpos ||
                  chunk.find('@') != kNpos || chunk.find(".htm") != kNpos ||
                  chunk.find(".jpg") != kNpos || chunk.find(".png") != kNpos;
    return url_answer_;
  }

  NumToken ParseToken(size_t i) const {
    NumToken t;
    size_t j = i;
    while (true) {
      int v = 0;
      int len = 0;
      while (j < s_.size() && IsAsciiDigit(s_[j])) {
        if (len < 9) v = v * 10 + (s_[j] - '0');
        ++len;
        ++j;
      }
      if (t.n == 6 || len > 4) {
        t.bad = true;
        // Swallow the rest of the digit run so that it is not parsed again from its middle.
        while (j < s_.size() && (IsAsciiDigit(s_[j]) || s_[j] == '.' || s_[j] == ',')) ++j;
        t.end = j;
        return t;
      }
      t.val[t.n] = v;
      t.len[t.n] = len;
      ++t.n;
      // A separator followed by a digit continues the token.
      char sep = 0;
      size_t next = j;
      if (j + 1 < s_.size() && (s_[j] == '/' || s_[j] == '-' || s_[j] == '.') &&
          IsAsciiDigit(s_[j + 1])) {
        sep = s_[j];
        next = j + 1;
      } else if (j + 3 < s_.size() && s_[j] == '\xE2' && s_[j + 1] == '\x80' &&
                 (s_[j + 2] == '\x93' || s_[j + 2] == '\x94') && IsAsciiDigit(s_[j + 3])) {
        sep = 'd';
        next = j + 3;
      } else if (len == 4 && j + 6 < s_.size() && s_[j] == ' ') {
        // "2025 – 2028", "2025 - 2028": a span of years written with spaces.
        size_t k = j + 1;
        if (s_[k] == '-') {
          k += 1;
        } else if (s_[k] == '\xE2' && s_[k + 1] == '\x80' &&
                   (s_[k + 2] == '\x93' || s_[k + 2] == '\x94')) {
          k += 3;
        } else {
          k = 0;
        }
        if (k && k + 4 < s_.size() + 1 && s_[k] == ' ') {
          size_t d = k + 1;
          size_t e = d;
          while (e < s_.size() && IsAsciiDigit(s_[e])) ++e;
          if (e - d == 4) {
            sep = 'd';
            next = d;
          }
        }
      }
      if (!sep || t.n == 6) break;
      t.sep[t.n - 1] = sep;
      j = next;
    }
    t.end = j;
    if (!EndsCleanly(j)) t.bad = true;
    return t;
  }

  struct Cue {
    std::string prev;       // the word before, lower case
    size_t prev_start = 0;  // its first byte
    std::string prev2;      // the word before that
    bool strong = false;
    bool weak = false;
    bool bound = false;  // a limit, not an event: "từ ngày 1/7", "trước 30/6"
    bool paren = false;
    bool list = false;  // continues a list of dates: "ngày 4/5, 5/5 và 6/5"
    bool year = false;
  };

  Cue CueBefore(size_t i) const {
    Cue cue;
    size_t ws = 0;
    std::string_view w = WordBefore(i, &ws);
    cue.prev_start = ws;
    cue.paren = i > 0 && s_[i - 1] == '(';
    if (!w.empty()) {
      cue.prev = text::ToLower(w);
      size_t ws2 = 0;
      std::string_view w2 = WordBefore(ws, &ws2);
      if (!w2.empty()) cue.prev2 = text::ToLower(w2);
      cue.strong =
          lex_.strong.contains(cue.prev) ||
          (!cue.prev2.empty() && lex_.strong.contains(absl::StrCat(cue.prev2, " ", cue.prev)));
      cue.weak = lex_.weak.contains(cue.prev);
      cue.bound = lex_.bound.contains(cue.prev) ||
                  (cue.strong && !cue.prev2.empty() && lex_.bound.contains(cue.prev2));
      cue.year = lex_.year.contains(cue.prev);
    }
    if (!found_.empty()) {
      const Found& last = found_.back();
      if (last.end <= i && i - last.end <= 8 && !last.relative) {
        std::string gap = text::ToLower(s_.substr(last.end, i - last.end));
        // A list ("ngày 4/5, 5/5 và 6/5") or the far end of a range ("từ ngày 22-9 đến 25-9").
        cue.list = gap == ", " || gap == "," || gap == " và " || gap == " hoặc " ||
                   gap == " và ngày " || gap == ", ngày " || gap == " đến " || gap == " tới " ||
                   gap == " đến ngày " || gap == " tới ngày " || gap == " - " ||
                   gap == " \xE2\x80\x93 " || gap == "-" || gap == "\xE2\x80\x93";
      }
    }
    return cue;
  }

  // True when the word after `end` counts something ("đến 2000 người"): the number before it
  // is a quantity, not a year.
  bool UnitAfter(size_t end) const {
    size_t wend = 0;
    std::string_view w = WordAfter(end, &wend);
    return !w.empty() && lex_.unit.contains(text::ToLower(w));
  }

  // After a weakly announced date: punctuation, the end, a capital or a word of `follow`.
  bool FollowOk(size_t end) const {
    size_t j = end;
    while (j < s_.size() && s_[j] == ' ') ++j;
    if (j >= s_.size()) return true;
    const char c = s_[j];
    if (IsAsciiDigit(c)) return false;
    size_t wend = 0;
    std::string_view w = WordAfter(end, &wend);
    if (w.empty()) return true;  // punctuation
    if (text::StartsUpper(w)) return true;
    return lex_.follow.contains(text::ToLower(w));
  }

  void Add(size_t begin, size_t end, const Point& a, const Cue& cue) {
    Found f;
    f.begin = begin;
    f.end = end;
    f.a = a;
    f.strong = cue.strong;
    f.bound = cue.bound;
    found_.push_back(f);
  }

  void AddRange(size_t begin, size_t end, Point a, Point b, const Cue& cue) {
    if (a.y == 0 && b.y != 0) a.y = MonthDayKey(a) <= MonthDayKey(b) ? b.y : b.y - 1;
    if (a.y != 0 && b.y == 0 && b.g != Gran::kYear) {
      b.y = MonthDayKey(b) >= MonthDayKey(a) ? a.y : a.y + 1;
    }
    Found f;
    f.begin = begin;
    f.end = end;
    f.a = a;
    f.b = b;
    f.range = true;
    f.strong = cue.strong;
    f.bound = cue.bound;
    found_.push_back(f);
  }

  static Point Day(int y, int m, int d) { return Point{Gran::kDay, y, m, d}; }
  static Point Month(int y, int m) { return Point{Gran::kMonth, y, m, 0}; }
  static Point Year(int y) { return Point{Gran::kYear, y, 0, 0}; }

  bool NumberWord(const std::string& w) const {
    static const auto* kWords = new absl::flat_hash_set<std::string>{
        "một",  "hai",  "ba",  "bốn", "năm",   "sáu",  "bảy",  "tám",
        "chín", "mười", "mấy", "vài", "nhiều", "mươi", "trăm", "rưỡi"};
    if (w.empty()) return false;
    return IsAsciiDigit(w[0]) || kWords->contains(w);
  }

  // "N tháng đầu năm YYYY", "N tháng cuối năm YYYY" at the digits of N: a half, a quarter or a
  // run of months. Returns the end, else npos.
  size_t MonthsOfYear(size_t i, const NumToken& t) {
    const int n = t.val[0];
    if (t.n != 1 || n < 1 || n > 11) return kNpos;
    size_t p = Expect(t.end, "tháng");
    if (p == kNpos) return kNpos;
    bool first = true;
    size_t q = Expect(p, "đầu");
    if (q == kNpos) {
      q = Expect(p, "cuối");
      first = false;
    }
    if (q == kNpos) return kNpos;
    size_t r = Expect(q, "năm");
    if (r == kNpos) return kNpos;
    int y = 0;
    size_t e = ExpectYear(r, &y, false);
    if (e == kNpos) e = ExpectRelativeYear(r, &y);
    if (e == kNpos) return kNpos;
    Cue none;
    if (n == 6) {
      Add(i, e, Point{Gran::kHalf, y, first ? 1 : 2, 0}, none);
    } else if (n == 3) {
      Add(i, e, Point{Gran::kQuarter, y, first ? 1 : 4, 0}, none);
    } else {
      AddRange(i, e, Month(y, first ? 1 : 13 - n), Month(y, first ? n : 12), none);
    }
    return e;
  }

  // At the first digit of a number.
  size_t AtNumber(size_t i) {
    // Digits glued to a word, or continuing a code ("COVID-19", "G7", "ASEAN+3"), are no date.
    size_t cs = 0;
    const char32_t before = CpBefore(i, &cs);
    bool glued = IsWordCp(before) || before == '+' || before == '#' || before == '$' ||
                 before == '_' || before == '=' || before == '&';
    if (!glued && (before == '-' || before == '/' || before == '.' || before == ',' ||
                   before == ':' || before == 0x2013)) {
      size_t cs2 = 0;
      glued = IsWordCp(CpBefore(cs, &cs2));
    }
    NumToken t = ParseToken(i);
    if (glued || t.bad || InUrl(i)) return t.end;
    const size_t j = t.end;
    const int* g = t.val;
    const int* L = t.len;
    const char* sp = t.sep;
    auto dash = [](char c) { return c == '-' || c == 'd'; };

    if (t.n == 1) {
      const size_t mo = MonthsOfYear(i, t);
      if (mo != kNpos) return mo;
      Cue cue = CueBefore(i);
      if (L[0] == 4) {
        if (cue.prev == "năm" && g[0] >= 1000 && g[0] <= 2199) {
          size_t start = cue.prev_start;
          // "6 tháng đầu năm" without a year was not a half: "đầu năm 2023" is the year.
          Add(start, j, Year(g[0]), cue);
        } else if (cue.year && NumericYear(g[0]) && !UnitAfter(j)) {
          Add(i, j, Year(g[0]), cue);
        }
        return j;
      }
      if (L[0] > 2) return j;
      const int v = g[0];
      if (cue.prev == "tháng" && v >= 1 && v <= 12) {
        size_t ts = 0;
        std::string_view before_thang = WordBefore(cue.prev_start, &ts);
        if (NumberWord(text::ToLower(before_thang))) return j;
        int y = 0;
        size_t e = kNpos;
        size_t r = Expect(j, "năm");
        if (r != kNpos) {
          e = ExpectYear(r, &y, true);
          if (e == kNpos) e = ExpectRelativeYear(r, &y);
        }
        if (e == kNpos) {
          e = j;
          y = 0;
        }
        Add(cue.prev_start, e, Month(y, v), cue);
        return e;
      }
      if (cue.prev == "quý" && v >= 1 && v <= 4) {
        size_t r = Expect(j, "năm");
        int y = 0;
        size_t e = kNpos;
        if (r != kNpos) {
          e = ExpectYear(r, &y, true);
          if (e == kNpos) e = ExpectRelativeYear(r, &y);
        }
        if (e != kNpos) Add(cue.prev_start, e, Point{Gran::kQuarter, y, v, 0}, cue);
        return e != kNpos ? e : j;
      }
      if (v >= 1 && v <= 31 && (cue.strong || cue.weak || cue.list)) {
        // "ngày 3 tháng 3 năm 2017", "ngày 3 tháng 3".
        size_t p = Expect(j, "tháng");
        if (p != kNpos) {
          size_t k = p;
          while (k < s_.size() && s_[k] == ' ') ++k;
          size_t me = k;
          int m = 0;
          while (me < s_.size() && IsAsciiDigit(s_[me]) && me - k < 3)
            m = m * 10 + (s_[me++] - '0');
          if (me > k && me - k <= 2 && EndsCleanly(me) && ValidDay(0, m, v)) {
            int y = 0;
            size_t e = me;
            size_t r = Expect(me, "năm");
            if (r != kNpos) {
              size_t ye = ExpectYear(r, &y, true);
              if (ye == kNpos) ye = ExpectRelativeYear(r, &y);
              if (ye != kNpos && ValidDay(y, m, v)) {
                e = ye;
              } else {
                y = 0;
              }
            } else if (me + 5 <= s_.size() && s_[me] == '/') {
              size_t ye = ExpectYear(me + 1, &y, false);
              if (ye != kNpos && ValidDay(y, m, v))
                e = ye;
              else
                y = 0;
            }
            Add(i, e, Day(y, m, v), cue);
            return e;
          }
          return j;
        }
        if (cue.strong || cue.weak) {
          Found f;
          f.begin = i;
          f.end = j;
          f.a = Day(0, 0, v);
          f.pending = true;
          f.strong = cue.strong;
          f.bound = cue.bound;
          found_.push_back(f);
        }
      }
      return j;
    }

    if (t.n == 2) {
      Cue cue = CueBefore(i);
      if (L[0] <= 2 && L[1] == 4 && (sp[0] == '/' || sp[0] == '-' || sp[0] == '.')) {
        const int m = g[0];
        const int y = g[1];
        if (cue.prev == "quý") {
          if (m >= 1 && m <= 4 && NumericYear(y)) {
            Add(cue.prev_start, j, Point{Gran::kQuarter, y, m, 0}, cue);
          }
        } else if (m >= 1 && m <= 12 && NumericYear(y)) {
          if (cue.prev == "tháng") {
            Add(cue.prev_start, j, Month(y, m), cue);
          } else if (sp[0] == '/') {
            Add(i, j, Month(y, m), cue);
          }
        }
        return j;
      }
      if (L[0] == 4 && L[1] == 4 && (dash(sp[0]) || sp[0] == '/')) {
        const int y1 = g[0];
        const int y2 = g[1];
        if (NumericYear(y1) && NumericYear(y2) && y1 < y2 && y2 - y1 <= 100 && !UnitAfter(j) &&
            (cue.year || cue.paren || FollowOk(j))) {
          AddRange(cue.prev == "năm" ? cue.prev_start : i, j, Year(y1), Year(y2), cue);
        }
        return j;
      }
      if (L[0] <= 2 && L[1] <= 2 && (sp[0] == '/' || sp[0] == '-' || sp[0] == '.')) {
        const int d = g[0];
        const int m = g[1];
        if (!ValidDay(0, m, d) || cue.prev == "tháng") return j;
        if (sp[0] != '/' && cue.weak) {
          // "từ 5.5 đến 17.5", "từ 22-9 đến 25-9": a range in the same shape.
          const size_t e = SameShapeRangeEnd(j, sp[0], d, m, i, cue);
          if (e != kNpos) return e;
        }
        // After a name, "d/m" is a date too: "Quốc khánh Mỹ 4/7", and so after the name of a day:
        // "Ngày Quốc tế Phụ nữ 8/3", "ngày thành lập Quân đội nhân dân Việt Nam 22/12".
        const bool after_name =
            !cue.prev.empty() &&
            (text::StartsUpper(s_.substr(cue.prev_start)) || NamedDayBefore(cue.prev_start, 6));
        const bool ok = cue.strong || cue.list ||
                        (sp[0] == '/' && (cue.weak || cue.paren || after_name) && FollowOk(j)) ||
                        (cue.paren && DayWordBeforeParen(i));
        if (ok) Add(i, j, Day(0, m, d), cue);
        return j;
      }
      return j;
    }

    Cue cue = CueBefore(i);
    if (t.n == 3) {
      if (sp[0] == sp[1] && (sp[0] == '/' || sp[0] == '-' || sp[0] == '.') && L[0] <= 2 &&
          L[1] <= 2 && L[2] == 4) {
        if (ValidDay(g[2], g[1], g[0]) && NumericYear(g[2])) {
          Add(i, j, Day(g[2], g[1], g[0]), cue);
        }
        return j;
      }
      if (dash(sp[0]) && sp[1] == '/' && L[0] <= 2 && L[1] <= 2 && L[2] <= 2) {
        // "10-15/5": days of one month.
        if (ValidDay(0, g[2], g[0]) && ValidDay(0, g[2], g[1]) && g[0] < g[1] &&
            (cue.strong || cue.weak || cue.paren)) {
          AddRange(i, j, Day(0, g[2], g[0]), Day(0, g[2], g[1]), cue);
        }
        return j;
      }
      return j;
    }
    if (t.n == 4) {
      if (dash(sp[0]) && sp[1] == '/' && sp[2] == '/' && L[3] == 4 && NumericYear(g[3])) {
        // "10-15/5/2020"
        if (ValidDay(g[3], g[2], g[0]) && ValidDay(g[3], g[2], g[1]) && g[0] < g[1]) {
          AddRange(i, j, Day(g[3], g[2], g[0]), Day(g[3], g[2], g[1]), cue);
        }
      } else if (sp[0] == '/' && dash(sp[1]) && sp[2] == '/' && L[3] <= 2) {
        // "1/4-15/4"
        if (ValidDay(0, g[1], g[0]) && ValidDay(0, g[3], g[2]) &&
            (cue.strong || cue.weak || cue.paren)) {
          AddRange(i, j, Day(0, g[1], g[0]), Day(0, g[3], g[2]), cue);
        }
      }
      return j;
    }
    if (t.n == 5 && sp[0] == '/' && dash(sp[1]) && sp[2] == '/' && sp[3] == '/' && L[4] == 4) {
      // "1/4-15/4/2020"
      if (NumericYear(g[4]) && ValidDay(g[4], g[1], g[0]) && ValidDay(g[4], g[3], g[2])) {
        AddRange(i, j, Day(0, g[1], g[0]), Day(g[4], g[3], g[2]), cue);
      }
      return j;
    }
    if (t.n == 6 && sp[0] == '/' && sp[1] == '/' && dash(sp[2]) && sp[3] == '/' && sp[4] == '/' &&
        L[2] == 4 && L[5] == 4) {
      // "19/8/1945-19/8/2025"
      if (NumericYear(g[2]) && NumericYear(g[5]) && ValidDay(g[2], g[1], g[0]) &&
          ValidDay(g[5], g[4], g[3])) {
        AddRange(i, j, Day(g[2], g[1], g[0]), Day(g[5], g[4], g[3]), cue);
      }
    }
    return j;
  }

  // After "từ d.m" (dot or hyphen): " đến d.m" in the same shape makes both one range. Adds
  // it and returns its end, else npos.
  size_t SameShapeRangeEnd(size_t j, char sep, int d, int m, size_t begin, const Cue& cue) {
    size_t p = Expect(j, "đến");
    if (p == kNpos) p = Expect(j, "tới");
    if (p == kNpos) return kNpos;
    size_t k = p;
    while (k < s_.size() && s_[k] == ' ') ++k;
    if (k >= s_.size() || !IsAsciiDigit(s_[k])) return kNpos;
    NumToken t = ParseToken(k);
    if (t.bad || t.n != 2 || t.sep[0] != sep || t.len[0] > 2 || t.len[1] > 2) return kNpos;
    if (!ValidDay(0, m, d) || !ValidDay(0, t.val[1], t.val[0])) return kNpos;
    if (m * 100 + d >= t.val[1] * 100 + t.val[0]) return kNpos;
    AddRange(begin, t.end, Day(0, m, d), Day(0, t.val[1], t.val[0]), cue);
    return t.end;
  }

  // True when "ngày" is one of the `max_words` words before `pos`, with only words between.
  bool NamedDayBefore(size_t pos, int max_words) const {
    size_t p = pos;
    for (int k = 0; k < max_words; ++k) {
      size_t ws = 0;
      std::string_view w = WordBefore(p, &ws);
      if (w.empty() || text::IsDigit(static_cast<unsigned char>(w[0]))) return false;
      if (w.size() == 5 && text::ToLower(w) == "ngày") return true;
      p = ws;
    }
    return false;
  }

  // "Ngày mai (11.5)", "Thứ Hai (22-9)": a day word right before the parenthesis.
  bool DayWordBeforeParen(size_t i) const {
    if (i == 0 || s_[i - 1] != '(') return false;
    size_t ws = 0;
    std::string_view w = WordBefore(i - 1, &ws);
    if (w.empty()) return false;
    const std::string lw = text::ToLower(w);
    if (lex_.strong.contains(lw) || lw == "nay" || lw == "qua" || lw == "mai" || lw == "kia") {
      return true;
    }
    size_t ws2 = 0;
    std::string_view w2 = WordBefore(ws, &ws2);
    return !w2.empty() && lex_.strong.contains(absl::StrCat(text::ToLower(w2), " ", lw));
  }

  // "quý III/2017", "quý II năm 2020", "nửa đầu năm 2023" at a word start.
  size_t AtKeyword(size_t i) {
    size_t wend = 0;
    std::string_view w = WordAfter(i, &wend);
    // Both keywords have three characters, and lowering maps each character to one: most
    // words here ("quốc", "quyết", "quan") are told apart without lowering them.
    if (w.size() < 3 || w.size() > 6 || text::CodePointCount(w) != 3) return kNpos;
    const std::string lw = text::ToLower(w);
    if (lw == "quý") {
      size_t rend = 0;
      std::string_view roman = WordAfter(wend, &rend);
      int q = 0;
      if (roman == "I") q = 1;
      if (roman == "II") q = 2;
      if (roman == "III") q = 3;
      if (roman == "IV") q = 4;
      if (q == 0) return kNpos;
      int y = 0;
      size_t e = kNpos;
      if (rend < s_.size() && s_[rend] == '/') {
        e = ExpectYear(rend + 1, &y, false);
        if (e != kNpos && rend + 1 < s_.size() && s_[rend + 1] == ' ') e = kNpos;
      } else {
        size_t r = Expect(rend, "năm");
        if (r != kNpos) {
          e = ExpectYear(r, &y, true);
          if (e == kNpos) e = ExpectRelativeYear(r, &y);
        }
      }
      if (e == kNpos) return kNpos;
      Add(i, e, Point{Gran::kQuarter, y, q, 0}, Cue());
      return e;
    }
    if (lw == "nửa") {
      bool first = true;
      size_t q = Expect(wend, "đầu");
      if (q == kNpos) {
        q = Expect(wend, "cuối");
        first = false;
      }
      if (q == kNpos) return kNpos;
      size_t r = Expect(q, "năm");
      if (r == kNpos) return kNpos;
      int y = 0;
      size_t e = ExpectYear(r, &y, true);
      if (e == kNpos) e = ExpectRelativeYear(r, &y);
      if (e == kNpos) return kNpos;
      Add(i, e, Point{Gran::kHalf, y, first ? 1 : 2, 0}, Cue());
      return e;
    }
    return kNpos;
  }

  // Relative expressions, resolved against the publication date.
  void FindRelative() {
    const absl::CivilDay pub = *pub_;
    size_t i = 0;
    const size_t n = s_.size();
    std::vector<Found> rel;
    while (i < n) {
      // Next word start.
      const unsigned char b = static_cast<unsigned char>(s_[i]);
      if (!(b >= 0x80 || IsAsciiAlnum(static_cast<char>(b))) || !IsWordStart(i)) {
        ++i;
        continue;
      }
      size_t wend = 0;
      std::string_view w = WordAfter(i, &wend);
      if (w.empty()) {
        ++i;
        continue;
      }
      auto it = lex_.relative.find(text::ToLower(w));
      if (it != lex_.relative.end()) {
        for (const auto& r : it->second) {
          size_t e = wend;
          for (size_t k = 1; k < r.words.size() && e != kNpos; ++k) e = Expect(e, r.words[k]);
          if (e == kNpos || !EndsWord(e)) continue;
          // "2 năm trước", "những năm trước": a span of time, not a date.
          size_t ps = 0;
          std::string prev = text::ToLower(WordBefore(i, &ps));
          if (NumberWord(prev) || prev == "những" || prev == "các" || prev == "nhiều" ||
              prev == "mấy" || prev == "vài") {
            continue;
          }
          Found f;
          f.begin = i;
          f.end = e;
          f.relative = true;
          f.strong = true;
          switch (r.unit) {
            case 'd': {
              absl::CivilDay d = pub + r.offset;
              f.a = Day(static_cast<int>(d.year()), d.month(), d.day());
              break;
            }
            case 'w': {
              absl::CivilDay d = pub + 7 * r.offset;
              // Monday to Sunday of that week.
              const int wd = (static_cast<int>(absl::GetWeekday(d)) + 7) % 7;  // Monday = 0
              absl::CivilDay mon = d - wd;
              absl::CivilDay sun = mon + 6;
              f.range = true;
              f.a = Day(static_cast<int>(mon.year()), mon.month(), mon.day());
              f.b = Day(static_cast<int>(sun.year()), sun.month(), sun.day());
              break;
            }
            case 'm': {
              absl::CivilMonth m = absl::CivilMonth(pub) + r.offset;
              f.a = Month(static_cast<int>(m.year()), m.month());
              break;
            }
            default:
              f.a = Year(static_cast<int>(pub.year()) + r.offset);
          }
          rel.push_back(f);
          wend = e;
          break;
        }
      }
      i = wend > i ? wend : i + 1;
    }
    // A relative word already inside an explicit date ("tháng 5 năm nay") is not a second date.
    for (const Found& r : rel) {
      bool inside = false;
      for (const Found& f : found_) {
        if (r.begin < f.end && f.begin < r.end) {
          inside = true;
          break;
        }
      }
      if (!inside) found_.push_back(r);
    }
  }

  bool IsWordStart(size_t i) const {
    size_t cs = 0;
    return i == 0 || !IsWordCp(CpBefore(i, &cs));
  }
  bool EndsWord(size_t e) const {
    if (e >= s_.size()) return true;
    size_t pos = e;
    return !IsWordCp(text::DecodeAt(s_, &pos));
  }

  // A range's span starts at the "từ" that opens it, as written: "từ ngày 1/4 đến 15/4/2020",
  // "từ đêm 8/9 đến hết ngày 10/9", "từ năm 2018 đến năm 2020".
  void WidenRanges() {
    for (Found& f : found_) {
      if (!f.range || f.relative) continue;
      size_t p = f.begin;
      size_t ws = 0;
      std::string_view w = WordBefore(p, &ws);
      std::string lw = text::ToLower(w);
      if (!w.empty() && lw != "từ" && (lex_.strong.contains(lw) || lw == "năm" || lw == "tháng")) {
        p = ws;
        w = WordBefore(p, &ws);
        lw = text::ToLower(w);
      }
      if (lw == "từ") f.begin = ws;
    }
  }

  // "từ 10 đến 15/5", "từ ngày 1/4 đến 15/4/2020", "2020 - 2025", "ngày 4 và 5/5".
  // The gaps MergeRanges looks for have under 24 bytes (" đến hết ngày " the longest), and no
  // character lowers to less than a third of its bytes (the Kelvin sign, three, to "k"): a gap
  // longer than this lowers to none of them.
  static constexpr size_t kMaxGapBytes = 3 * 24;
  void MergeRanges() {
    std::vector<Found> out;
    out.reserve(found_.size());
    for (size_t k = 0; k < found_.size(); ++k) {
      Found x = found_[k];
      if (k + 1 < found_.size() && !x.range && !x.relative) {
        const Found& y = found_[k + 1];
        if (!y.pending && !y.relative && y.begin >= x.end) {
          // A longer gap (a whole paragraph between two dates) is not lowered.
          const std::string gap = y.begin - x.end <= kMaxGapBytes
                                      ? text::ToLower(s_.substr(x.end, y.begin - x.end))
                                      : std::string();
          const bool to = gap == " đến " || gap == " tới " || gap == " - " || gap == "-" ||
                          gap == " \xE2\x80\x93 " || gap == "\xE2\x80\x93" || gap == " đến ngày " ||
                          gap == " tới ngày " || gap == " đến hết ngày " || gap == " đến hết " ||
                          gap == " đến năm " || gap == " đến tháng ";
          const bool also = gap == " và " || gap == ", " || gap == " hoặc " || gap == " và ngày ";
          // A bare day takes the month (and year) of the date that completes it.
          Point a = x.a;
          const Point& b = y.a;
          if (x.pending && a.g == Gran::kDay && b.g == Gran::kDay) {
            a.m = b.m;
            a.y = b.y;
          }
          const bool same_kind = a.g == b.g && (a.g != Gran::kDay || ValidDay(a.y, a.m, a.d));
          if (to && same_kind && !y.range) {
            Found r = x;
            r.pending = false;
            r.range = true;
            r.a = a;
            r.b = b;
            // The year written at one end belongs to both: "từ ngày 1/4 đến 15/4/2020",
            // "từ 1/12/2023 đến 15/1".
            if (r.a.y == 0 && r.b.y != 0) {
              r.a.y = MonthDayKey(r.a) <= MonthDayKey(r.b) ? r.b.y : r.b.y - 1;
            }
            if (r.b.y == 0 && r.a.y != 0 && r.b.g != Gran::kYear) {
              r.b.y = MonthDayKey(r.b) >= MonthDayKey(r.a) ? r.a.y : r.a.y + 1;
            }
            // The end must come after the start: "từ 15 đến 10/5" is no range.
            const bool ordered =
                r.a.y != r.b.y ? r.a.y < r.b.y : MonthDayKey(r.a) < MonthDayKey(r.b);
            if (ordered) {
              r.end = y.end;
              out.push_back(r);
              ++k;
              continue;
            }
          }
          if (also && x.pending && same_kind) {
            x.pending = false;
            x.a = a;
            out.push_back(x);
            continue;
          }
        }
      }
      if (!x.pending) out.push_back(x);
    }
    found_ = std::move(out);
  }

  const DateExtractor::Impl& lex_;
  std::string_view s_;
  const std::optional<absl::CivilDay>& pub_;
  std::vector<Found> found_;
  size_t url_checked_begin_ = 1;
  size_t url_checked_end_ = 0;
  bool url_answer_ = false;
};

// Picks a year for the year-less points of `f`: from the publication date (the nearest such
// date), else from the text when every dated day or month it gives has one same year.
int InferYear(const Point& p, const std::optional<absl::CivilDay>& pub, int text_year) {
  if (pub) {
    if (p.g != Gran::kDay && p.g != Gran::kMonth) return 0;
    int best = 0;
    int64_t best_dist = INT64_MAX;
    for (int dy = -1; dy <= 1; ++dy) {
      const int y = static_cast<int>(pub->year()) + dy;
      if (p.g == Gran::kDay && !ValidDay(y, p.m, p.d)) continue;
      absl::CivilDay d(y, p.m, p.g == Gran::kDay ? p.d : 15);
      int64_t dist = d - *pub;
      if (dist < 0) dist = -dist;
      if (dist < best_dist) {
        best_dist = dist;
        best = y;
      }
    }
    return best;
  }
  if (p.g == Gran::kDay && text_year && !ValidDay(text_year, p.m, p.d)) return 0;
  return text_year;
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParsePublicationDate(std::string_view s) {
  auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("publication_date: must be a real day written YYYY-MM-DD, got \"",
                     std::string(s.substr(0, 40)), "\""));
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad();
  for (size_t k : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsAsciiDigit(s[k])) return bad();
  }
  const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  const int m = (s[5] - '0') * 10 + (s[6] - '0');
  const int d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1900 || y > 2199 || !ValidDay(y, m, d)) return bad();
  return absl::CivilDay(y, m, d);
}

DateExtractor::DateExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DateExtractor::~DateExtractor() = default;

absl::StatusOr<std::unique_ptr<DateExtractor>> DateExtractor::Load(const std::string& lexicon_dir) {
  const std::string path = lexicon_dir + "/dates.tsv";
  auto impl = std::make_unique<Impl>();
  const absl::Status read =
      ForEachTsvLine(path, [&](std::vector<std::string>& f, const TsvError& err) -> absl::Status {
        if (f.size() < 2 || f[1].empty()) return err("expected KIND<TAB>WORDS");
        absl::StatusOr<std::string> words = text::Normalize(f[1]);
        if (!words.ok()) return err(words.status().message());
        const std::string w = text::ToLower(*words);
        if (f[0] == "strong") {
          impl->strong.insert(w);
        } else if (f[0] == "weak") {
          impl->weak.insert(w);
        } else if (f[0] == "follow") {
          impl->follow.insert(w);
        } else if (f[0] == "year") {
          impl->year.insert(w);
        } else if (f[0] == "lead") {
          impl->lead.insert(w);
        } else if (f[0] == "bound") {
          impl->bound.insert(w);
        } else if (f[0] == "unit") {
          impl->unit.insert(w);
        } else if (f[0] == "relative") {
          if (f.size() != 4) return err("expected relative<TAB>PHRASE<TAB>UNIT<TAB>OFFSET");
          Impl::Relative r;
          r.words = absl::StrSplit(w, ' ', absl::SkipEmpty());
          if (f[2] == "day") {
            r.unit = 'd';
          } else if (f[2] == "week") {
            r.unit = 'w';
          } else if (f[2] == "month") {
            r.unit = 'm';
          } else if (f[2] == "year") {
            r.unit = 'y';
          } else {
            return err(absl::StrCat("unit must be day, week, month or year, got \"", f[2], "\""));
          }
          if (!absl::SimpleAtoi(f[3], &r.offset) || r.offset < -100 || r.offset > 100) {
            return err(absl::StrCat("offset must be an integer in -100..100, got \"", f[3], "\""));
          }
          impl->relative[r.words[0]].push_back(std::move(r));
        } else {
          return err(absl::StrCat("unknown kind \"", f[0],
                                  "\" (strong, weak, follow, year, lead, bound, unit, relative)"));
        }
        return absl::OkStatus();
      });
  if (!read.ok()) return read;
  return std::unique_ptr<DateExtractor>(new DateExtractor(std::move(impl)));
}

std::string DateExtractor::EvalValue(const DateMention& d) {
  return d.year_inferred() && !d.inferred_value().empty() ? d.inferred_value() : d.value();
}

void DateExtractor::Extract(const Segmented& seg, const std::optional<absl::CivilDay>& publication,
                            vnnews::v1::Article* out) const {
  const std::string_view body = seg.body;
  Scanner scanner(*impl_, body, publication);
  std::vector<Found> found = scanner.Run();

  // The one year the text names, if it names exactly one ("the only year it names"): a
  // background date (ký ngày 15/9/2021) or a plan (đến năm 2030) next to another year makes
  // the year of "Ngày 6/9" unknowable from the text.
  // The year must also be given to a day or a month ("tháng 5/2023 vừa qua"): a year named
  // alone is often a plan or an anniversary ("kỷ niệm 50 năm … vào năm 2025").
  int text_year = 0;
  bool several = false;
  bool dated = false;
  for (const Found& f : found) {
    if (f.relative) continue;
    for (const Point* p : {&f.a, f.range ? &f.b : nullptr}) {
      if (p == nullptr || p->y == 0) continue;
      if (p->g == Gran::kDay || p->g == Gran::kMonth) dated = true;
      if (text_year == 0) {
        text_year = p->y;
      } else if (text_year != p->y) {
        several = true;
      }
    }
  }
  if (several || !dated) text_year = 0;

  // Where the lead ends: the event date is looked for in the first paragraphs only.
  size_t lead_limit = 0;
  {
    int paragraphs = 0;
    size_t pos = 0;
    while (pos < body.size() && paragraphs < 4) {
      size_t nl = body.find('\n', pos);
      if (nl == kNpos) nl = body.size();
      if (nl > pos) ++paragraphs;
      pos = nl + 1;
    }
    lead_limit = std::max<size_t>(std::min(pos, body.size()), std::min<size_t>(1500, body.size()));
  }
  size_t first_para_end = body.find('\n');
  if (first_para_end == kNpos) first_para_end = body.size();
  size_t second_para_end =
      first_para_end < body.size() ? body.find('\n', first_para_end + 1) : body.size();
  if (second_para_end == kNpos) second_para_end = body.size();

  int best_score = 0;
  int best_index = -1;
  for (const Found& f : found) {
    DateMention* d = out->add_dates();
    int ya = f.a.y;
    int yb = f.range ? f.b.y : 0;
    bool inferred = false;
    if (!f.relative) {
      if (ya == 0 && f.a.g != Gran::kYear) {
        ya = InferYear(f.a, publication, text_year);
        inferred = ya != 0;
      }
      if (f.range && yb == 0 && f.b.g != Gran::kYear) {
        yb = InferYear(f.b, publication, text_year);
        inferred = inferred || yb != 0;
      }
    }
    std::string value = FormatPoint(f.a, f.a.y);
    if (f.range) absl::StrAppend(&value, "/", FormatPoint(f.b, f.b.y));
    d->set_value(value);
    d->set_granularity(f.range ? vnnews::v1::DATE_GRANULARITY_RANGE : ToProto(f.a.g));
    d->set_relative(f.relative);
    if (inferred && (!f.range || (ya && yb))) {
      std::string iv = FormatPoint(f.a, ya);
      if (f.range) absl::StrAppend(&iv, "/", FormatPoint(f.b, yb));
      d->set_inferred_value(iv);
      d->set_year_inferred(true);
    }
    d->set_first_day(FirstDay(f.a, ya));
    d->set_last_day(f.range ? LastDay(f.b, yb) : LastDay(f.a, ya));
    auto* span = d->mutable_span();
    span->set_begin(static_cast<int32_t>(f.begin));
    span->set_end(static_cast<int32_t>(f.end));
    span->set_text(std::string(body.substr(f.begin, f.end - f.begin)));

    // The main event: a day (or a month) that opens a sentence of the lead, else a day
    // announced by "ngày"/"sáng"… in the first paragraphs; never a bound (từ, trước, hạn…).
    if (f.begin >= lead_limit || f.range || f.bound) continue;
    if (f.a.g != Gran::kDay && f.a.g != Gran::kMonth) continue;
    const int lead = scanner.LeadForm(f.begin, f.end);
    int score = 0;
    if (lead == 2) {
      score = 3;
    } else if (lead == 1 && f.a.g == Gran::kDay) {
      score = 2;
    } else if (f.strong && f.a.g == Gran::kDay && f.begin < second_para_end) {
      score = 1;
    }
    if (score > best_score) {
      best_score = score;
      best_index = out->dates_size() - 1;
    }
  }
  if (best_index >= 0) *out->mutable_event_date() = out->dates(best_index);
}

}  // namespace vnnews::extract
