#include "vnnews/extract/money.h"

#include <algorithm>
#include <cmath>
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
#include "absl/strings/str_split.h"
#include "vnnews/extract/tsv.h"
#include "vnnews/text/text.h"

namespace vnnews::extract {
namespace {

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsWordCp(char32_t cp) { return text::IsLetter(cp) || text::IsDigit(cp); }
// Characters of a currency word besides letters and digits: "$", "€", "đô-la".
inline bool IsSymbolCp(char32_t cp) {
  return cp == '$' || cp == 0x20AC || cp == 0xA3 || cp == 0xA5 || cp == 0x20AB;
}

// The largest number of words a lexicon name has.
constexpr int kMaxNameWords = 4;

}  // namespace

std::optional<double> ParseVietnameseNumber(std::string_view s, size_t begin, size_t* end) {
  // The digit groups as views into `s`, with the separator before each: no allocation (every
  // number of every article comes here).
  struct Group {
    char sep;  // 0 for the first
    std::string_view digits;
  };
  constexpr size_t kMaxGroups = 8;
  Group groups[kMaxGroups];
  size_t n = 0;  // groups seen, also past kMaxGroups
  size_t j = begin;
  char sep = 0;
  while (true) {
    const size_t start = j;
    while (j < s.size() && IsAsciiDigit(s[j])) ++j;
    if (j == start) break;
    if (n < kMaxGroups) groups[n] = Group{sep, s.substr(start, j - start)};
    ++n;
    if (j + 1 < s.size() && (s[j] == '.' || s[j] == ',') && IsAsciiDigit(s[j + 1])) {
      sep = s[j];
      ++j;
    } else {
      break;
    }
  }
  if (n == 0 || n > kMaxGroups) return std::nullopt;
  *end = j;
  int dots = 0;
  int commas = 0;
  for (size_t k = 1; k < n; ++k) (groups[k].sep == '.' ? dots : commas)++;
  auto all_three = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
      if (groups[k].digits.size() != 3) return false;
    }
    return true;
  };
  std::string plain;  // digits with an optional '.' as the decimal point
  // Appends the digits of groups [from, to).
  auto join = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
      plain.append(groups[k].digits.data(), groups[k].digits.size());
    }
  };
  // Appends the digits of the first `whole_groups` groups, a '.' and group `fraction`.
  auto decimal = [&](size_t whole_groups, size_t fraction) {
    join(0, whole_groups);
    plain.push_back('.');
    join(fraction, fraction + 1);
  };
  if (n == 1) {
    join(0, 1);
  } else if (commas == 0) {
    if (groups[0].digits.size() <= 3 && all_three(1, n)) {
      join(0, n);  // 5.000, 300.000
    } else if (dots == 1 && groups[1].digits.size() <= 2) {
      decimal(1, 1);  // 1.5 written the English way
    } else {
      return std::nullopt;
    }
  } else if (dots == 0) {
    if (commas == 1) {
      decimal(1, 1);  // 1,5
    } else if (groups[0].digits.size() <= 3 && all_three(1, n)) {
      join(0, n);  // 1,500,000 written the English way
    } else {
      return std::nullopt;
    }
  } else {
    const char last = groups[n - 1].sep;
    if (!all_three(1, n - 1) || groups[0].digits.size() > 3) return std::nullopt;
    for (size_t k = 1; k + 1 < n; ++k) {
      if (groups[k].sep == last) return std::nullopt;
    }
    decimal(n - 1, n - 1);
  }
  // Whole numbers of up to 15 digits (nearly all) are exact in a double: summed as integers
  // they give what SimpleAtod gives, without its general parse.
  if (plain.size() <= 15 && plain.find('.') == std::string::npos) {
    uint64_t whole = 0;
    for (char c : plain) whole = whole * 10 + static_cast<uint64_t>(c - '0');
    return static_cast<double>(whole);
  }
  double v = 0;
  if (!absl::SimpleAtod(plain, &v) || !std::isfinite(v)) return std::nullopt;
  return v;
}

struct MoneyExtractor::Impl {
  struct Name {
    std::string iso;
    bool strict = false;
  };
  absl::flat_hash_map<std::string, double> scales;            // lower case word → factor
  absl::flat_hash_map<std::string, Name> currencies;          // lower case name → ISO
  std::vector<std::pair<std::string, std::string>> prefixes;  // symbol as written → ISO
  absl::flat_hash_set<std::string> nots;                      // lower case phrases
};

MoneyExtractor::MoneyExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MoneyExtractor::~MoneyExtractor() = default;

