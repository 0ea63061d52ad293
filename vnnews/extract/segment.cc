#include "vnnews/extract/segment.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "vnnews/common/status_macros.h"
#include "vnnews/extract/ner.h"
#include "vnnews/text/text.h"

namespace vnnews::extract {

using ner::AV;
using ner::LowerCase;
using ner::StartsWith;
using ner::Trim;

struct Segmenter::Impl {
  // Lower-case markers from furniture.txt, by kind.
  absl::flat_hash_set<std::string> end, line, credit, source, byline, notname;
  std::vector<std::string> prefixes;
  // The first bytes the "end" and "line" markers and the prefixes open with: a line opening
  // with another byte (once lowered) equals none and starts with none.
  std::array<bool, 256> marker_first{};
  size_t longest_prefix = 0;  // bytes of the longest prefix
  // Places and organizations are not bylines or photographers.
  std::shared_ptr<const ner::Lexicon> lex;
};

Segmenter::Segmenter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Segmenter::~Segmenter() = default;

absl::StatusOr<std::unique_ptr<Segmenter>> Segmenter::Load(const std::string& lexicon_dir) {
  auto impl = std::make_unique<Impl>();
  std::string path = lexicon_dir + "/furniture.txt";
  Impl* m = impl.get();
  VNNEWS_RETURN_IF_ERROR(ner::ReadDictionary(
      path, true, [&](std::string_view kind, std::string_view text, int line_no) {
        std::string low = LowerCase(text);
        if (kind == "end") {
          m->end.insert(low);
        } else if (kind == "line") {
          m->line.insert(low);
        } else if (kind == "prefix") {
          m->prefixes.push_back(low);
        } else if (kind == "credit") {
          m->credit.insert(low);
        } else if (kind == "source") {
          m->source.insert(low);
        } else if (kind == "byline") {
          m->byline.insert(low);
        } else if (kind == "notname") {
          m->notname.insert(low);
        } else {
          return absl::InvalidArgumentError(absl::StrCat(path, ":", line_no, ": unknown kind \"",
                                                         AV(kind), "\""));
        }
        return absl::OkStatus();
      }));
  auto note_first = [m](const std::string& k) {
    if (k.empty()) {
      m->marker_first.fill(true);
    } else {
      m->marker_first[static_cast<unsigned char>(k[0])] = true;
    }
  };
  for (const std::string& k : m->end) note_first(k);
  for (const std::string& k : m->line) note_first(k);
  for (const std::string& k : m->prefixes) {
    note_first(k);
    m->longest_prefix = std::max(m->longest_prefix, k.size());
  }
  VNNEWS_ASSIGN_OR_RETURN(impl->lex, ner::Lexicon::Load(lexicon_dir));
  return std::unique_ptr<Segmenter>(new Segmenter(std::move(impl)));
}

namespace {

// Byte length of a dash ('-', '–', '—') at s[i], 0 when none.
size_t DashAt(std::string_view s, size_t i) {
  if (i < s.size() && s[i] == '-') return 1;
  if (s.compare(i, 3, "\xE2\x80\x93") == 0 || s.compare(i, 3, "\xE2\x80\x94") == 0) return 3;
  return 0;
}

// The number of space-separated words of `s`, counted up to `limit` (the callers compare it
// with small bounds: a long paragraph is not read to its end).
size_t WordCount(std::string_view s, size_t limit) {
  // Eight bytes at a time (asked of every line, up to 60 words): a word starts at each byte
  // that is not a space where the byte before it is one (or is the first).
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t n = 0;
  uint64_t before = 0;  // 0x80 when the byte before the chunk is not a space (none is a space)
  size_t i = 0;
  for (; i + 8 <= s.size() && n < limit; i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const uint64_t word = ~text::BytesEqual(w, ' ') & kHigh;  // 0x80 where not a space
    const uint64_t starts = word & ~((word << 8) | before);
    n += static_cast<size_t>((((starts >> 7) * 0x0101010101010101ULL) >> 56));
    before = (word >> 56) & 0x80;
  }
  bool in = before != 0;
  for (; i < s.size() && n < limit; ++i) {
    if (s[i] == ' ') {
      in = false;
    } else if (!in) {
      in = true;
      ++n;
    }
  }
  return std::min(n, limit);
}

// The last character, ignoring closing quotes and brackets.
char32_t LastMeaningful(std::string_view s) {
  // Backwards, one code point at a time: asked of whole paragraphs.
  size_t end = s.size();
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t pos = start;
    const char32_t c = text::DecodeAt(s.substr(0, end), &pos);
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
        c == 0xBB || c == ' ') {
      end = start;
      continue;
    }
    return c;
  }
  return 0;
}

