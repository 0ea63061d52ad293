#include "vnnews/extract/topics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "vnnews/extract/ner.h"
#include "vnnews/extract/tsv.h"
#include "vnnews/text/text.h"

namespace vnnews::extract {
namespace {

// How one code point below kTableSize takes part in a folded word.
enum : uint8_t {
  kBoundary = 0,  // ends a word
  kDrop = 1,      // a combining mark: folded away, the word goes on
  kSlow = 2,      // a letter that does not fold to one ASCII character: ask text::Fold
};
constexpr char32_t kTableSize = 0x2100;

// a == b, inline: the words compared are a few bytes long, shorter than a call to memcmp.
inline bool SameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (a[k] != b[k]) return false;
  }
  return true;
}

}  // namespace

struct TopicClassifier::Impl {
  std::vector<vnnews::v1::Topic> topics;
  absl::flat_hash_map<std::string, int> topic_index;

  // Phrases as a trie over word ids, as read: words of the phrases → id, (node, word) → child
  // node, and what reaching a node earns: (topic, weight) pairs. Index() lays them out for the
  // look-ups below and empties them.
  absl::flat_hash_map<std::string, int32_t> words;
  absl::flat_hash_map<uint64_t, int32_t> edges;
  std::vector<std::vector<std::pair<int, double>>> payload{1};

  // Settings (topics.tsv "set" lines); the defaults are the shipped taxonomy's.
  double threshold = 3.0;      // evidence a topic needs in an article of up to `length_words`
  double length_words = 600;   // longer articles need sqrt(words / length_words) times more
  double title_boost = 2.0;    // a phrase in the title counts this many times
  double lead_boost = 1.5;     // a phrase in the first paragraph counts this many times
  double repeat_decay = 0.5;   // each repeat of one phrase counts this much of the one before
  double single_factor = 1.3;  // a topic resting on one match needs it this many times `need`

  // The folded form of code points below kTableSize: an ASCII letter or digit, or one of the
  // kinds above.
  std::array<uint8_t, kTableSize> fold{};

