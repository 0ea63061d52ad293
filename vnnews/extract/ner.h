// Internal to the extractor: the tokenizer, the phrase dictionaries and the one pass that finds
// persons, organizations and locations together (they compete for the same capitalized words:
// "Thành phố Hồ Chí Minh" is a place, "Chủ tịch Hồ Chí Minh" a person, "Bộ Ngoại giao" an
// organization that also extends the title "Bộ trưởng Ngoại giao").
#ifndef VNNEWS_EXTRACT_NER_H_
#define VNNEWS_EXTRACT_NER_H_

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vnnews/extract/segment.h"

namespace vnnews::extract::ner {

// Token flags.
enum : uint16_t {
  kWord = 1,          // letters and digits (else one punctuation character)
  kCap = 2,           // first character is an upper-case letter
  kAllCaps = 4,       // at least two letters, none lower case ("VPCP", "ASEAN")
  kDigitStart = 8,    // first character is a digit
  kSpaceBefore = 16,  // white space (or the start of the text) before it
  kLineStart = 32,    // first token of a line
  // A word each of whose characters folds (TopicClassifier's folding: no case, no diacritics)
  // to one ASCII letter or digit: no apostrophe, combining mark or letter outside Latin.
  // Token::fold_hash is then the hash of its folded form, Tokens::folded its bytes; such a
  // word is at most 65535 characters long (a longer one is not kFoldable).
  kFoldable = 64,
};

struct Token {
  uint32_t begin = 0;  // byte offsets in the text
  uint32_t end = 0;
  uint32_t lower_begin = 0;  // the token lower-cased, in Tokens::lower_
  uint32_t lower_size = 0;
  uint64_t hash = 0;   // hash of the lower-cased token: dictionaries are looked up by it
  // With kFoldable, the TokenHash of the folded token ("Nguyễn" → "nguyen"): topics are
  // looked up by it, so the text is lexed once for both.
  uint64_t fold_hash = 0;
  uint16_t flags = 0;
  uint16_t fold_size = 0;  // with kFoldable, the size of the folded token in Tokens::folded_
  bool Is(uint16_t f) const { return (flags & f) != 0; }
};

// The text cut into words and punctuation. A word glued to the one before by a change from
// lower to upper case ("NộiThành") is cut there: pages lose the space between two links.
class Tokens {
 public:
  explicit Tokens(std::string_view text);
  size_t size() const { return toks_.size(); }
  std::vector<Token>::const_iterator begin() const { return toks_.begin(); }
  std::vector<Token>::const_iterator end() const { return toks_.end(); }
  const Token& operator[](size_t i) const { return toks_[i]; }
  std::string_view text(size_t i) const {
    return text_.substr(toks_[i].begin, toks_[i].end - toks_[i].begin);
  }
  std::string_view lower(size_t i) const {
    return std::string_view(lower_.get() + toks_[i].lower_begin, toks_[i].lower_size);
  }
  // The folded form of a kFoldable word token ("nguyen" for "Nguyễn").
  std::string_view folded(size_t i) const {
    return std::string_view(folded_.get() + toks_[i].lower_begin, toks_[i].fold_size);
  }
  // The first eight bytes of folded(i) as a little-endian number, zero past the word's end
  // (the buffer has the slack to read eight): compared with a dictionary's word in one go.
  uint64_t folded_head(size_t i) const {
    uint64_t w;
    std::memcpy(&w, folded_.get() + toks_[i].lower_begin, 8);
    const size_t n = toks_[i].fold_size;
    return n >= 8 ? w : w & ((uint64_t{1} << (8 * n)) - 1);
  }
  // The source text from token `b` to the end of token `e - 1`.
  std::string_view span(size_t b, size_t e) const {
    return text_.substr(toks_[b].begin, toks_[e - 1].end - toks_[b].begin);
  }
  std::string_view source() const { return text_; }
  // True for a word token (not punctuation).
  bool word(size_t i) const { return i < toks_.size() && toks_[i].Is(kWord); }
  // True when token i is the punctuation character `c`.
  bool punct(size_t i, char c) const {
    return i < toks_.size() && !toks_[i].Is(kWord) && toks_[i].end - toks_[i].begin == 1 &&
           text_[toks_[i].begin] == c;
  }