bool EndsSentence(std::string_view s) {
  char32_t c = LastMeaningful(s);
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ':' || c == ';' || c == ',';
}

// Video player labels and clocks: "0:00 / 0:00", "0:00", "12:45".
bool IsTimeLabel(std::string_view s) {
  bool colon = false, digit = false;
  for (char c : s) {
    if (c == ':') {
      colon = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != ' ' && c != '/' && c != '.' && c != '-') {
      return false;
    }
  }
  return colon && digit;
}

// A line that is an image, a link or a URL: "![…](…)", "![]() |", "[text](url)", "https://…".
bool IsLinkLine(std::string_view s) {
  if (StartsWith(s, "![") || StartsWith(s, "[![")) return true;
  if (StartsWith(s, "http://") || StartsWith(s, "https://") || StartsWith(s, "www.")) return true;
  if (StartsWith(s, "[") && s.find("](") != std::string_view::npos) return true;
  return false;
}

// The line without trailing table separators ("… (Ảnh: VGP) |").
std::string_view StripPipes(std::string_view s) {
  s = Trim(s);
  while (!s.empty() && s.back() == '|') s = Trim(s.substr(0, s.size() - 1));
  while (!s.empty() && s.front() == '|') s = Trim(s.substr(1));
  return s;
}

// "Thành Nam", "THÀNH NAM", "Jean-Pierre Dupont": two to five capitalized words of letters.
bool NameShaped(std::string_view s) {
  size_t words = 0;
  size_t pos = 0;
  bool word_start = true;
  bool any_lower_word = false, any_caps_word = false;
  bool word_has_lower = false;
  int word_letters = 0;
  auto end_word = [&] {
    any_lower_word |= word_has_lower;
    any_caps_word |= !word_has_lower && word_letters >= 2;  // an initial is not an acronym
  };
  while (pos < s.size()) {
    char32_t cp = text::DecodeAt(s, &pos);
    if (cp == ' ') {
      if (!word_start) end_word();
      word_start = true;
      continue;
    }
    if (word_start) {
      if (!text::IsUpper(cp)) return false;
      ++words;
      word_start = false;
      word_has_lower = false;
      word_letters = 1;
      continue;
    }
    if (cp == '-' || cp == '.' || cp == '\'') continue;
    if (!text::IsLetter(cp)) return false;
    ++word_letters;
    if (text::IsLower(cp)) word_has_lower = true;
  }
  if (!word_start) end_word();
  // "Nhóm PV": a word in capitals beside words in proper case is an acronym, not a name.
  if (any_caps_word && any_lower_word) return false;
  return words >= 2 && words <= 5;
}

struct Part {
  size_t begin, end;  // bytes in the line
};

// Hashes a paragraph by its size and its first and last 16 bytes, read as four numbers:
// paragraphs that differ mostly differ there, and a whole paragraph hashed for each look-up
// (or bytes through absl's string hash) costs more than the rare equal-ends pair the set's
// equality then tells apart.
struct EndsHash {
  size_t operator()(absl::string_view s) const {
    constexpr size_t kEnd = 16;
    if (s.size() < kEnd) return absl::Hash<absl::string_view>()(s);
    uint64_t w[4];
    std::memcpy(&w[0], s.data(), kEnd);
    std::memcpy(&w[2], s.data() + s.size() - kEnd, kEnd);
    return absl::HashOf(s.size(), w[0], w[1], w[2], w[3]);
  }
};

