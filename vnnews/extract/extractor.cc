#include "vnnews/extract/extractor.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "vnnews/common/status_macros.h"
#include "vnnews/extract/dates.h"
#include "vnnews/extract/entities.h"
#include "vnnews/extract/money.h"
#include "vnnews/extract/ner.h"
#include "vnnews/extract/persons.h"
#include "vnnews/extract/segment.h"
#include "vnnews/extract/topics.h"
#include "vnnews/record/record.h"
#include "vnnews/text/text.h"

#ifndef VNNEWS_DATA_DIR_DEFAULT
#define VNNEWS_DATA_DIR_DEFAULT "lexicon"
#endif

namespace vnnews::extract {
namespace {

bool HasWord(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if ((b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')) return true;
      ++i;
      continue;
    }
    const char32_t cp = text::DecodeAt(s, &i);
    if (text::IsLetter(cp) || text::IsDigit(cp)) return true;
  }
  return false;
}

// Sentence starts of `body` (byte offsets, ascending, the first is 0): a line break ends a
// sentence, and so does . ! ? … followed by a space and a capital, a digit or a quote, unless
// the word before the stop is a short abbreviation ("TP. Hồ Chí Minh", "PGS.TS. Nguyễn").
std::vector<size_t> SentenceStarts(std::string_view body) {
  std::vector<size_t> starts = {0};
  const size_t n = body.size();
  // Whether a sentence starts after the byte at `i`.
  auto at = [&](size_t i) {
    const char c = body[i];
    if (c == '\n') {
      starts.push_back(i + 1);
      return;
    }
    size_t stop_end = 0;
    if (c == '.' || c == '!' || c == '?') {
      stop_end = i + 1;
    } else if (c == '\xE2' && i + 2 < n && body[i + 1] == '\x80' && body[i + 2] == '\xA6') {
      stop_end = i + 3;
    } else {
      return;
    }
    size_t j = stop_end;
    while (j < n && (body[j] == '.' || body[j] == '"' || body[j] == ')' || body[j] == '/')) ++j;
    if (j >= n || body[j] != ' ') return;
    size_t k = j + 1;
    if (k >= n) return;
    size_t pos = k;
    const char32_t next = text::DecodeAt(body, &pos);
    if (!(text::IsUpper(next) || text::IsDigit(next) || next == '"' || next == 0x201C ||
          next == '(' || next == '[')) {
      return;
    }
    if (c == '.') {
      // The word before the stop: a short all-capital word is an abbreviation.
      size_t w = i;
      while (w > 0 && body[w - 1] != ' ' && body[w - 1] != '\n') --w;
      std::string_view word = body.substr(w, i - w);
      if (text::CodePointCount(word) <= 3 && text::IsAllUpper(word)) return;
    }
    starts.push_back(k);
  };
  // Sixteen bytes at a time (SSE2) or eight to the next line break, stop or '…' lead byte.
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16) {
    const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(body.data() + i));
    auto is = [&w](char b) { return _mm_cmpeq_epi8(w, _mm_set1_epi8(b)); };
    unsigned found = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(is('\n'), is('.')),
                     _mm_or_si128(_mm_or_si128(is('!'), is('?')), is('\xE2')))));
    while (found != 0) {
      at(i + static_cast<size_t>(__builtin_ctz(found)));
      found &= found - 1;
    }
  }
#endif
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, body.data() + i, 8);
    uint64_t found = text::BytesEqual(w, '\n') | text::BytesEqual(w, '.') |
                     text::BytesEqual(w, '!') | text::BytesEqual(w, '?') |
                     text::BytesEqual(w, 0xE2);
    while (found != 0) {
      at(i + static_cast<size_t>(__builtin_ctzll(found)) / 8);
      found &= found - 1;
    }
  }
  for (; i < n; ++i) at(i);
  return starts;
}