 private:
  std::string_view text_;
  std::vector<Token> toks_;
  // The lower-cased tokens, and the folded words at the same offsets (a word folds to no more
  // bytes than it lowers to). Made without initializing: the tokenizer writes what it reads.
  std::unique_ptr<char[]> lower_;
  std::unique_ptr<char[]> folded_;
};

// absl here is built with its own string_view type: the bridge for hash lookups.
inline absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }
// `s` without leading and trailing ASCII white space.
std::string_view Trim(std::string_view s);
// `s` cut at every `sep`, each part trimmed, empty parts dropped.
std::vector<std::string_view> Split(std::string_view s, char sep);
inline bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

// Hashes: of one lower-cased token, and of a phrase extended by one more token. Dictionaries
// are keyed by phrase hashes, so a look-up hashes each token of the text once.
inline uint64_t MixHash(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
inline constexpr uint64_t kPhraseSeed = 0x51ed270b27d1a2f3ULL;
// The hash of a lower-cased token (and of a folded word: topics look words up by it): its
// bytes eight at a time, little-endian, the last chunk zero past the end, then its size.
// TokenHashBytes hashes the `size` bytes at `p`; with `kPadded` the eight bytes after them are
// readable and zero (the tokenizer writes them so, into the slack of its buffers), and the last
// chunk is read whole.
template <bool kPadded = false>
inline uint64_t TokenHashBytes(const char* p, size_t size) {
  uint64_t h = kPhraseSeed;
  size_t k = 0;
  for (; k + 8 <= size; k += 8) {
    uint64_t w;
    std::memcpy(&w, p + k, 8);
    h = MixHash(h ^ w);
  }
  uint64_t last = 0;
  std::memcpy(&last, p + k, kPadded ? 8 : size - k);
  return MixHash(h ^ last ^ (static_cast<uint64_t>(size) << 56));
}
inline uint64_t TokenHash(std::string_view lower) {
  return TokenHashBytes(lower.data(), lower.size());
}
// The same hash fed one byte at a time, for a word folded as it is read (topics' fallback).
class TokenHasher {
 public:
  void Add(char c) {
    chunk_ |= static_cast<uint64_t>(static_cast<unsigned char>(c)) << (8 * (size_ % 8));
    if (++size_ % 8 == 0) {
      hash_ = MixHash(hash_ ^ chunk_);
      chunk_ = 0;
    }
  }
  // The same as Add of the `k` (1..8) low bytes of `bytes`, in order; the bytes above must be 0.
  void AddBytes(uint64_t bytes, size_t k) {
    const size_t used = size_ % 8;
    chunk_ |= bytes << (8 * used);
    size_ += k;
    if (used + k >= 8) {
      hash_ = MixHash(hash_ ^ chunk_);
      chunk_ = used == 0 ? 0 : bytes >> (8 * (8 - used));
    }
  }
  uint64_t Finish() const { return MixHash(hash_ ^ chunk_ ^ (static_cast<uint64_t>(size_) << 56)); }

 private:
  uint64_t hash_ = kPhraseSeed;
  uint64_t chunk_ = 0;
  size_t size_ = 0;
};
inline uint64_t ExtendHash(uint64_t phrase, uint64_t token) { return MixHash(phrase ^ token); }
// Token and phrase hashes are mixed already: hash tables keyed by them take them as they are
// (a look-up per word of the text saves absl's mixing).
struct PremixedHash {
  size_t operator()(uint64_t h) const { return static_cast<size_t>(h); }
};
template <typename V>
using HashMap = absl::flat_hash_map<uint64_t, V, PremixedHash>;
using HashSet = absl::flat_hash_set<uint64_t, PremixedHash>;

// Lower case of a whole string, the way Tokens lowers each token.
std::string LowerCase(std::string_view s);
// The same into `out` (replacing what it held): a caller lowering line after line reuses
// the room.
void LowerCaseTo(std::string_view s, std::string* out);

// A dictionary of phrases (sequences of tokens), looked up by longest match at a token.
class PhraseMap {
 public:
  struct Value {
    int32_t id = 0;      // caller's id (a group of aliases, an index)
    uint8_t kind = 0;    // caller's kind
    bool needs_cap = false;      // the first token must start with a capital
    bool needs_allcaps = false;  // an acronym: the token must be all capitals
    bool entry = false;          // a phrase ends here (else only a longer one goes on)
    bool prefix = false;         // a longer phrase goes on from here
  };
  // Adds `phrase` (normalized text). An empty phrase is ignored; the first value of a
  // duplicate phrase stays.
  // With `any_case`, a phrase written with a capital also matches in lower case.
  void Add(std::string_view phrase, Value value, bool any_case = false);
  // Longest match starting at token i that does not cross a line; 0 when none. `accept`
  // filters candidate values (for example by kind).
  template <typename Accept>
  size_t Match(const Tokens& t, size_t i, Value* out, Accept accept) const {
    size_t best = 0;
    ForEachMatch(t, i, [&](size_t len, const Value& v) {
      if (accept(v)) {
        best = len;
        *out = v;
      }
    });
    return best;
  }
  size_t Match(const Tokens& t, size_t i, Value* out) const {
    return Match(t, i, out, [](const Value&) { return true; });
  }
  // Calls f(length, value) for each phrase that starts at token i, shortest first, does not
  // cross a line and whose case requirements token i meets: the one walk Match filters, for a
  // caller wanting more than one reading of the same place.
  template <typename F>
  void ForEachMatch(const Tokens& t, size_t i, F f) const;
  bool empty() const { return map_.empty(); }
  // Hashes of the tokens phrases start with.
  const HashSet& first_tokens() const { return first_tokens_; }

 private:
  HashMap<Value> map_;  // by phrase hash: entries and prefixes
  HashSet first_tokens_;
  size_t max_tokens_ = 0;
};

template <typename F>
void PhraseMap::ForEachMatch(const Tokens& t, size_t i, F f) const {
  if (map_.empty() || i >= t.size()) return;
  uint64_t key = kPhraseSeed;
  for (size_t n = 0; n < max_tokens_ && i + n < t.size(); ++n) {
    if (n > 0 && t[i + n].Is(kLineStart)) break;
    key = ExtendHash(key, t[i + n].hash);
    auto it = map_.find(key);
    if (it == map_.end()) break;
    const Value& v = it->second;
    if (v.entry && (!v.needs_cap || t[i].Is(kCap)) && (!v.needs_allcaps || t[i].Is(kAllCaps))) {
      f(n + 1, v);
    }
    if (!v.prefix) break;
  }
}

// Kinds in titles.txt.
enum TitleKind : uint8_t {
  kTitle = 1,
  kDescriptive,
  kHonorific,
  kComplement,
  kBlocker,
  kModifier,
};
// Kinds in locations.txt and organizations.txt.
enum EntityKind : uint8_t {
  kPlace = 1,    // a named place (country, province, city, region)
  kPlacePrefix,  // tỉnh, huyện, thành phố…
  kOrg,          // a named organization
  kOrgPrefix,    // Bộ, Sở, Công ty… + capitalized words
  kOrgAdmin,     // Ủy ban nhân dân, Công an… + administrative unit
  kOrgMission,   // Đại sứ quán + country [tại place]
  kNotOrg,       // COVID, ODA…
};

// All the dictionaries the entity pass needs.
struct Lexicon {
  PhraseMap titles;     // titles.txt
  PhraseMap places;     // locations.txt (kPlace, kPlacePrefix)
  PhraseMap orgs;       // organizations.txt (kOrg…kNotOrg)
  PhraseMap ministry;   // "Ngoại giao" from "Bộ Ngoại giao": extends a title
  HashSet surnames;  // TokenHash of the lower-cased surname ("nguyễn")
  HashSet stops;     // TokenHash of lower case words ending an org name
  // Which of the maps above have a phrase starting with a token (Starts* bits), by the top 16
  // bits of the token's hash: one load per token of the text, no probe. Tokens sharing those
  // bits share their bits, so a token may get a bit no phrase of its own gives it; the bits
  // only gate the look-up in the map, which finds no phrase for it then.
  std::array<uint8_t, 1 << 16> starts{};
  static size_t StartsSlot(uint64_t token_hash) { return static_cast<size_t>(token_hash >> 48); }
  enum : uint8_t { kStartsOrg = 1, kStartsPlace = 2, kStartsTitle = 4, kStartsMinistry = 8 };
  std::vector<std::string> place_names;  // canonical name of each place group
  absl::flat_hash_set<int32_t> provinces;  // place groups that are Vietnamese provinces
  std::vector<std::string> org_names;    // canonical name of each org group

  // Loads titles.txt, surnames.txt, locations.txt, organizations.txt from `dir`; the
  // dictionaries of one directory are loaded once per process and shared.
  static absl::StatusOr<std::shared_ptr<const Lexicon>> Load(const std::string& dir);
  static absl::StatusOr<std::shared_ptr<const Lexicon>> LoadUncached(const std::string& dir);
};

// Reads a dictionary file: lines of KIND<TAB>TEXT (or TEXT alone when `kinds` is empty),
// '#' comments and blank lines skipped, every line normalized. Calls `f(kind, text, line_no)`;
// an error names the file and the line.
absl::Status ReadDictionary(const std::string& path, bool with_kind,
                            const std::function<absl::Status(std::string_view kind,
                                                             std::string_view text,
                                                             int line)>& f);

// An organization or place found in the text.
struct EntityHit {
  uint32_t tb = 0, te = 0;  // token range
  bool org = false;
  int32_t group = -1;       // dictionary group, or -1 (then grouped by folded name)
  bool nested = false;      // a place inside an organization's name
  std::string alias_name;   // for an acronym the article defines: the name it stands for
};

// A person's mention: the name's tokens and the role phrases attached to it.
struct PersonHit {
  uint32_t tb = 0, te = 0;
  std::vector<std::pair<uint32_t, uint32_t>> roles;  // token ranges
  bool full = false;  // introduced by a title, honorific or surname (not a bare short form)
};

struct Analysis {
  explicit Analysis(std::string_view text) : toks(text) {}
  Tokens toks;  // of the analysed body, which must outlive the analysis
  std::vector<EntityHit> entities;
  std::vector<PersonHit> persons;
};

// Finds the persons, organizations and locations of seg.body. Credits (seg.credits) are left
// out of the persons: the caller adds them as bylines and photo credits. The person and entity
// extractors both read it: the facade analyses once and gives it to both.
std::unique_ptr<const Analysis> Analyze(const Lexicon& lex, const Segmented& seg);

// True when `word` has the shape of one Vietnamese syllable (onset, vowels, coda: "Minh",
// "Nguyễn"); false for "Kishida", "Suga", "Putin".
bool IsVietnameseSyllable(std::string_view word);
// The same for a word folded to ASCII ("nguyen"): false when it has other than a..z.
bool IsVietnameseFoldedSyllable(std::string_view folded);

// "Thành Nam" for "THÀNH NAM"; other text unchanged.
std::string ProperCase(std::string_view name);

}  // namespace vnnews::extract::ner

#endif  // VNNEWS_EXTRACT_NER_H_