absl::StatusOr<std::unique_ptr<MoneyExtractor>> MoneyExtractor::Load(
    const std::string& lexicon_dir) {
  const std::string path = lexicon_dir + "/currencies.tsv";
  auto impl = std::make_unique<Impl>();
  const absl::Status read =
      ForEachTsvLine(path, [&](std::vector<std::string>& f, const TsvError& err) -> absl::Status {
        for (std::string& field : f) {
          absl::StatusOr<std::string> norm = text::Normalize(field);
          if (!norm.ok()) return err(norm.status().message());
          field = *norm;
        }
        if (f[0] == "scale") {
          double factor = 0;
          if (f.size() != 3 || !absl::SimpleAtod(f[1], &factor) || factor <= 0) {
            return err("expected scale<TAB>FACTOR<TAB>WORD with a positive FACTOR");
          }
          impl->scales[text::ToLower(f[2])] = factor;
        } else if (f[0] == "currency") {
          if (f.size() < 3 || f.size() > 4 || f[1].size() != 3 || f[2].empty() ||
              (f.size() == 4 && f[3] != "strict")) {
            return err("expected currency<TAB>ISO<TAB>NAME[<TAB>strict] with a 3-letter ISO code");
          }
          std::vector<std::string> words = absl::StrSplit(f[2], ' ', absl::SkipEmpty());
          if (words.size() > kMaxNameWords) return err("a currency name has at most 4 words");
          impl->currencies[text::ToLower(f[2])] = Impl::Name{f[1], f.size() == 4};
        } else if (f[0] == "prefix") {
          if (f.size() != 3 || f[1].size() != 3 || f[2].empty()) {
            return err("expected prefix<TAB>ISO<TAB>SYMBOL");
          }
          impl->prefixes.emplace_back(f[2], f[1]);
        } else if (f[0] == "not") {
          if (f.size() != 2 || f[1].empty()) return err("expected not<TAB>PHRASE");
          impl->nots.insert(text::ToLower(f[1]));
        } else {
          return err(absl::StrCat("unknown kind \"", f[0], "\" (scale, currency, prefix, not)"));
        }
        return absl::OkStatus();
      });
  if (!read.ok()) return read;
  // Longest symbols first, so that "US$" wins over "$".
  std::sort(impl->prefixes.begin(), impl->prefixes.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return std::unique_ptr<MoneyExtractor>(new MoneyExtractor(std::move(impl)));
}

namespace {

// The currency word starting at `pos` (after spaces): letters, digits, symbols and inner
// hyphens ("đô-la"). Sets `*begin`/`*end`; empty when none starts there.
std::string_view CurrencyWord(std::string_view s, size_t pos, bool allow_space, size_t* begin,
                              size_t* end) {
  size_t j = pos;
  if (allow_space) {
    while (j < s.size() && s[j] == ' ') ++j;
  }
  *begin = j;
  while (j < s.size()) {
    size_t next = j;
    const char32_t cp = text::DecodeAt(s, &next);
    if (IsWordCp(cp) || IsSymbolCp(cp)) {
      j = next;
      continue;
    }
    if (cp == '-' && j > *begin && next < s.size()) {
      size_t after = next;
      if (text::IsLetter(text::DecodeAt(s, &after))) {
        j = next;
        continue;
      }
    }
    break;
  }
  *end = j;
  return s.substr(*begin, j - *begin);
}

// The first ASCII digit at or after `i`, or s.size(). Sixteen (SSE2) or eight bytes at a time:
// every byte of the body is read, and digits are few.
size_t NextDigit(std::string_view s, size_t i) {
#if defined(__SSE2__)
  for (; i + 16 <= s.size(); i += 16) {  // sixteen at a time where SSE2 is
    const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const unsigned digits = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(w, _mm_set1_epi8('0' - 1)),
                                        _mm_cmplt_epi8(w, _mm_set1_epi8('9' + 1)))));
    if (digits != 0) return i + static_cast<size_t>(__builtin_ctz(digits));
  }
#endif
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const uint64_t digits = text::AsciiInRange(w, '0', '9');
    if (digits != 0) return i + static_cast<size_t>(__builtin_ctzll(digits)) / 8;
  }
  while (i < s.size() && !IsAsciiDigit(s[i])) ++i;
  return i;
}

}  // namespace