// Cuts s[b, e) at '/', ',', ';', " - ", " – ", " và ": the names of a credit.
std::vector<Part> CutNames(std::string_view s, size_t b, size_t e) {
  std::vector<Part> parts;
  size_t start = b;
  auto push = [&](size_t end) {
    size_t x = start, y = end;
    while (x < y && s[x] == ' ') ++x;
    while (y > x && s[y - 1] == ' ') --y;
    if (y > x) parts.push_back({x, y});
  };
  for (size_t i = b; i < e;) {
    size_t cut = 0;
    if (s[i] == '/' || s[i] == ',' || s[i] == ';') {
      cut = 1;
    } else if (s[i] == ' ' && i + 1 < e && DashAt(s, i + 1) && i + 1 + DashAt(s, i + 1) < e &&
               s[i + 1 + DashAt(s, i + 1)] == ' ') {
      cut = 1 + DashAt(s, i + 1) + 1;
    } else if (s.compare(i, 5, " và ") == 0) {
      cut = 5;
    }
    if (cut > 0) {
      push(i);
      i += cut;
      start = i;
    } else {
      ++i;
    }
  }
  push(e);
  return parts;
}

}  // namespace

Segmented Segmenter::Split(std::string_view normalized) const {
  const Impl& m = *impl_;
  Segmented seg;
  seg.body.reserve(normalized.size());  // the body is a part of the text: one allocation

  std::vector<std::string_view> lines;
  for (size_t b = 0; b <= normalized.size();) {
    size_t e = normalized.find('\n', b);
    if (e == std::string_view::npos) e = normalized.size();
    lines.push_back(normalized.substr(b, e - b));
    b = e + 1;
  }

  // The line lower-cased for the marker look-ups. Markers are short: a long line is lowered
  // only as far as a marker could reach, and marked as cut so that it equals none.
  // A line whose first character, lowered, opens no marker is not lowered at all (most lines):
  // its key is "\x01", which equals no marker and starts with no prefix either.
  // The key goes into `*low`: one string serves every line, with no allocation per line.
  auto lower_key = [&m](std::string_view s, std::string* low) {
    s = Trim(s);
    while (!s.empty() && (s.back() == ':' || s.back() == '|')) s = Trim(s.substr(0, s.size() - 1));
    if (!s.empty()) {
      const auto lead = static_cast<unsigned char>(s[0]);
      const size_t first = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      ner::LowerCaseTo(s.substr(0, first), low);
      if (low->empty() || !m.marker_first[static_cast<unsigned char>((*low)[0])]) {
        low->assign("\x01");
        return;
      }
    }
    constexpr size_t kMarkerBytes = 96;
    if (s.size() <= kMarkerBytes) {
      ner::LowerCaseTo(s, low);
      return;
    }
    size_t cut = kMarkerBytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    // The cut key equals no marker: only the prefixes are compared with it, and they read no
    // more of it than the longest one. Lowered that far (most paragraphs are long lines), the
    // comparisons come out as with the whole cut lowered.
    size_t part = std::min(cut, m.longest_prefix);
    while (part < cut && (static_cast<unsigned char>(s[part]) & 0xC0) == 0x80) ++part;
    ner::LowerCaseTo(s.substr(0, part), low);
    if (low->size() < m.longest_prefix && part < cut) ner::LowerCaseTo(s.substr(0, cut), low);
    low->push_back('\x01');
  };
  std::string low;  // the key of the line at hand
  auto is_dictionary_name = [&](std::string_view s) {
    ner::Tokens t(s);
    ner::PhraseMap::Value v;
    return (t.size() > 0 && (m.lex->places.Match(t, 0, &v) == t.size() ||
                             m.lex->orgs.Match(t, 0, &v) == t.size()));
  };
  // Furniture wherever it stands: images, links, player labels, buttons, tagged teasers.
  auto is_furniture = [&](std::string_view s, const std::string& low) {
    if (IsLinkLine(s) || IsTimeLabel(s)) return true;
    if (m.line.contains(low)) return true;
    for (const std::string& p : m.prefixes) {
      // The first bytes first: most prefixes differ there (no call to compare).
      if (!p.empty() && (low.empty() || p[0] != low[0])) continue;
      if (StartsWith(low, p)) return true;
    }
    return false;
  };
  auto is_nav = [&](std::string_view s) {
    return WordCount(s, 5) <= 4 && !EndsSentence(s);
  };
  auto credit_ok = [&](std::string_view name) {
    return NameShaped(name) && !m.notname.contains(LowerCase(name)) && !is_dictionary_name(name);
  };

  // A photo caption ("… - Ảnh: VGP/Hải Minh") is not a title.
  auto has_credit = [&](std::string_view s) {
    for (size_t colon = s.find(':'); colon != std::string_view::npos;
         colon = s.find(':', colon + 1)) {
      size_t k = colon;
      while (k > 0 && s[k - 1] == ' ') --k;
      size_t b = k;
      while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '(') --b;
      for (int words = 0; words < 3; ++words) {
        if (m.credit.contains(LowerCase(s.substr(b, k - b)))) return true;
        if (b < 2) break;
        b -= 1;
        while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '(') --b;
      }
    }
    return false;
  };

  // --- The top of the page: menus (runs of very short lines) and furniture.
  size_t i = 0;
  while (i < lines.size()) {
    std::string_view s = StripPipes(lines[i]);
    if (s.empty()) {
      low.clear();
    } else {
      lower_key(s, &low);
    }
    if (s.empty() || is_furniture(s, low) || m.end.contains(low)) {
      ++i;
      continue;
    }
    size_t run = 0;
    for (size_t k = i; k < lines.size(); ++k) {
      std::string_view x = StripPipes(lines[k]);
      if (x.empty()) continue;
      if (!is_nav(x)) break;
      ++run;
    }
    if (run >= 3) {
      while (i < lines.size() && (StripPipes(lines[i]).empty() || is_nav(StripPipes(lines[i])))) ++i;
      continue;
    }
    break;
  }

  // --- The title, possibly glued to the lead: "…cho Việt Nam(Chinhphu.vn) - Ngoài…".
  std::string lead;  // the rest of the title's line, when the lead was glued to it
  if (i < lines.size()) {
    std::string_view first = StripPipes(lines[i]);
    bool has_more = false;
    for (size_t k = i + 1; k < lines.size(); ++k) has_more |= !StripPipes(lines[k]).empty();
    bool glued = false;
    for (size_t p = first.find('('); p != std::string_view::npos && p < 400;
         p = first.find('(', p + 1)) {
      size_t q = first.find(')', p);
      if (q == std::string_view::npos || q - p > 42) continue;
      std::string_view src = Trim(first.substr(p + 1, q - p - 1));
      if (src.empty() || WordCount(src, 5) > 4 || src.find('(') != std::string_view::npos) continue;
      size_t r = q + 1;
      while (r < first.size() && first[r] == ' ') ++r;
      size_t d = DashAt(first, r);
      if (d == 0) continue;
      std::string_view title = Trim(first.substr(0, p));
      if (WordCount(title, 3) < 3) continue;
      seg.title = std::string(title);
      seg.source = std::string(src);
      lead = std::string(Trim(first.substr(r + d)));
      glued = true;
      break;
    }
    if (glued) {
      ++i;
    } else if (has_more && WordCount(first, 36) >= 4 && WordCount(first, 36) <= 35 &&
               first.size() <= 300 && !EndsSentence(first) && !NameShaped(first) &&
               !has_credit(first)) {
      seg.title = std::string(first);
      ++i;
    }
  }

  // --- The body.
  bool started = false;        // a paragraph of the story has been seen
  bool ended = false;          // the story is over (a byline, a list of other articles)
  bool ended_by_list = false;  // ... by a list heading: a long paragraph may resume it
  bool first_body_line = true;
  // Paragraphs kept so far, as views: into `normalized`, `lead`, `with_dateline` (set once) and
  // seg.title, none of which changes until Split returns.
  absl::flat_hash_set<absl::string_view, EndsHash> seen;
  if (!seg.title.empty()) seen.insert(AV(seg.title));

  auto append = [&](std::string_view s) -> size_t {
    if (!seg.body.empty()) seg.body.push_back('\n');
    size_t at = seg.body.size();
    seg.body.append(s.data(), s.size());
    return at;
  };

  // Photo credits inside a kept line at body offset `at`: "Ảnh: VGP/Hải Minh", "(Ảnh: VGP)".
  auto photo_credits = [&](std::string_view s, size_t at) {
    for (size_t colon = s.find(':'); colon != std::string_view::npos;
         colon = s.find(':', colon + 1)) {
      size_t k = colon;
      while (k > 0 && s[k - 1] == ' ') --k;
      // The marker: up to three words before the colon.
      bool is_credit = false;
      size_t b = k;
      for (int words = 0; words < 3 && b > 0; ++words) {
        size_t w = b;
        while (w > 0 && s[w - 1] == ' ') --w;
        size_t x = w;
        while (x > 0 && s[x - 1] != ' ' && s[x - 1] != '(' && s[x - 1] != '|') --x;
        if (x == w) break;
        b = x;
        if (m.credit.contains(LowerCase(s.substr(b, k - b)))) {
          is_credit = true;
          break;
        }
      }
      if (!is_credit) continue;
      size_t e = colon + 1;
      while (e < s.size() && s[e] != ')' && s[e] != '|' && s[e] != '(') ++e;
      for (const Part& part : CutNames(s, colon + 1, e)) {
        std::string_view name = s.substr(part.begin, part.end - part.begin);
        if (!credit_ok(name)) continue;
        seg.credits.push_back(Credit{ner::ProperCase(name), "photo_credit", at + part.begin,
                                     at + part.end});
      }
    }
  };

  // A byline line: names only ("Thành Nam", "THÀNH NAM", "Minh Anh - Thu Hà",
  // "Bài và ảnh: Minh Anh", "Thành Nam (tổng hợp)"). Returns the names' parts.
  auto byline_parts = [&](std::string_view s, std::vector<Part>* parts) {
    if (s.size() > 120) return false;
    size_t b = 0, e = s.size();
    size_t colon = s.find(':');
    if (colon != std::string_view::npos) {
      std::string_view before = Trim(s.substr(0, colon));
      if (m.byline.contains(LowerCase(before))) {
        b = colon + 1;
      } else {
        // "Tuấn Anh - Ảnh: Trọng Hải": the byline, then a photo credit.
        size_t w = before.rfind(' ');
        std::string_view marker = w == std::string_view::npos ? before : before.substr(w + 1);
        if (!m.credit.contains(LowerCase(marker)) || w == std::string_view::npos) return false;
        size_t cut = w;
        while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == '-' || s[cut - 1] == ',' ||
                           s[cut - 1] == '.' || s[cut - 1] == '(')) {
          --cut;
        }
        if (cut >= 3 && s.compare(cut - 3, 3, "\xE2\x80\x93") == 0) cut -= 3;
        while (cut > 0 && s[cut - 1] == ' ') --cut;
        e = cut;
        if (e == 0) return false;
      }
    }
    size_t paren = s.find('(', b);
    if (paren != std::string_view::npos && paren < e) {
      if (s[e - 1] != ')') return false;
      e = paren;
    }
    *parts = CutNames(s, b, e);
    if (parts->empty()) return false;
    for (const Part& p : *parts) {
      if (!credit_ok(s.substr(p.begin, p.end - p.begin))) return false;
    }
    return true;
  };

  std::string with_dateline;
  auto process = [&](std::string_view raw) {
    std::string_view s = StripPipes(raw);
    if (s.empty()) return;
    if (ended) {
      // A long paragraph after a list heading: the story goes on (a related box inside it).
      // (Sixty words take at least 119 bytes: most lines after a list are its short items.)
      if (ended_by_list && s.size() >= 2 * 60 - 1 && EndsSentence(s) && WordCount(s, 60) >= 60) {
        ended = false;
      } else {
        return;
      }
    }
    lower_key(s, &low);
    if (is_furniture(s, low)) return;
    if (m.end.contains(low)) {
      if (started) {
        ended = true;
        ended_by_list = true;
      }
      return;
    }
    if (seen.contains(AV(s))) return;
    if (started) {
      // "Theo TTXVN", "(Theo Reuters)", "Nguồn: Bộ Y tế": the source, and the story's end.
      std::string_view inner = s;
      if (inner.size() > 2 && inner.front() == '(' && inner.back() == ')') {
        inner = Trim(inner.substr(1, inner.size() - 2));
      }
      size_t sp = inner.find_first_of(" :");
      if (sp != std::string_view::npos && WordCount(inner, 9) <= 8 && !EndsSentence(inner) &&
          m.source.contains(LowerCase(inner.substr(0, sp)))) {
        std::string_view src = Trim(inner.substr(sp + 1));
        while (!src.empty() && src.front() == ':') src = Trim(src.substr(1));
        if (seg.source.empty() && !src.empty()) seg.source = std::string(src);
        ended = true;
        ended_by_list = false;
        return;
      }
      std::vector<Part> parts;
      if (byline_parts(s, &parts)) {
        size_t at = append(s);
        for (const Part& p : parts) {
          seg.credits.push_back(Credit{ner::ProperCase(s.substr(p.begin, p.end - p.begin)),
                                       "byline", at + p.begin, at + p.end});
        }
        photo_credits(s, at);
        ended = true;
        ended_by_list = false;
        return;
      }
    }
    if (first_body_line) {
      first_body_line = false;
      // "NDO - Ngày 6/9…", "(Chinhphu.vn) - …", "HÀ NỘI (TTXVN) - …": the source tag.
      std::string_view src, rest;
      // A dateline before the tag ("HÀ NỘI (TTXVN) -", "Hà Nội (TTXVN) -") stays in the text.
      size_t p = s.find('(');
      bool dateline = p != std::string_view::npos && p <= 30 && WordCount(s.substr(0, p), 5) <= 4;
      for (size_t k = 0; dateline && k < p;) {
        bool word_start = k == 0 || s[k - 1] == ' ';
        char32_t cp = text::DecodeAt(s, &k);
        if (word_start && cp != ' ' && !text::IsUpper(cp)) dateline = false;
      }
      std::string_view place = dateline ? Trim(s.substr(0, p)) : std::string_view();
      if (dateline) {
        size_t q = s.find(')', p);
        if (q != std::string_view::npos && q - p <= 42) {
          size_t r = q + 1;
          while (r < s.size() && s[r] == ' ') ++r;
          if (size_t d = DashAt(s, r); d > 0) {
            src = Trim(s.substr(p + 1, q - p - 1));
            rest = Trim(s.substr(r + d));
          }
        }
      }
      if (src.empty()) {
        size_t w = s.find(' ');
        if (w != std::string_view::npos && w >= 2 && w <= 24) {
          std::string_view word = s.substr(0, w);
          size_t d = DashAt(s, w + 1);
          bool tag = word.find('.') != std::string_view::npos || text::IsAllUpper(word);
          if (tag && d > 0 && w + 1 + d < s.size() && s[w + 1 + d] == ' ') {
            src = word;
            rest = Trim(s.substr(w + 1 + d));
          }
        }
      }
      if (!src.empty() && !rest.empty() && WordCount(src, 5) <= 4) {
        if (seg.source.empty()) seg.source = std::string(src);
        if (!place.empty()) {
          with_dateline = absl::StrCat(AV(place), " - ", AV(rest));
          s = with_dateline;
        } else {
          s = rest;
        }
      }
    }
    seen.insert(AV(s));
    size_t at = append(s);
    photo_credits(s, at);
    if (WordCount(s, 8) >= 8) started = true;
  };

  if (!lead.empty()) process(lead);
  for (; i < lines.size(); ++i) process(lines[i]);
  return seg;
}

}  // namespace vnnews::extract
