#include "vnnews/store/keys.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "vnnews/record/record.h"
#include "vnnews/store/codec.h"
#include "vnnews/text/text.h"

namespace vnnews::store {

const char* CfName(Cf cf) {
  switch (cf) {
    case kDefault:
      return "default";
    case kDocuments:
      return "documents";
    case kRaw:
      return "raw";
    case kSummaries:
      return "summaries";
    case kList:
      return "list";
    case kPerson:
      return "person";
    case kNames:
      return "names";
    case kDate:
      return "date";
    case kTopic:
      return "topic";
    case kOrganization:
      return "organization";
    case kLocation:
      return "location";
    case kTerms:
      return "terms";
    case kMeta:
      return "meta";
    case kCfCount:
      break;
  }
  return "?";
}

namespace keys {

std::string InvertedDay(int32_t day) {
  std::string out;
  codec::PutBigEndian32(0xFFFFFFFFu - static_cast<uint32_t>(std::max(day, 0)), &out);
  return out;
}

int32_t DayFromInverted(std::string_view four_bytes) {
  return static_cast<int32_t>(0xFFFFFFFFu - codec::GetBigEndian32(four_bytes));
}

std::string WordPrefix(std::string_view word) {
  std::string out(word);
  out.push_back('\0');
  return out;
}

std::string FullNameWord(std::string_view person_key) {
  std::string out(1, kFullNameMark);
  out.append(person_key);
  return out;
}

std::string WordKey(std::string_view word, int32_t day, std::string_view id) {
  std::string out;
  out.reserve(word.size() + 5 + id.size());
  out.append(word);
  out.push_back('\0');
  out.append(InvertedDay(day));
  out.append(id);
  return out;
}

bool ParseWordKey(std::string_view key, std::string_view* word, int32_t* day,
                  std::string_view* id) {
  size_t zero = key.find('\0');
  if (zero == std::string_view::npos || key.size() < zero + 1 + 4) return false;
  *word = key.substr(0, zero);
  *day = DayFromInverted(key.substr(zero + 1, 4));
  *id = key.substr(zero + 5);
  return true;
}

std::string DateKey(char field, int32_t day, std::string_view id) {
  std::string out(1, field);
  out.append(InvertedDay(day));
  out.append(id);
  return out;
}

bool ParseDateKey(std::string_view key, char* field, int32_t* day, std::string_view* id) {
  if (key.size() < 5) return false;
  *field = key[0];
  *day = DayFromInverted(key.substr(1, 4));
  *id = key.substr(5);
  return true;
}

std::string ListKey(int32_t day, std::string_view id) {
  std::string out = InvertedDay(day);
  out.append(id);
  return out;
}

bool ParseListKey(std::string_view key, int32_t* day, std::string_view* id) {
  if (key.size() < 4) return false;
  *day = DayFromInverted(key.substr(0, 4));
  *id = key.substr(4);
  return true;
}

}  // namespace keys

std::string CapUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t n = max_bytes;
  // Back off continuation bytes so the cut falls on a character boundary.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

void EncodeMention(const Mention& m, std::string* out) {
  codec::PutVarint(static_cast<uint64_t>(m.begin + 1), out);
  codec::PutVarint(static_cast<uint64_t>(m.end + 1), out);
  codec::PutLengthPrefixed(m.sentence, out);
}

bool DecodeMention(std::string_view* in, Mention* m) {
  uint64_t b = 0, e = 0;
  std::string_view sentence;
  if (!codec::GetVarint(in, &b) || !codec::GetVarint(in, &e) ||
      !codec::GetLengthPrefixed(in, &sentence)) {
    return false;
  }
  m->begin = static_cast<int32_t>(b) - 1;
  m->end = static_cast<int32_t>(e) - 1;
  m->sentence.assign(sentence);
  return true;
}

std::string EncodePersonValue(const std::vector<PersonRef>& persons) {
  std::string out;
  codec::PutVarint(persons.size(), &out);
  for (const PersonRef& p : persons) {
    codec::PutLengthPrefixed(p.key, &out);
    EncodeMention(p.mention, &out);
  }
  return out;
}

bool DecodePersonValue(std::string_view value, std::vector<PersonRef>* persons) {
  uint64_t n = 0;
  if (!codec::GetVarint(&value, &n) || n > value.size()) return false;
  persons->clear();
  persons->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    PersonRef p;
    std::string_view key;
    if (!codec::GetLengthPrefixed(&value, &key) || !DecodeMention(&value, &p.mention)) {
      return false;
    }
    p.key.assign(key);
    persons->push_back(std::move(p));
  }
  return true;
}