void MoneyExtractor::Extract(const Segmented& seg, vnnews::v1::Article* out) const {
  const Impl& lex = *impl_;
  const std::string_view s = seg.body;
  size_t i = 0;
  while (i < s.size()) {
    i = NextDigit(s, i);
    if (i >= s.size()) break;
    // Digits glued to a word or continuing a number are not an amount's start.
    bool glued = false;
    if (i > 0) {
      size_t b = i - 1;
      while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
      size_t pos = b;
      const char32_t cp = text::DecodeAt(s, &pos);
      glued = IsWordCp(cp);
      if (!glued && (cp == '-' || cp == '/' || cp == '.' || cp == ',') && b > 0) {
        size_t b2 = b - 1;
        while (b2 > 0 && (static_cast<unsigned char>(s[b2]) & 0xC0) == 0x80) --b2;
        size_t pos2 = b2;
        const char32_t cp2 = text::DecodeAt(s, &pos2);
        glued = text::IsLetter(cp2) || (cp != '-' && text::IsDigit(cp2));
      }
    }
    size_t num_end = i;
    std::optional<double> number = ParseVietnameseNumber(s, i, &num_end);
    if (glued || !number) {
      while (num_end < s.size() &&
             (IsAsciiDigit(s[num_end]) || s[num_end] == '.' || s[num_end] == ',')) {
        ++num_end;
      }
      i = std::max(num_end, i + 1);
      continue;
    }
    // A symbol or code before the amount: "$3 triệu", "US$ 5 million", "USD 5 million".
    size_t begin = i;
    std::string prefix_iso;
    for (const auto& [symbol, iso] : lex.prefixes) {
      size_t at = i;
      if (at > 0 && s[at - 1] == ' ' && !symbol.empty() &&
          static_cast<unsigned char>(symbol.back()) < 0x80 &&
          ((symbol.back() | 0x20) >= 'a' && (symbol.back() | 0x20) <= 'z')) {
        --at;  // a letter code may stand one space before: "USD 5 million"
      }
      if (at >= symbol.size() && s.substr(at - symbol.size(), symbol.size()) == symbol) {
        const size_t sb = at - symbol.size();
        bool clean = true;
        if (sb > 0) {
          size_t b = sb - 1;
          while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
          size_t pos = b;
          clean = !IsWordCp(text::DecodeAt(s, &pos));
        }
        if (clean) {
          prefix_iso = iso;
          begin = sb;
          break;
        }
      }
    }
    double amount = *number;
    size_t end = num_end;
    bool scaled = false;
    // Scale words: "triệu", "nghìn tỷ".
    for (int k = 0; k < 3; ++k) {
      size_t wb = 0;
      size_t we = 0;
      std::string_view w = CurrencyWord(s, end, true, &wb, &we);
      if (w.empty()) break;
      auto it = lex.scales.find(text::ToLower(w));
      if (it == lex.scales.end()) break;
      amount *= it->second;
      end = we;
      scaled = true;
    }
    // The currency name, longest first.
    std::string iso;
    size_t name_end = end;
    {
      // The words after the amount lowered and joined by spaces once: the names of one to
      // kMaxNameWords words are its prefixes, names[len] bytes long.
      size_t ends[kMaxNameWords];
      size_t names[kMaxNameWords + 1] = {0};
      std::string joined;
      int n = 0;
      size_t pos = end;
      for (; n < kMaxNameWords; ++n) {
        size_t wb = 0;
        size_t we = 0;
        std::string_view w = CurrencyWord(s, pos, true, &wb, &we);
        if (w.empty() || (n > 0 && wb != pos + 1)) break;
        if (n == 0 && wb > pos + 1) break;
        if (n > 0) joined.push_back(' ');
        joined += text::ToLower(w);
        names[n + 1] = joined.size();
        ends[n] = we;
        pos = we;
      }
      for (int len = n; len >= 1 && iso.empty(); --len) {
        const absl::string_view name(joined.data(), names[len]);
        auto it = lex.currencies.find(name);
        if (it == lex.currencies.end()) continue;
        if (it->second.strict && !scaled && amount < 1000) continue;
        if (len < n && lex.nots.contains(absl::string_view(joined.data(), names[len + 1]))) break;
        iso = it->second.iso;
        name_end = ends[len - 1];
      }
    }
    if (iso.empty() && !prefix_iso.empty()) {
      iso = prefix_iso;
      name_end = end;
    }
    if (iso.empty()) {
      i = num_end;
      continue;
    }
    vnnews::v1::Money* m = out->add_money();
    m->set_amount(amount);
    m->set_currency(iso);
    auto* span = m->mutable_span();
    span->set_begin(static_cast<int32_t>(begin));
    span->set_end(static_cast<int32_t>(name_end));
    span->set_text(std::string(s.substr(begin, name_end - begin)));
    i = name_end;
  }
}

}  // namespace vnnews::extract