  static uint64_t EdgeKey(int32_t node, int32_t word) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(node)) << 32) | static_cast<uint32_t>(word);
  }

  void BuildFoldTable() {
    for (char32_t cp = 0; cp < kTableSize; ++cp) {
      if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') {
          fold[cp] = static_cast<uint8_t>(cp + 32);
        } else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
          fold[cp] = static_cast<uint8_t>(cp);
        } else {
          fold[cp] = kBoundary;
        }
        continue;
      }
      if (cp >= 0x300 && cp <= 0x36F) {
        fold[cp] = kDrop;
        continue;
      }
      if (!text::IsLetter(cp) && !text::IsDigit(cp)) {
        fold[cp] = kBoundary;
        continue;
      }
      std::string one;
      text::AppendUtf8(cp, &one);
      const std::string f = text::Fold(one);
      if (f.size() == 1 && ((f[0] >= 'a' && f[0] <= 'z') || (f[0] >= '0' && f[0] <= '9'))) {
        fold[cp] = static_cast<uint8_t>(f[0]);
      } else {
        fold[cp] = kSlow;
      }
    }
  }

  // The words of the phrases by the ner::TokenHash of their folded form, and their text by id:
  // WordIds hashes each word of the text as it folds it, with no string built. Filled by
  // Index() once the phrases are read.
  // An open-addressing table a quarter full or less, each slot with the word's size and first
  // eight bytes: four words of the text in five are words of the phrases, and one is found
  // (or not) mostly with one probe that reads no string.
  struct WordSlot {
    uint64_t head = 0;  // the first eight bytes, little-endian, zero past the end
    uint32_t size = 0;
    int32_t id = -1;  // -1: an empty slot
  };
  std::vector<WordSlot> word_slots;  // a power of two of them
  int word_shift = 64;               // a hash's slot is hash >> word_shift
  std::vector<std::string> word_texts;
  // The child of the trie's root by word id, from index -1 (a word no phrase has, -1) on: most
  // words of the text start no phrase, or one that stops there, and take this one load.
  std::vector<int32_t> root_children;
  const int32_t* root_child = nullptr;  // root_children.data() + 1

  // A trie node below the root: a bit per word id modulo 64 its children are under (a step
  // by a word under no bit, a third of the steps on the news corpus, needs no probe), and the
  // phrase that ends there (numbered 0, 1, ... in node order), or -1.
  struct Node {
    uint64_t child_bits = 0;
    int32_t phrase = -1;
  };
  std::vector<Node> nodes;
  // What each phrase earns: its (topic, weight) pairs, earns[earns_begin[p], earns_begin[p + 1]).
  std::vector<uint32_t> earns_begin{0};
  std::vector<std::pair<int, double>> earns;
  // The edges below the root, open addressing on the mixed EdgeKey, a quarter full or less.
  struct EdgeSlot {
    uint64_t key = ~uint64_t{0};  // empty
    int32_t child = -1;
  };
  std::vector<EdgeSlot> edge_slots;  // a power of two of them
  int edge_shift = 64;

  static uint64_t Head(std::string_view w) {
    uint64_t head = 0;
    std::memcpy(&head, w.data(), std::min<size_t>(w.size(), 8));
    return head;
  }

  // The word table as the loops over the text read it: copied into registers once (the ids
  // they store could otherwise be the table's fields, read again after each store).
  struct WordTable {
    const WordSlot* slots;
    size_t mask;
    int shift;
    const std::string* texts;

    // The id of the folded word `w` (with hash `h` and Head `head`), or -1.
    int32_t Find(uint64_t h, std::string_view w, uint64_t head) const {
      for (size_t k = static_cast<size_t>(h >> shift);; k = (k + 1) & mask) {
        const WordSlot& slot = slots[k];
        if (slot.id < 0) return -1;
        if (slot.size == w.size() && slot.head == head &&
            (w.size() <= 8 || SameBytes(texts[slot.id], w))) {
          return slot.id;
        }
      }
    }
  };
  WordTable word_table() const {
    return WordTable{word_slots.data(), word_slots.size() - 1, word_shift, word_texts.data()};
  }

  static size_t EdgeSlotOf(uint64_t key, int shift) {
    return static_cast<size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift);
  }

  void Index() {
    word_texts.resize(words.size());
    root_children.assign(words.size() + 1, -1);
    root_child = root_children.data() + 1;
    size_t slots = 16;
    while (slots < 4 * words.size()) slots *= 2;
    word_slots.assign(slots, WordSlot());
    word_shift = 64 - __builtin_ctzll(slots);
    for (const auto& [w, id] : words) {
      word_texts[id] = w;
      size_t k = static_cast<size_t>(ner::TokenHash(w) >> word_shift);
      while (word_slots[k].id >= 0) k = (k + 1) & (slots - 1);
      word_slots[k] = WordSlot{Head(w), static_cast<uint32_t>(w.size()), id};
    }
    nodes.assign(payload.size(), Node());
    for (size_t n = 0; n < payload.size(); ++n) {
      if (payload[n].empty()) continue;
      nodes[n].phrase = static_cast<int32_t>(earns_begin.size() - 1);
      earns.insert(earns.end(), payload[n].begin(), payload[n].end());
      earns_begin.push_back(static_cast<uint32_t>(earns.size()));
    }
    size_t edge_count = 16;
    while (edge_count < 4 * edges.size()) edge_count *= 2;
    edge_slots.assign(edge_count, EdgeSlot());
    edge_shift = 64 - __builtin_ctzll(edge_count);
    for (const auto& [key, child] : edges) {
      const auto node = static_cast<int32_t>(key >> 32);
      const auto word = static_cast<int32_t>(key & 0xFFFFFFFF);
      if (node == 0) {
        root_children[word + 1] = child;
        continue;
      }
      nodes[node].child_bits |= uint64_t{1} << (word & 63);
      size_t k = EdgeSlotOf(key, edge_shift);
      while (edge_slots[k].child >= 0) k = (k + 1) & (edge_count - 1);
      edge_slots[k] = EdgeSlot{key, child};
    }
    words.clear();
    edges.clear();
    payload.clear();
  }

  // The node reached from `node` (not the root) by word `id` (-1 for none), or -1.
  int32_t Child(int32_t node, int32_t id) const {
    if ((nodes[node].child_bits >> (id & 63) & 1) == 0 || id < 0) return -1;
    const uint64_t key = EdgeKey(node, id);
    const size_t mask = edge_slots.size() - 1;
    for (size_t k = EdgeSlotOf(key, edge_shift);; k = (k + 1) & mask) {
      const EdgeSlot& slot = edge_slots[k];
      if (slot.key == key) return slot.child;
      if (slot.child < 0) return -1;
    }
  }

  // The ids of the folded words of `s` (-1 for a word no phrase has), appended to `ids`.
  void WordIds(std::string_view s, std::vector<int32_t>* ids) const {
    const WordTable table = word_table();
    // The folded word: its hash, and its bytes in `buf` while it fits (every word of real
    // text), else in `overflow`.
    ner::TokenHasher hash;
    char buf[64];
    size_t len = 0;
    std::string overflow;
    auto add = [&](char c) {
      hash.Add(c);
      if (len < sizeof(buf)) {
        buf[len] = c;
      } else {
        if (overflow.empty()) overflow.assign(buf, len);
        overflow.push_back(c);
      }
      ++len;
    };
    auto flush = [&] {
      if (len == 0) return;
      const std::string_view w =
          len <= sizeof(buf) ? std::string_view(buf, len) : std::string_view(overflow);
      const uint64_t h = hash.Finish();
      ids->push_back(table.Find(h, w, Head(w)));
      hash = ner::TokenHasher();
      len = 0;
      overflow.clear();
    };
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
      // ASCII letters and digits (most of every word) eight at a time: folded by setting the
      // lower-case bit of the capitals.
      while (i + 8 <= n && len + 8 <= sizeof(buf)) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        const uint64_t upper = text::AsciiInRange(w, 'A', 'Z');
        const uint64_t alnum =
            upper | text::AsciiInRange(w, 'a', 'z') | text::AsciiInRange(w, '0', '9');
        const uint64_t stop = ~alnum & 0x8080808080808080ULL;
        const size_t k = stop == 0 ? 8 : static_cast<size_t>(__builtin_ctzll(stop)) / 8;
        if (k == 0) break;
        uint64_t folded = w | (upper >> 2);
        if (k < 8) folded &= (uint64_t{1} << (8 * k)) - 1;
        std::memcpy(buf + len, &folded, 8);
        len += k;
        hash.AddBytes(folded, k);
        i += k;
        if (k < 8) break;
      }
      if (i >= n) break;
      const unsigned char b = static_cast<unsigned char>(s[i]);
      if (b < 0x80) {
        const uint8_t f = fold[b];
        if (f == kBoundary) {
          flush();
        } else {
          add(static_cast<char>(f));
        }
        ++i;
        continue;
      }
      // Two- and three-byte sequences (every Vietnamese letter) decoded inline: this loop sees
      // every byte of every article. The text is valid UTF-8 (normalized at the door).
      char32_t cp;
      if ((b & 0xE0) == 0xC0 && i + 1 < n) {
        cp = ((b & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
        i += 2;
      } else if ((b & 0xF0) == 0xE0 && i + 2 < n) {
        cp = ((b & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
             (static_cast<unsigned char>(s[i + 2]) & 0x3F);
        i += 3;
      } else {
        cp = text::DecodeAt(s, &i);
      }
      uint8_t f = cp < kTableSize ? fold[cp] : static_cast<uint8_t>(kSlow);
      if (f == kDrop) continue;
      if (f == kBoundary) {
        flush();
        continue;
      }
      if (f != kSlow) {
        add(static_cast<char>(f));
        continue;
      }
      if (!text::IsLetter(cp) && !text::IsDigit(cp)) {
        flush();
        continue;
      }
      std::string one;
      text::AppendUtf8(cp, &one);
      for (char c : text::Fold(one)) add(c);
    }
    flush();
  }

  // WordIds of the line that ends at byte `nl` and whose tokens start at `b`, read off the
  // tokens into `ids` (room for one per token): its folded words are its word tokens when each
  // is kFoldable, no two touch (a word the tokenizer cut at a capital, "NộiThành", is one
  // folded word) and no punctuation token is a character folding drops (U+034F, the only
  // non-word character in the combining marks). Returns how many ids, or -1 for a line read
  // otherwise (the caller folds it with WordIds); `*e` is the line's token end either way.
  ptrdiff_t TokenWordIds(const ner::Tokens& t, size_t b, size_t nl, size_t* e,
                         int32_t* ids) const {
    const WordTable table = word_table();
    const size_t n = t.size();
    constexpr uint32_t kNoWord = ~uint32_t{0};  // no token begins there
    uint32_t word_end = kNoWord;  // the end of the token before when it is a word
    int32_t* out = ids;
    size_t i = b;
    for (; i < n; ++i) {
      const ner::Token& tok = t[i];
      if (tok.begin >= nl) break;
      if (tok.Is(ner::kWord)) {
        if (!tok.Is(ner::kFoldable) || tok.begin == word_end) break;
        word_end = tok.end;
        *out++ = table.Find(tok.fold_hash, t.folded(i), t.folded_head(i));
      } else {
        word_end = kNoWord;
        if (tok.end - tok.begin == 2 && t.text(i) == "\xCD\x8F") break;
      }
    }
    if (i < n && t[i].begin < nl) {
      while (i < n && t[i].begin < nl) ++i;
      *e = i;
      return -1;
    }
    *e = i;
    return out - ids;
  }
};

TopicClassifier::TopicClassifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TopicClassifier::~TopicClassifier() = default;

absl::StatusOr<std::unique_ptr<TopicClassifier>> TopicClassifier::Load(
    const std::string& lexicon_dir) {
  const std::string path = lexicon_dir + "/topics.tsv";
  auto impl = std::make_unique<Impl>();
  impl->BuildFoldTable();
  const absl::Status read =
      ForEachTsvLine(path, [&](std::vector<std::string>& f, const TsvError& err) -> absl::Status {
        if (f[0] == "topic") {
          if (f.size() != 3 || f[1].empty() || f[2].empty()) {
            return err("expected topic<TAB>ID<TAB>LABEL");
          }
          if (impl->topic_index.contains(f[1]))
            return err(absl::StrCat("topic \"", f[1], "\" twice"));
          absl::StatusOr<std::string> label = text::Normalize(f[2]);
          if (!label.ok()) return err(label.status().message());
          impl->topic_index[f[1]] = static_cast<int>(impl->topics.size());
          vnnews::v1::Topic t;
          t.set_id(f[1]);
          t.set_label(*label);
          impl->topics.push_back(std::move(t));
        } else if (f[0] == "phrase") {
          double weight = 0;
          if (f.size() != 4 || !absl::SimpleAtod(f[2], &weight) || !std::isfinite(weight) ||
              weight < -10 || weight > 10) {
            return err("expected phrase<TAB>TOPIC<TAB>WEIGHT<TAB>PHRASE with WEIGHT in -10..10");
          }
          auto t = impl->topic_index.find(f[1]);
          if (t == impl->topic_index.end()) {
            return err(
                absl::StrCat("unknown topic \"", f[1], "\" (declare it with a topic line first)"));
          }
          absl::StatusOr<std::string> phrase = text::Normalize(f[3]);
          if (!phrase.ok()) return err(phrase.status().message());
          const std::vector<std::string> words = text::FoldedWords(*phrase);
          if (words.empty()) return err("the phrase has no words");
          int32_t node = 0;
          for (const std::string& w : words) {
            auto [wit, unused] =
                impl->words.try_emplace(w, static_cast<int32_t>(impl->words.size()));
            const uint64_t key = Impl::EdgeKey(node, wit->second);
            auto eit = impl->edges.find(key);
            if (eit == impl->edges.end()) {
              const auto child = static_cast<int32_t>(impl->payload.size());
              impl->payload.emplace_back();
              eit = impl->edges.emplace(key, child).first;
            }
            node = eit->second;
          }
          impl->payload[node].emplace_back(t->second, weight);
        } else if (f[0] == "set") {
          double v = 0;
          if (f.size() != 3 || !absl::SimpleAtod(f[2], &v) || !std::isfinite(v) || v <= 0) {
            return err("expected set<TAB>NAME<TAB>POSITIVE_NUMBER");
          }
          if (f[1] == "threshold") {
            impl->threshold = v;
          } else if (f[1] == "length_words") {
            impl->length_words = v;
          } else if (f[1] == "title_boost") {
            impl->title_boost = v;
          } else if (f[1] == "lead_boost") {
            impl->lead_boost = v;
          } else if (f[1] == "repeat_decay" && v <= 1) {
            impl->repeat_decay = v;
          } else if (f[1] == "single_factor") {
            impl->single_factor = v;
          } else {
            return err(absl::StrCat("unknown or out-of-range setting \"", f[1],
                                    "\" (threshold, length_words, title_boost, lead_boost, "
                                    "repeat_decay <= 1, single_factor)"));
          }
        } else {
          return err(absl::StrCat("unknown kind \"", f[0], "\" (topic, phrase, set)"));
        }
        return absl::OkStatus();
      });
  if (!read.ok()) return read;
  if (impl->topics.empty()) return absl::InvalidArgumentError(path + ": no topic line");
  impl->Index();
  return std::unique_ptr<TopicClassifier>(new TopicClassifier(std::move(impl)));
}

const std::vector<vnnews::v1::Topic>& TopicClassifier::topics() const { return impl_->topics; }

bool TopicClassifier::HasTopic(std::string_view id) const {
  return impl_->topic_index.contains(std::string(id));
}

void TopicClassifier::Classify(const Segmented& seg, vnnews::v1::Article* out) const {
  Classify(seg, ner::Tokens(seg.body), out);
}

void TopicClassifier::Classify(const Segmented& seg, const ner::Tokens& body_tokens,
                               vnnews::v1::Article* out) const {
  const Impl& x = *impl_;
  std::vector<double> raw(x.topics.size(), 0.0);
  std::vector<int> hits(x.topics.size(), 0);           // positive matches per topic
  std::vector<double> best_hit(x.topics.size(), 0.0);  // the largest single one
  // By phrase: the share its next repeat counts for.
  std::vector<double> next_share(x.earns_begin.size() - 1, 1.0);
  size_t body_words = 0;

  // Scores the word ids ids[0, n): at each word the longest phrase starting there, if any,
  // then on past it.
  auto score_ids = [&](const int32_t* ids, size_t n, double boost) {
    const int32_t* const root_child = x.root_child;
    const Impl::Node* const nodes = x.nodes.data();
    size_t k = 0;
    while (k < n) {
      int32_t node = root_child[ids[k]];
      if (node < 0) {
        ++k;
        continue;
      }
      int32_t best = nodes[node].phrase;
      size_t best_len = 1;
      for (size_t m = k + 1; m < n; ++m) {
        node = x.Child(node, ids[m]);
        if (node < 0) break;
        if (nodes[node].phrase >= 0) {
          best = nodes[node].phrase;
          best_len = m - k + 1;
        }
      }
      if (best < 0) {
        ++k;
        continue;
      }
      const double share = next_share[best];
      next_share[best] *= x.repeat_decay;
      for (uint32_t p = x.earns_begin[best]; p < x.earns_begin[best + 1]; ++p) {
        const auto& [topic, weight] = x.earns[p];
        const double credit = weight * boost * share;
        raw[topic] += credit;
        if (credit > 0) {
          ++hits[topic];
          best_hit[topic] = std::max(best_hit[topic], credit);
        }
      }
      k += best_len;
    }
  };

  std::vector<int32_t> folded_ids;  // of a line WordIds reads
  if (!seg.title.empty()) {
    x.WordIds(seg.title, &folded_ids);
    score_ids(folded_ids.data(), folded_ids.size(), x.title_boost);
  }
  // The body line by line (a phrase does not cross one), its words read off the tokens.
  // Room for one id per token, not zeroed: each line's are written before they are read.
  const std::unique_ptr<int32_t[]> ids(new int32_t[body_tokens.size()]);
  const std::string_view body = seg.body;
  size_t pos = 0;
  size_t tok = 0;  // the first token of the line at `pos`
  bool lead = true;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) nl = body.size();
    if (nl > pos) {
      size_t tok_end;
      const ptrdiff_t n = x.TokenWordIds(body_tokens, tok, nl, &tok_end, ids.get());
      const double boost = lead ? x.lead_boost : 1.0;
      if (n >= 0) {
        score_ids(ids.get(), static_cast<size_t>(n), boost);
        body_words += static_cast<size_t>(n);
      } else {
        folded_ids.clear();
        x.WordIds(body.substr(pos, nl - pos), &folded_ids);
        score_ids(folded_ids.data(), folded_ids.size(), boost);
        body_words += folded_ids.size();
      }
      lead = false;
      tok = tok_end;
    }
    pos = nl + 1;
  }

  const double need =
      x.threshold * std::max(1.0, std::sqrt(static_cast<double>(body_words) / x.length_words));
  std::vector<std::pair<double, int>> kept;
  for (size_t t = 0; t < raw.size(); ++t) {
    // One mention in passing is not what an article is about: a single match must be
    // decisive (a strong phrase in the title or the lead, or a weight-4 phrase).
    const bool enough_mentions = hits[t] >= 2 || best_hit[t] >= x.single_factor * need;
    if (raw[t] >= need && enough_mentions)
      kept.emplace_back(raw[t] / (raw[t] + need), static_cast<int>(t));
  }
  std::sort(kept.begin(), kept.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return x.topics[a.second].id() < x.topics[b.second].id();
  });
  for (const auto& [score, t] : kept) {
    vnnews::v1::Topic* topic = out->add_topics();
    *topic = x.topics[t];
    topic->set_score(score);
  }
}

}  // namespace vnnews::extract
