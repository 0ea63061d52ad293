// The storage schema: column families, how index keys and values are laid out, and which index
// entries an article has. Both the writer (Store) and the readers build keys here only, so the
// two sides cannot disagree. docs/storage.md describes the layouts.
#ifndef VNNEWS_STORE_KEYS_H_
#define VNNEWS_STORE_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vnnews/v1/article.pb.h"

namespace vnnews::store {

// Version of the key and value layouts below. Stored in meta at creation and checked at every
// open: a store written with another layout is refused (FAILED_PRECONDITION), never misread.
inline constexpr int kSchemaVersion = 2;

// Column families, one job each. All are created at the first open: a secondary never sees a
// column family created after it opened.
enum Cf : int {
  kDefault = 0,   // unused; RocksDB requires it
  kDocuments,     // id → serialized vnnews.v1.Article
  kRaw,           // id → the raw input text, for re-extraction by a later extractor
  kSummaries,     // id → serialized vnnews.v1.ArticleSummary (snippet = lead): cheap list answers
  kList,          // inv(event day) id → the article's facet values: every article, newest first
  kPerson,        // word \0 inv(event day) id → persons of the doc holding that word; and
                  // \x01 full key \0 inv(event day) id → that person (FullNameWord)
  kNames,         // word \0 person key → display name: the name dictionary (never shrinks)
  kDate,          // field inv(day) id → span (event) or every day with its span (any mention)
  kTopic,         // topic id \0 inv(event day) id → score
  kOrganization,  // org key \0 inv(event day) id → first mention
  kLocation,      // location key \0 inv(event day) id → first mention
  kTerms,         // inv(event day) id → Bloom filter of the body's folded words
  kMeta,          // schema version, page-token key, article count
  kCfCount,
};

// The RocksDB name of a column family.
const char* CfName(Cf cf);

// Bytes of the date index's first key byte.
inline constexpr char kDateFieldEvent = 'e';
inline constexpr char kDateFieldAny = 'a';

// Meta keys.
inline constexpr std::string_view kMetaSchemaVersion = "schema_version";
inline constexpr std::string_view kMetaPageTokenKey = "page_token_key";
inline constexpr std::string_view kMetaArticleCount = "article_count";
inline constexpr std::string_view kMetaExtractorVersion = "extractor_version";
// Facet bytes of the facet values a list entry carries.
inline constexpr char kFacetTopic = 't';
inline constexpr char kFacetPerson = 'p';
inline constexpr char kFacetOrganization = 'o';
inline constexpr char kFacetLocation = 'l';
inline constexpr char kFacetYear = 'y';

namespace keys {

// 4 bytes, big-endian 0xFFFFFFFF - day: a newer day sorts first, day 0 (no known date) last.
std::string InvertedDay(int32_t day);
int32_t DayFromInverted(std::string_view four_bytes);

// `word \0`: the prefix of one word's (or topic's, or entity key's) entries.
std::string WordPrefix(std::string_view word);
// The person family's "word" of a person's whole folded key: kFullNameMark + key. A folded
// word is letters and digits only, so it never starts with the mark: the two kinds of entries
// never share a prefix.
inline constexpr char kFullNameMark = '\x01';
std::string FullNameWord(std::string_view person_key);

// `word \0 inv(day) id`.
std::string WordKey(std::string_view word, int32_t day, std::string_view id);
// Splits a WordKey; false when `key` is not one.
bool ParseWordKey(std::string_view key, std::string_view* word, int32_t* day,
                  std::string_view* id);

// `field inv(day) id`.
std::string DateKey(char field, int32_t day, std::string_view id);
bool ParseDateKey(std::string_view key, char* field, int32_t* day, std::string_view* id);

// `inv(day) id`.
std::string ListKey(int32_t day, std::string_view id);
bool ParseListKey(std::string_view key, int32_t* day, std::string_view* id);

}  // namespace keys

// A mention as an index value carries it: code-point offsets and the sentence, for the snippet
// of a hit (a long sentence is cut to a window of ~kMaxSnippetBytes around the mention, "…"
// marking the cuts).
struct Mention {
  int32_t begin = -1;
  int32_t end = -1;
  std::string sentence;
};
void EncodeMention(const Mention& m, std::string* out);
bool DecodeMention(std::string_view* in, Mention* m);

// Value of a person entry: every person of the document whose folded name holds the word.
struct PersonRef {
  std::string key;  // folded words joined by one space
  Mention mention;  // the first mention
};
std::string EncodePersonValue(const std::vector<PersonRef>& persons);
bool DecodePersonValue(std::string_view value, std::vector<PersonRef>* persons);

// Value of an any-mention date entry: every day the document has in that mode (ascending), so a
// reader can report the document once, at its newest day within the queried range; and the
// span of this entry's day.
struct AnyDateValue {
  std::vector<int32_t> days;
  Mention mention;
};
std::string EncodeAnyDateValue(const AnyDateValue& v);
bool DecodeAnyDateValue(std::string_view value, AnyDateValue* v);

// One index entry of an article.
struct IndexEntry {
  Cf cf;
  std::string key;
  std::string value;
};

// One facet value of an article (distinct per article and facet).
struct FacetRef {
  char facet = 0;       // kFacetTopic...
  std::string value;    // what is counted: topic id, folded key, year
  std::string display;  // what GetFacets reports: the topic id, the name as written, the year
};
// The list entry's value: every facet value of the article.
std::string EncodeFacets(const std::vector<FacetRef>& facets);
bool DecodeFacets(std::string_view value, std::vector<FacetRef>* facets);

// Bloom filter of a set of words (about 10 bits a word, 4 probes: ~1% false positives).
std::string EncodeWordFilter(const std::vector<std::string>& words);
// EncodeWordFilter of the distinct words of DistinctWords(text), built from their hashes alone
// (what an article's terms entry holds).
std::string EncodeBodyFilter(std::string_view text);
// False when `word` is certainly not in the set; true when it probably is.
bool WordFilterMayContain(std::string_view filter, std::string_view word);

// Everything an article writes besides its documents/raw/summaries records.
struct ArticleIndex {
  std::vector<IndexEntry> entries;  // list, person, date, topic, organization, location, terms
  std::vector<IndexEntry> names;    // name dictionary entries of the article's persons
  std::vector<FacetRef> facets;     // also encoded in the list entry
};

// The event day an article is ordered by: Article.event_date.first_day, 0 when unknown.
int32_t EventDay(const vnnews::v1::Article& article);

// Every index entry, name entry and counter of `article`. Deterministic: the same article
// always gives the same entries, which is how a re-ingest or a delete finds the old ones.
ArticleIndex BuildIndex(const vnnews::v1::Article& article);

// The folded words of `text` with the code-point offsets of their first occurrence, in order of
// first occurrence. Word boundaries are those of vnnews::text::FoldedWords.
struct WordOccurrence {
  std::string word;
  int32_t begin = 0;
  int32_t end = 0;
};
std::vector<WordOccurrence> DistinctWords(std::string_view text);

// The first occurrence of each of `words` (distinct folded words) in `text`, in the order of
// `words`; stops reading as soon as all are found. Fewer results than words when some are
// missing.
std::vector<WordOccurrence> FindWords(std::string_view text, const std::vector<std::string>& words);

// Longest sentence an index value keeps for a snippet, in bytes (cut on a character boundary).
inline constexpr size_t kMaxSnippetBytes = 320;
std::string CapUtf8(std::string_view s, size_t max_bytes);

}  // namespace vnnews::store

#endif  // VNNEWS_STORE_KEYS_H_