std::string EncodeAnyDateValue(const AnyDateValue& v) {
  std::string out;
  codec::PutVarint(v.days.size(), &out);
  for (int32_t d : v.days) codec::PutVarint(static_cast<uint32_t>(d), &out);
  EncodeMention(v.mention, &out);
  return out;
}

bool DecodeAnyDateValue(std::string_view value, AnyDateValue* v) {
  uint64_t n = 0;
  if (!codec::GetVarint(&value, &n) || n > value.size()) return false;
  v->days.clear();
  v->days.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t d = 0;
    if (!codec::GetVarint(&value, &d)) return false;
    v->days.push_back(static_cast<int32_t>(d));
  }
  return DecodeMention(&value, &v->mention);
}

std::string EncodeFacets(const std::vector<FacetRef>& facets) {
  std::string out;
  codec::PutVarint(facets.size(), &out);
  for (const FacetRef& f : facets) {
    out.push_back(f.facet);
    codec::PutLengthPrefixed(f.value, &out);
    // The display is only stored when it differs from the value (topic ids, years).
    codec::PutLengthPrefixed(f.display == f.value ? "" : f.display, &out);
  }
  return out;
}

bool DecodeFacets(std::string_view value, std::vector<FacetRef>* facets) {
  uint64_t n = 0;
  if (!codec::GetVarint(&value, &n) || n > value.size()) return false;
  facets->clear();
  facets->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    if (value.empty()) return false;
    FacetRef f;
    f.facet = value.front();
    value.remove_prefix(1);
    std::string_view v, d;
    if (!codec::GetLengthPrefixed(&value, &v) || !codec::GetLengthPrefixed(&value, &d)) {
      return false;
    }
    f.value.assign(v);
    f.display.assign(d.empty() ? v : d);
    facets->push_back(std::move(f));
  }
  return true;
}

namespace {

constexpr int kFilterProbes = 4;
constexpr size_t kFilterBitsPerWord = 10;
constexpr size_t kFilterMinBits = 512;

// FNV-1a: a stable hash (the filter is stored), good enough for a Bloom filter.
uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Sets the probes of a word with FNV-1a hash `h` in a filter of `bits` bits.
void SetFilterBits(uint64_t h, size_t bits, char* filter) {
  uint64_t delta = (h >> 33) | (h << 31);
  for (int i = 0; i < kFilterProbes; ++i) {
    size_t bit = h % bits;
    filter[bit / 8] = static_cast<char>(filter[bit / 8] | (1 << (bit % 8)));
    h += delta;
  }
}

// The filter of words given by their hashes (one per word): its size in bits, then the bits.
template <typename Hashes>
std::string FilterOfHashes(const Hashes& hashes) {
  size_t bits = std::max(kFilterMinBits, hashes.size() * kFilterBitsPerWord);
  bits = (bits + 63) / 64 * 64;
  std::string out;
  codec::PutVarint(bits, &out);
  size_t header = out.size();
  out.resize(header + bits / 8, '\0');
  for (uint64_t h : hashes) SetFilterBits(h, bits, &out[header]);
  return out;
}

}  // namespace

std::string EncodeWordFilter(const std::vector<std::string>& words) {
  std::vector<uint64_t> hashes;
  hashes.reserve(words.size());
  for (const std::string& w : words) hashes.push_back(Fnv1a(w));
  return FilterOfHashes(hashes);
}

bool WordFilterMayContain(std::string_view filter, std::string_view word) {
  uint64_t bits = 0;
  if (!codec::GetVarint(&filter, &bits) || bits == 0 || filter.size() < bits / 8) return true;
  uint64_t h = Fnv1a(word);
  uint64_t delta = (h >> 33) | (h << 31);
  for (int i = 0; i < kFilterProbes; ++i) {
    size_t bit = h % bits;
    if ((static_cast<unsigned char>(filter[bit / 8]) & (1 << (bit % 8))) == 0) return false;
    h += delta;
  }
  return true;
}