// Turns the byte offsets of every span into code-point offsets, in one pass over the body,
// and gives each span its text and where its sentence stands (the record keeps no copy of the
// sentence: record::FillSentences makes one where a record is shown).
void FinishSpans(std::string_view body, vnnews::v1::Article* a) {
  std::vector<vnnews::v1::Span*> spans;
  record::ForEachSpan(*a, [&](vnnews::v1::Span& s) { spans.push_back(&s); });
  if (spans.empty()) return;
  const std::vector<size_t> starts = SentenceStarts(body);
  // Every offset to convert, as a byte offset and where its code-point offset goes.
  struct Offset {
    size_t byte;
    int32_t* out;
  };
  std::vector<Offset> offsets;
  // Sentence k runs from starts[k] to sentence_ends[k], trailing spaces and line breaks off;
  // its code-point offsets land in sentence_cps[2k] and [2k + 1].
  std::vector<int32_t> sentence_cps(2 * starts.size(), 0);
  offsets.reserve(2 * spans.size() + 2 * starts.size());
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t se = k + 1 < starts.size() ? starts[k + 1] : body.size();
    while (se > starts[k] && (body[se - 1] == ' ' || body[se - 1] == '\n')) --se;
    offsets.push_back({starts[k], &sentence_cps[2 * k]});
    offsets.push_back({se, &sentence_cps[2 * k + 1]});
  }
  // Each span's byte offsets, then its code-point offsets.
  std::vector<int32_t> span_cps(2 * spans.size(), 0);
  std::vector<size_t> sentence_of(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    vnnews::v1::Span* s = spans[i];
    // Offsets past the body or inside a character are clamped to the character's start.
    auto clamp = [&](int32_t v) {
      size_t b = v < 0 ? 0 : std::min(static_cast<size_t>(v), body.size());
      while (b > 0 && b < body.size() && (static_cast<unsigned char>(body[b]) & 0xC0) == 0x80) --b;
      return b;
    };
    const size_t begin = clamp(s->begin());
    const size_t end = std::max(begin, clamp(s->end()));
    if (s->text().empty()) s->set_text(std::string(body.substr(begin, end - begin)));
    // The sentence around the mention.
    sentence_of[i] =
        static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), begin) - starts.begin()) -
        1;
    offsets.push_back({begin, &span_cps[2 * i]});
    offsets.push_back({end, &span_cps[2 * i + 1]});
  }
  std::sort(offsets.begin(), offsets.end(),
            [](const Offset& x, const Offset& y) { return x.byte < y.byte; });
  // Code points before each offset: whole eight-byte chunks are counted once as the offsets
  // pass them, and the part of a chunk before an offset by masking it (offsets are many: two a
  // span and two a sentence, most a few bytes apart).
  size_t chunk = 0;     // a multiple of 8: the chunk the offsets at hand fall in
  int32_t before = 0;   // code points before `chunk`
  for (const Offset& o : offsets) {
    while (chunk + 8 <= o.byte) {
      uint64_t w;
      std::memcpy(&w, body.data() + chunk, 8);
      before += static_cast<int32_t>(text::CharacterStarts(w));
      chunk += 8;
    }
    const size_t k = o.byte - chunk;  // 0..7 bytes of the chunk before the offset
    size_t part = 0;
    if (k > 0 && chunk + 8 <= body.size()) {
      uint64_t w;
      std::memcpy(&w, body.data() + chunk, 8);
      // The bytes at and after the offset zeroed: each counts as a start, and is taken off.
      part = text::CharacterStarts(w & ((uint64_t{1} << (8 * k)) - 1)) - (8 - k);
    } else if (k > 0) {
      part = text::CodePointCount(body.substr(chunk, k));
    }
    *o.out = before + static_cast<int32_t>(part);
  }
  for (size_t i = 0; i < spans.size(); ++i) {
    spans[i]->set_begin(span_cps[2 * i]);
    spans[i]->set_end(span_cps[2 * i + 1]);
    spans[i]->set_sentence_begin(sentence_cps[2 * sentence_of[i]]);
    spans[i]->set_sentence_end(sentence_cps[2 * sentence_of[i] + 1]);
  }
}

}  // namespace

std::string DefaultLexiconDir() {
  if (const char* env = std::getenv("VNNEWS_LEXICON_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path installed =
        exe.parent_path() / ".." / "share" / "vnnews" / "lexicon";
    if (std::filesystem::is_directory(installed, ec)) return installed.lexically_normal().string();
  }
  return VNNEWS_DATA_DIR_DEFAULT;
}

Extractor::Extractor() = default;
Extractor::~Extractor() = default;

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Load(const std::string& lexicon_dir) {
  std::unique_ptr<Extractor> x(new Extractor());
  VNNEWS_ASSIGN_OR_RETURN(x->lex_, ner::Lexicon::Load(lexicon_dir));
  VNNEWS_ASSIGN_OR_RETURN(x->segmenter_, Segmenter::Load(lexicon_dir));
  VNNEWS_ASSIGN_OR_RETURN(x->persons_, PersonExtractor::Load(lexicon_dir));
  VNNEWS_ASSIGN_OR_RETURN(x->entities_, EntityExtractor::Load(lexicon_dir));
  VNNEWS_ASSIGN_OR_RETURN(x->dates_, DateExtractor::Load(lexicon_dir));
  VNNEWS_ASSIGN_OR_RETURN(x->money_, MoneyExtractor::Load(lexicon_dir));
  VNNEWS_ASSIGN_OR_RETURN(x->topics_, TopicClassifier::Load(lexicon_dir));
  return x;
}

absl::StatusOr<vnnews::v1::Article> Extractor::Extract(std::string_view raw_text,
                                                       const ExtractOptions& options) const {
  std::optional<absl::CivilDay> publication;
  if (!options.publication_date.empty()) {
    VNNEWS_ASSIGN_OR_RETURN(publication, ParsePublicationDate(options.publication_date));
  }
  absl::StatusOr<std::string> normalized =
      options.text_is_normalized ? std::string(raw_text) : text::Normalize(raw_text);
  if (!normalized.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("text: ", normalized.status().message()));
  }
  if (!HasWord(*normalized)) {
    return absl::InvalidArgumentError(
        raw_text.empty() ? "text: empty" : "text: no words (only spaces, punctuation or symbols)");
  }
  std::string title;
  if (!options.title.empty()) {
    absl::StatusOr<std::string> t = text::Normalize(options.title);
    if (!t.ok()) return absl::InvalidArgumentError(absl::StrCat("title: ", t.status().message()));
    title = std::move(*t);
  }

  Segmented seg = segmenter_->Split(*normalized);
  if (!title.empty()) seg.title = title;

  vnnews::v1::Article a;
  {
    const std::unique_ptr<const ner::Analysis> analysis = ner::Analyze(*lex_, seg);
    persons_->Extract(seg, *analysis, &a);
    entities_->Extract(seg, *analysis, &a);
    dates_->Extract(seg, publication, &a);
    money_->Extract(seg, &a);
    topics_->Classify(seg, analysis->toks, &a);
  }
  FinishSpans(seg.body, &a);

  a.set_source_uri(options.source_uri);
  a.set_title(seg.title);
  a.set_source(seg.source);
  a.set_extractor_version(kExtractorVersion);
  if (publication) a.set_publication_date(options.publication_date);
  a.set_body(std::move(seg.body));
  return a;
}

const std::vector<vnnews::v1::Topic>& Extractor::topics() const { return topics_->topics(); }

bool Extractor::HasTopic(std::string_view id) const { return topics_->HasTopic(id); }

}  // namespace vnnews::extract