int32_t EventDay(const vnnews::v1::Article& article) {
  if (!article.has_event_date()) return 0;
  return std::max(article.event_date().first_day(), 0);
}

namespace {

bool Indexable(std::string_view word) {
  return !word.empty() && word.find('\0') == std::string_view::npos;
}

// Start of the character holding byte `pos` (moves back over continuation bytes).
size_t CharStart(std::string_view s, size_t pos) {
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// The sentence, or a window of it around the mention when it is too long, with "…" where cut.
std::string SnippetAround(std::string_view sentence, std::string_view mention) {
  if (sentence.size() <= kMaxSnippetBytes) return std::string(sentence);
  size_t at = mention.empty() ? std::string_view::npos : sentence.find(mention);
  if (at == std::string_view::npos) return CapUtf8(sentence, kMaxSnippetBytes) + "…";
  // A third of the room before the mention, the rest from it on.
  size_t begin = at > kMaxSnippetBytes / 3 ? at - kMaxSnippetBytes / 3 : 0;
  begin = CharStart(sentence, begin);
  std::string out = begin > 0 ? "…" : "";
  std::string_view rest = sentence.substr(begin);
  out += CapUtf8(rest, kMaxSnippetBytes);
  if (rest.size() > kMaxSnippetBytes) out += "…";
  return out;
}

// The mention of `span` with a snippet of its sentence (`body`: the record's body).
Mention FromSpan(const vnnews::v1::Span& span, const record::CharOffsets& body) {
  Mention m;
  m.begin = span.begin();
  m.end = span.end();
  m.sentence = SnippetAround(record::SentenceOf(span, body), span.text());
  return m;
}

// Mark characters Fold drops, so that "a" + combining acute stays one word, as in FoldedWords.
inline bool IsCombiningMark(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

inline bool IsWordChar(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  return text::IsLetter(cp) || text::IsDigit(cp) || IsCombiningMark(cp);
}

// The entity's index key: its folded key, or its folded name when the extractor left none.
std::string EntityKey(const vnnews::v1::Entity& e) {
  return e.key().empty() ? text::Fold(e.name()) : e.key();
}

void AddEntities(const google::protobuf::RepeatedPtrField<vnnews::v1::Entity>& entities, Cf cf,
                 char facet, int32_t day, const std::string& id, const record::CharOffsets& body,
                 ArticleIndex* index) {
  absl::flat_hash_set<std::string> seen;
  for (const vnnews::v1::Entity& e : entities) {
    std::string key = EntityKey(e);
    if (!Indexable(key) || !seen.insert(key).second) continue;
    Mention m;
    if (e.mentions_size() > 0) m = FromSpan(e.mentions(0), body);
    std::string value;
    EncodeMention(m, &value);
    index->entries.push_back({cf, keys::WordKey(key, day, id), std::move(value)});
    index->facets.push_back({facet, key, e.name()});
  }
}

}  // namespace

namespace {

// Calls `f(word, begin, end)` for each folded word of `text` with the code-point offsets of
// its token, until `f` returns false.
template <typename F>
void ForEachWord(std::string_view text, F f) {
  // Folding is per token and tokens repeat: fold each distinct token once.
  absl::flat_hash_map<std::string_view, std::vector<std::string>> folded_cache;
  size_t pos = 0;
  int32_t cp_index = 0;
  while (pos < text.size()) {
    size_t start = pos;
    int32_t start_cp = cp_index;
    char32_t cp = text::DecodeAt(text, &pos);
    ++cp_index;
    if (!IsWordChar(cp)) continue;
    size_t end = pos;
    while (end < text.size()) {
      size_t next = end;
      char32_t c = text::DecodeAt(text, &next);
      if (!IsWordChar(c)) break;
      end = next;
      ++cp_index;
    }
    pos = end;
    std::string_view token = text.substr(start, end - start);
    auto it = folded_cache.find(token);
    if (it == folded_cache.end()) {
      it = folded_cache.emplace(token, text::FoldedWords(token)).first;
    }
    for (const std::string& w : it->second) {
      if (!f(w, start_cp, cp_index)) return;
    }
  }
}

}  // namespace

std::vector<WordOccurrence> DistinctWords(std::string_view body) {
  std::vector<WordOccurrence> out;
  absl::flat_hash_set<std::string> seen;
  ForEachWord(body, [&](const std::string& w, int32_t begin, int32_t end) {
    if (Indexable(w) && seen.insert(w).second) out.push_back({w, begin, end});
    return true;
  });
  return out;
}

std::vector<WordOccurrence> FindWords(std::string_view text,
                                      const std::vector<std::string>& words) {
  std::vector<WordOccurrence> found(words.size());
  std::vector<bool> have(words.size(), false);
  size_t missing = words.size();
  ForEachWord(text, [&](const std::string& w, int32_t begin, int32_t end) {
    for (size_t i = 0; i < words.size(); ++i) {
      if (!have[i] && words[i] == w) {
        have[i] = true;
        found[i] = {w, begin, end};
        --missing;
      }
    }
    return missing > 0;
  });
  if (missing > 0) {
    std::vector<WordOccurrence> partial;
    for (size_t i = 0; i < words.size(); ++i) {
      if (have[i]) partial.push_back(found[i]);
    }
    return partial;
  }
  return found;
}

namespace {

// How a character below kWordFoldSize takes part in a folded word: not at all (it ends a
// token, as !IsWordChar), dropped (it folds to nothing), through FoldedWords (it folds to
// anything but one ASCII letter or digit), or else as the one ASCII byte it folds to.
constexpr char32_t kWordFoldSize = 0x2000;
constexpr uint8_t kFoldBoundary = 0;
constexpr uint8_t kFoldDrop = 1;
constexpr uint8_t kFoldSlow = 2;

const std::array<uint8_t, kWordFoldSize>& WordFoldTable() {
  static const auto* table = [] {
    auto* t = new std::array<uint8_t, kWordFoldSize>();
    for (char32_t cp = 0; cp < kWordFoldSize; ++cp) {
      if (!IsWordChar(cp)) {
        (*t)[cp] = kFoldBoundary;
        continue;
      }
      std::string one;
      text::AppendUtf8(cp, &one);
      const std::string folded = text::Fold(one);
      const bool ascii_alnum =
          folded.size() == 1 && ((folded[0] >= 'a' && folded[0] <= 'z') ||
                                 (folded[0] >= 'A' && folded[0] <= 'Z') ||
                                 (folded[0] >= '0' && folded[0] <= '9'));
      (*t)[cp] = folded.empty() ? kFoldDrop
                 : ascii_alnum  ? static_cast<uint8_t>(folded[0])
                                : kFoldSlow;
    }
    return t;
  }();
  return *table;
}

// Calls `f(hash)` with Fnv1a of each folded word of `text`, as ForEachWord gives them (repeats
// included). A token whose characters each fold to one ASCII letter or digit, or to nothing
// (nearly every word: "Nguyễn" → "nguyen"), is one folded word, hashed as it is read; any other
// token goes through FoldedWords. Every article's body passes here at ingest.
template <typename F>
void ForEachWordHash(std::string_view text, F f) {
  const auto& table = WordFoldTable();
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    uint64_t hash = 0xcbf29ce484222325ULL;
    size_t len = 0;
    bool slow = false;
    while (pos < text.size()) {
      const size_t at = pos;
      const unsigned char b = static_cast<unsigned char>(text[pos]);
      const char32_t cp = b < 0x80 ? (++pos, b) : text::DecodeAt(text, &pos);
      const uint8_t c = cp < kWordFoldSize ? table[cp] : IsWordChar(cp) ? kFoldSlow : kFoldBoundary;
      if (c == kFoldBoundary) {
        // No part of a word: it ends the token (and is read again next), or is skipped.
        if (at > start) pos = at;
        break;
      }
      if (c == kFoldSlow) {
        slow = true;
      } else if (c != kFoldDrop) {
        hash = (hash ^ c) * 0x100000001b3ULL;
        ++len;
      }
    }
    if (slow) {
      for (const std::string& w : text::FoldedWords(text.substr(start, pos - start))) {
        if (Indexable(w)) f(Fnv1a(w));
      }
    } else if (len > 0) {
      f(hash);
    }
  }
}

}  // namespace

std::string EncodeBodyFilter(std::string_view text) {
  // EncodeWordFilter over the distinct words of DistinctWords(text), without building them: a
  // filter needs each distinct word's hash and their count only.
  absl::flat_hash_set<uint64_t> hashes;
  hashes.reserve(text.size() / 16);
  ForEachWordHash(text, [&](uint64_t h) { hashes.insert(h); });
  return FilterOfHashes(hashes);
}

ArticleIndex BuildIndex(const vnnews::v1::Article& article) {
  ArticleIndex index;
  const std::string& id = article.id();
  const int32_t day = EventDay(article);
  const record::CharOffsets body(article.body());

  // Persons: one entry per distinct word, holding every person of the doc with that word.
  std::map<std::string, std::vector<PersonRef>> by_word;
  std::set<std::string> person_keys;
  std::set<std::string> name_keys;
  for (const vnnews::v1::Person& p : article.persons()) {
    std::vector<std::string> words = text::FoldedWords(p.key().empty() ? p.name() : p.key());
    words.erase(std::remove_if(words.begin(), words.end(),
                               [](const std::string& w) { return !Indexable(w); }),
                words.end());
    if (words.empty()) continue;
    PersonRef ref;
    ref.key = absl::StrJoin(words, " ");
    if (!person_keys.insert(ref.key).second) continue;
    if (p.mentions_size() > 0) ref.mention = FromSpan(p.mentions(0), body);
    // The per-word entries hold the mention without its sentence: the person's full-key entry
    // below has it (ReaderImpl::ByPerson reads it there for a hit of a word scan). A sentence in
    // each of a person's four or so entries made `person` the largest index family, and its
    // scans the slowest.
    PersonRef word_ref = ref;
    word_ref.mention.sentence.clear();
    std::set<std::string> distinct(words.begin(), words.end());
    for (const std::string& w : distinct) {
      by_word[w].push_back(word_ref);
      std::string name_key = keys::WordPrefix(w) + ref.key;
      if (name_keys.insert(name_key).second) {
        index.names.push_back({kNames, std::move(name_key), p.name()});
      }
    }
    index.facets.push_back({kFacetPerson, ref.key, p.name()});
    // The person's whole key: a query that only this person's name can match scans these
    // entries alone instead of filtering a common word's (ReaderImpl::ByPerson).
    index.entries.push_back(
        {kPerson, keys::WordKey(keys::FullNameWord(ref.key), day, id), EncodePersonValue({ref})});
  }
  for (const auto& [word, refs] : by_word) {
    index.entries.push_back({kPerson, keys::WordKey(word, day, id), EncodePersonValue(refs)});
  }

  // Dates: the event date, and every date with a known first day in any-mention mode.
  std::map<int32_t, Mention> any_days;
  if (day > 0) {
    Mention m = FromSpan(article.event_date().span(), body);
    std::string value;
    EncodeMention(m, &value);
    index.entries.push_back({kDate, keys::DateKey(kDateFieldEvent, day, id), std::move(value)});
    any_days.emplace(day, std::move(m));
    std::string year = std::to_string(day / 10000);
    index.facets.push_back({kFacetYear, year, year});
  }
  for (const vnnews::v1::DateMention& d : article.dates()) {
    if (d.first_day() > 0) any_days.emplace(d.first_day(), FromSpan(d.span(), body));
  }
  if (!any_days.empty()) {
    AnyDateValue v;
    for (const auto& [d, m] : any_days) v.days.push_back(d);
    for (auto& [d, m] : any_days) {
      v.mention = std::move(m);
      index.entries.push_back(
          {kDate, keys::DateKey(kDateFieldAny, d, id), EncodeAnyDateValue(v)});
    }
  }

  absl::flat_hash_set<std::string> topics;
  for (const vnnews::v1::Topic& t : article.topics()) {
    if (!Indexable(t.id()) || !topics.insert(t.id()).second) continue;
    index.entries.push_back({kTopic, keys::WordKey(t.id(), day, id), ""});
    index.facets.push_back({kFacetTopic, t.id(), t.id()});
  }

  AddEntities(article.organizations(), kOrganization, kFacetOrganization, day, id, body, &index);
  AddEntities(article.locations(), kLocation, kFacetLocation, day, id, body, &index);

  // Full text: one filter per article, not one entry per word: a memtable insert costs
  // ~10 µs on the target machine (see docs/storage.md), and an article has hundreds of words.
  index.entries.push_back({kTerms, keys::ListKey(day, id), EncodeBodyFilter(article.body())});

  index.entries.push_back({kList, keys::ListKey(day, id), EncodeFacets(index.facets)});
  return index;
}

}  // namespace vnnews::store
