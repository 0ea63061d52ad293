#include "vnnews/store/store.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"
#include "vnnews/common/status_macros.h"
#include "vnnews/record/record.h"
#include "vnnews/store/codec.h"
#include "vnnews/store/dates.h"
#include "vnnews/store/keys.h"
#include "vnnews/store/page_token.h"
#include "vnnews/text/text.h"

namespace vnnews::store {

struct PreparedPut::Data {
  std::string id;
  std::string extractor_version;
  // The deterministic serialization of the record without its ingest time: what a re-ingest
  // is compared by.
  std::string comparable;
  // The stored record: `comparable` followed by the ingest time field (a field may come in any
  // order), so that the record is serialized once.
  std::string record;
  std::string raw;
  std::string summary;
  ArticleIndex index;
};

namespace {

using codec::Sv;

using vnnews::v1::Article;
using vnnews::v1::ArticleSummary;

constexpr size_t kMaxIdBytes = 512;
constexpr size_t kMaxQueryWords = 16;
// Entries one list request may scan before it answers with what it has (and a token).
constexpr int64_t kMaxScannedEntries = 200000;
// Entries counted per word when choosing the rarest word of a query to scan: enough to tell a
// rare word from a common one, cheap enough to do for every word of every query.
constexpr int kRarityProbe = 128;
// Names listed per query word when looking for the only person a by-person query can match: a
// word held by more names (a common family name) is not listed.
constexpr size_t kNameProbe = 256;
// Name resolutions kept by a reader (see FullNameToScan); the cache empties when full.
constexpr size_t kMaxCachedNames = 8192;
constexpr size_t kPageTokenSecretBytes = 32;

// The one place a rocksdb::Status becomes an absl::Status.
absl::Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(Sv(what), ": ", s.ToString());
  if (s.IsNoSpace()) {
    return absl::ResourceExhaustedError(absl::StrCat(Sv(what), ": disk full (", s.ToString(), ")"));
  }
  if (s.IsIOError() || s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() || s.IsAborted()) {
    return absl::UnavailableError(msg);
  }
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  return absl::InternalError(msg);
}

std::string SerializeDeterministic(const google::protobuf::MessageLite& m) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    m.SerializeWithCachedSizes(&coded);
  }
  return out;
}

// The record as compared for idempotency: everything but the ingest time.
std::string ComparableRecord(const Article& a) {
  Article copy = a;
  copy.clear_ingest_time();
  copy.ByteSizeLong();  // caches sizes for SerializeWithCachedSizes
  return SerializeDeterministic(copy);
}

// The lead of the body: its first line that is not the title, capped.
std::string Lead(const Article& a) {
  std::string_view body = a.body();
  while (!body.empty()) {
    size_t nl = body.find('\n');
    std::string_view line = body.substr(0, nl);
    if (!line.empty() && line != a.title()) return CapUtf8(line, kMaxSnippetBytes);
    if (nl == std::string_view::npos) break;
    body.remove_prefix(nl + 1);
  }
  return "";
}

ArticleSummary MakeSummary(const Article& a) {
  ArticleSummary s;
  s.set_id(a.id());
  s.set_title(a.title());
  if (a.has_event_date()) {
    *s.mutable_event_date() = a.event_date();
    // The summary is a list item: the snippet is its sentence; the full record keeps this one.
    vnnews::v1::Span* span = s.mutable_event_date()->mutable_span();
    span->clear_sentence();
    span->clear_sentence_begin();
    span->clear_sentence_end();
  }
  s.set_snippet(Lead(a));
  s.set_source_uri(a.source_uri());
  for (const auto& t : a.topics()) s.add_topic_ids(t.id());
  return s;
}

// Whether `cf` is only ever written and scanned by the writer, never read by key: the index
// families. (The records and meta are read by key: the id look-up of every write, GetRaw, the
// counters.)
bool IndexFamily(Cf cf) {
  return cf != kDefault && cf != kDocuments && cf != kRaw && cf != kSummaries && cf != kMeta;
}

rocksdb::ColumnFamilyOptions CfOptions(Cf cf, const std::shared_ptr<rocksdb::Cache>& cache,
                                       bool primary) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  // Bloom filters make the point look-ups of a write (is this id stored?) and of a multi-word
  // search (does this doc have the other words?) cheap when the answer is no.
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  t.cache_index_and_filter_blocks = false;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  // The default 64 MiB memtables: RocksDB's recovery from a full disk waits for that much free
  // space, and a larger one would only delay flushes.
  //
  // A memtable insert into a skip list is a search, each step of it a cache miss (~10-20 µs an
  // insert on the target VM, docs/storage.md), and an article has ~50 index entries. The
  // primary never reads its index families by key, and only the tests scan them on the
  // primary (the query service reads a secondary, which has its own memtables): there they are
  // a vector, appended to and sorted once when flushed (or when a primary reader scans it).
  if (primary && IndexFamily(cf)) {
    o.memtable_factory = std::make_shared<rocksdb::VectorRepFactory>();
  }
  // Elsewhere (and on a secondary replaying the WAL) a batch's keys come in order (PutBatch),
  // and with an insert hint (one per memtable: the empty prefix) each insert's search starts
  // where the previous one ended instead of at the top.
  o.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(0));
  if (cf == kDocuments) {
    // A write first looks for the stored record of its id, which a new article does not have:
    // a memtable Bloom filter answers that miss without a skip-list search.
    o.memtable_prefix_bloom_size_ratio = 0.02;
    o.memtable_whole_key_filtering = true;
  }
  return o;
}

// RocksDB's own info LOG lives in the database directory. When that disk is full, Debian's
// build (assertions on) aborts the process on the log write after a failed one
// (WritableFileWriter::AssertFalseAndGetStatusForPrevError): a full disk would crash the
// ingestor. Warnings and errors go to stderr instead, where the container runtime keeps them.
class StderrLogger : public rocksdb::Logger {
 public:
  StderrLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    char buf[1024];
    int n = vsnprintf(buf, sizeof(buf), format, ap);
    if (n < 0) return;
    fprintf(stderr, "rocksdb: %s\n", buf);
  }
};

void CommonOptions(rocksdb::DBOptions* o) {
  static auto* logger = new std::shared_ptr<rocksdb::Logger>(std::make_shared<StderrLogger>());
  o->info_log = *logger;
  o->info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(bool primary) {
  static auto* cache = new std::shared_ptr<rocksdb::Cache>(rocksdb::NewLRUCache(256 << 20));
  std::vector<rocksdb::ColumnFamilyDescriptor> out;
  for (int i = 0; i < kCfCount; ++i) {
    Cf cf = static_cast<Cf>(i);
    out.emplace_back(CfName(cf), CfOptions(cf, *cache, primary));
  }
  return out;
}

// The open database and its column families, shared by a Store and the Readers over it.
struct Db {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  std::unique_ptr<PageTokenCodec> tokens;
  bool secondary = false;

  rocksdb::ColumnFamilyHandle* cf(Cf c) const { return cfs[c]; }

  ~Db() {
    if (!db) return;
    for (auto* h : cfs) db->DestroyColumnFamilyHandle(h);
    db->Close().PermitUncheckedError();
  }
};

absl::StatusOr<std::string> GetValue(const Db& d, Cf cf, std::string_view key) {
  std::string value;
  rocksdb::Status s = d.db->Get(rocksdb::ReadOptions(), d.cf(cf), key, &value);
  if (s.IsNotFound()) return absl::NotFoundError("not found");
  VNNEWS_RETURN_IF_ERROR(FromRocks(s, absl::StrCat("reading ", CfName(cf))));
  return value;
}

// Checks the stored schema version and loads the page-token secret.
absl::Status CheckMeta(Db& d, const std::string& path) {
  auto version = GetValue(d, kMeta, kMetaSchemaVersion);
  if (absl::IsNotFound(version.status())) {
    return absl::UnavailableError(absl::StrCat(
        "store at ", path, " is not initialized (no schema version yet); retry once the "
        "ingestor has created it"));
  }
  if (!version.ok()) return version.status();
  int stored = 0;
  if (!absl::SimpleAtoi(*version, &stored) || stored != kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "store at ", path, " has schema version ", *version, "; this build reads version ",
        kSchemaVersion, " (re-ingest into a new directory, from the raw texts)"));
  }
  auto secret = GetValue(d, kMeta, kMetaPageTokenKey);
  if (!secret.ok() || secret->size() != kPageTokenSecretBytes) {
    return absl::FailedPreconditionError(
        absl::StrCat("store at ", path, " has no valid page-token key in meta"));
  }
  d.tokens = std::make_unique<PageTokenCodec>(*secret);
  return absl::OkStatus();
}

absl::StatusOr<std::string> RandomBytes(size_t n) {
  std::ifstream in("/dev/urandom", std::ios::binary);
  std::string out(n, '\0');
  if (!in.read(out.data(), static_cast<std::streamsize>(n))) {
    return absl::InternalError("cannot read /dev/urandom for the page-token key");
  }
  return out;
}

absl::Status ValidateId(std::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError("id: required");
  if (id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("id: at most ", kMaxIdBytes, " bytes, got ", id.size()));
  }
  absl::Status utf8 = text::ValidateUtf8(id);
  if (!utf8.ok()) return absl::InvalidArgumentError(absl::StrCat("id: ", utf8.message()));
  return absl::OkStatus();
}

// The smallest key greater than every key that starts with `prefix` ("" when there is none).
std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last != 0xFF) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

std::vector<std::string> DistinctQueryWords(std::string_view s) {
  std::vector<std::string> words;
  for (std::string& w : text::FoldedWords(s)) {
    if (w.find('\0') != std::string::npos) continue;
    if (std::find(words.begin(), words.end(), w) == words.end()) words.push_back(std::move(w));
  }
  return words;
}

// True when `word` is one of the space-separated words of `words`.
bool HasWord(std::string_view words, std::string_view word) {
  size_t pos = 0;
  while (pos <= words.size()) {
    size_t space = words.find(' ', pos);
    if (space == std::string_view::npos) space = words.size();
    if (words.substr(pos, space - pos) == word) return true;
    pos = space + 1;
  }
  return false;
}

std::string RangeText(const std::optional<DayRange>& r) {
  return r ? absl::StrCat(r->first, "-", r->last) : "-";
}

// ---------------------------------------------------------------------------------------------
// Reader

// One scan of a list query: entries of `cf` in [start, end) (end "" = to the end of the CF);
// `accept` turns an entry into a hit or rejects it.
struct ScanSpec {
  Cf cf;
  std::string query;  // canonical query, bound into the page token
  std::string start;
  std::string end;
  std::function<bool(std::string_view key, std::string_view value, Hit* hit)> accept;
};

class ReaderImpl : public Reader {
 public:
  explicit ReaderImpl(std::shared_ptr<Db> db) : d_(std::move(db)) {
    seq_.store(d_->db->GetLatestSequenceNumber());
  }

  absl::Status CatchUp() override {
    if (!d_->secondary) return absl::OkStatus();
    VNNEWS_RETURN_IF_ERROR(
        FromRocks(d_->db->TryCatchUpWithPrimary(), "catching up with the primary"));
    // Published only once the catch-up has returned, so a reader that sees sequence S also
    // sees every write up to S.
    seq_.store(d_->db->GetLatestSequenceNumber());
    return absl::OkStatus();
  }

  uint64_t Sequence() const override {
    return d_->secondary ? seq_.load() : d_->db->GetLatestSequenceNumber();
  }

  absl::StatusOr<Article> Get(std::string_view id) const override {
    auto v = GetValue(*d_, kDocuments, id);
    if (absl::IsNotFound(v.status())) return NotFound(id);
    if (!v.ok()) return v.status();
    Article a;
    if (!a.ParseFromString(*v)) return absl::InternalError(absl::StrCat("corrupt record ", Sv(id)));
    record::FillSentences(&a);
    return a;
  }

  // The body of a stored article, read from its record without parsing the rest of it.
  absl::StatusOr<std::string> Body(std::string_view id) const {
    auto v = GetValue(*d_, kDocuments, id);
    if (!v.ok()) return v.status();
    google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(v->data()),
                                              static_cast<int>(v->size()));
    constexpr int kBodyField = Article::kBodyFieldNumber;
    for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
      if (google::protobuf::internal::WireFormatLite::GetTagFieldNumber(tag) == kBodyField &&
          google::protobuf::internal::WireFormatLite::GetTagWireType(tag) ==
              google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
        std::string body;
        if (!google::protobuf::internal::WireFormatLite::ReadString(&in, &body)) break;
        return body;
      }
      if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) break;
    }
    return std::string();
  }

  absl::StatusOr<ArticleSummary> GetSummary(std::string_view id) const override {
    auto v = GetValue(*d_, kSummaries, id);
    if (absl::IsNotFound(v.status())) return NotFound(id);
    if (!v.ok()) return v.status();
    ArticleSummary s;
    if (!s.ParseFromString(*v)) return absl::InternalError(absl::StrCat("corrupt summary ", Sv(id)));
    return s;
  }

  std::vector<absl::StatusOr<Article>> GetMany(
      const std::vector<std::string>& ids) const override {
    std::vector<absl::StatusOr<std::string>> values = ReadMany(kDocuments, ids);
    std::vector<absl::StatusOr<Article>> out;
    out.reserve(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      if (!values[i].ok()) {
        out.push_back(values[i].status());
        continue;
      }
      Article a;
      if (!a.ParseFromString(*values[i])) {
        out.push_back(absl::InternalError(absl::StrCat("corrupt record ", Sv(ids[i]))));
        continue;
      }
      record::FillSentences(&a);
      out.push_back(std::move(a));
    }
    return out;
  }

  std::vector<absl::StatusOr<std::string>> GetSummaryRecords(
      const std::vector<std::string>& ids) const override {
    return ReadMany(kSummaries, ids);
  }

  absl::StatusOr<Page> ListAll(const PageRequest& page) const override {
    ScanSpec spec{kList, "all", "", "", [](std::string_view key, std::string_view, Hit* hit) {
                    std::string_view id;
                    if (!keys::ParseListKey(key, &hit->event_day, &id)) return false;
                    hit->id.assign(id);
                    return true;
                  }};
    return Scan(spec, page);
  }

  absl::StatusOr<Page> ByPerson(std::string_view name, const std::optional<DayRange>& range,
                                const PageRequest& page) const override {
    std::vector<std::string> words = DistinctQueryWords(name);
    VNNEWS_RETURN_IF_ERROR(CheckWords(words, "name", name));
    std::string query = absl::StrCat("person|", absl::StrJoin(words, " "), "|", RangeText(range));
    // Fast path: when the name dictionary has exactly one person whose name holds every query
    // word, that person's full-key entries are exactly the matches.
    auto full = FullNameToScan(words, page);
    if (!full.ok()) return full.status();
    std::string scan_word = std::move(*full);
    if (scan_word.empty()) {
      auto word = ScanWord(kPerson, words, range, page);
      if (!word.ok()) return word.status();
      if (word->empty()) return Page{};
      scan_word = std::move(*word);
    }
    ScanSpec spec = WordScan(kPerson, scan_word, range, query);
    spec.accept = [this, &words](std::string_view key, std::string_view value, Hit* hit) {
      std::vector<PersonRef> persons;
      if (!DecodePersonValue(value, &persons)) return false;
      for (const PersonRef& p : persons) {
        bool all = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
          return HasWord(p.key, w);
        });
        if (!all) continue;
        std::string_view word, id;
        if (!keys::ParseWordKey(key, &word, &hit->event_day, &id)) return false;
        hit->id.assign(id);
        hit->mention_begin = p.mention.begin;
        hit->mention_end = p.mention.end;
        hit->snippet = p.mention.sentence.empty()
                           ? FullNameSentence(p.key, hit->event_day, id)
                           : p.mention.sentence;
        return true;
      }
      return false;
    };
    return Scan(spec, page);
  }

  // The sentence of a person's mention, from their full-key entry in `person` (a per-word entry
  // does not keep it); "" when there is none.
  std::string FullNameSentence(const std::string& person_key, int32_t day,
                               std::string_view id) const {
    std::string value;
    const std::string key = keys::WordKey(keys::FullNameWord(person_key), day, id);
    if (!d_->db->Get(rocksdb::ReadOptions(), d_->cf(kPerson), key, &value).ok()) return "";
    std::vector<PersonRef> persons;
    if (!DecodePersonValue(value, &persons) || persons.empty()) return "";
    return std::move(persons[0].mention.sentence);
  }

  absl::StatusOr<Page> ByDate(const DayRange& range, DateField field,
                              const PageRequest& page) const override {
    VNNEWS_RETURN_IF_ERROR(CheckRange(range));
    const char f = field == DateField::kEvent ? kDateFieldEvent : kDateFieldAny;
    ScanSpec spec;
    spec.cf = kDate;
    spec.query = absl::StrCat("date|", std::string(1, f), "|", range.first, "-", range.last);
    spec.start = keys::DateKey(f, range.last, "");
    spec.end = keys::DateKey(f, range.first - 1, "");
    spec.accept = [f, range](std::string_view key, std::string_view value, Hit* hit) {
      char field;
      std::string_view id;
      int32_t day = 0;
      if (!keys::ParseDateKey(key, &field, &day, &id)) return false;
      Mention m;
      if (f == kDateFieldEvent) {
        if (!DecodeMention(&value, &m)) return false;
      } else {
        AnyDateValue v;
        if (!DecodeAnyDateValue(value, &v)) return false;
        // Report the document once: at its newest day within the range.
        for (int32_t d : v.days) {
          if (d > day && d <= range.last) return false;
        }
        m = std::move(v.mention);
      }
      hit->id.assign(id);
      hit->event_day = f == kDateFieldEvent ? day : 0;
      hit->mention_begin = m.begin;
      hit->mention_end = m.end;
      hit->snippet = std::move(m.sentence);
      return true;
    };
    return Scan(spec, page);
  }

  absl::StatusOr<Page> ByTopic(std::string_view topic_id, const std::optional<DayRange>& range,
                               const PageRequest& page) const override {
    if (topic_id.empty()) return absl::InvalidArgumentError("topic_id: required");
    if (topic_id.find('\0') != std::string_view::npos) {
      return absl::InvalidArgumentError("topic_id: must not contain NUL");
    }
    if (range) VNNEWS_RETURN_IF_ERROR(CheckRange(*range));
    std::string query = absl::StrCat("topic|", Sv(topic_id), "|", RangeText(range));
    ScanSpec spec = WordScan(kTopic, std::string(topic_id), range, query);
    spec.accept = [](std::string_view key, std::string_view, Hit* hit) {
      std::string_view word, id;
      if (!keys::ParseWordKey(key, &word, &hit->event_day, &id)) return false;
      hit->id.assign(id);
      return true;
    };
    return Scan(spec, page);
  }

  absl::StatusOr<Page> Search(std::string_view query_text, const PageRequest& page) const override {
    std::vector<std::string> words = DistinctQueryWords(query_text);
    VNNEWS_RETURN_IF_ERROR(CheckWords(words, "query", query_text));
    ScanSpec spec;
    spec.cf = kTerms;
    spec.query = absl::StrCat("search|", absl::StrJoin(words, " "));
    const ReaderImpl* self = this;
    spec.accept = [self, &words](std::string_view key, std::string_view value, Hit* hit) {
      for (const std::string& w : words) {
        if (!WordFilterMayContain(value, w)) return false;
      }
      // The filter says "probably": the body decides (about 1% of the candidates are not).
      std::string_view id;
      if (!keys::ParseListKey(key, &hit->event_day, &id)) return false;
      auto body = self->Body(id);
      if (!body.ok()) return false;
      std::vector<WordOccurrence> found = FindWords(*body, words);
      if (found.size() != words.size()) return false;
      hit->id.assign(id);
      hit->mention_begin = found[0].begin;
      hit->mention_end = found[0].end;
      return true;
    };
    return Scan(spec, page);
  }

  absl::StatusOr<std::vector<FacetValue>> Facets(Facet facet, int limit) const override {
    if (limit <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("limit: must be positive, got ", limit));
    }
    char f = kFacetTopic;
    switch (facet) {
      case Facet::kTopic:
        f = kFacetTopic;
        break;
      case Facet::kPerson:
        f = kFacetPerson;
        break;
      case Facet::kOrganization:
        f = kFacetOrganization;
        break;
      case Facet::kLocation:
        f = kFacetLocation;
        break;
      case Facet::kYear:
        f = kFacetYear;
        break;
    }
    auto counts = AllFacetCounts();
    if (!counts.ok()) return counts.status();
    std::vector<FacetValue> values;
    for (const auto& [key, c] : (*counts)->by_value) {
      if (key[0] == f) values.push_back({c.display, c.count});
    }
    auto order = [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    };
    if (values.size() > static_cast<size_t>(limit)) {
      std::partial_sort(values.begin(), values.begin() + limit, values.end(), order);
      values.resize(limit);
    } else {
      std::sort(values.begin(), values.end(), order);
    }
    return values;
  }

  // Facet counts are computed by one scan of the list (each entry carries its article's facet
  // values) and kept until the sequence number moves: no counter is written per article.
  struct FacetCounts {
    struct Count {
      int64_t count = 0;
      std::string display;  // of the newest article with the value
    };
    uint64_t sequence = 0;
    absl::flat_hash_map<std::string, Count> by_value;  // facet byte + value → count
  };

  absl::StatusOr<std::shared_ptr<const FacetCounts>> AllFacetCounts() const {
    const uint64_t sequence = Sequence();
    {
      absl::MutexLock lock(&facets_mu_);
      if (facets_ && facets_->sequence == sequence) return facets_;
    }
    auto counts = std::make_shared<FacetCounts>();
    counts->sequence = sequence;
    std::unique_ptr<rocksdb::Iterator> it(d_->db->NewIterator(rocksdb::ReadOptions(), d_->cf(kList)));
    std::vector<FacetRef> facets;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (!DecodeFacets(std::string_view(it->value().data(), it->value().size()), &facets)) {
        continue;
      }
      for (FacetRef& f : facets) {
        f.value.insert(f.value.begin(), f.facet);
        auto& c = counts->by_value[f.value];
        if (c.count++ == 0) c.display = std::move(f.display);
      }
    }
    VNNEWS_RETURN_IF_ERROR(FromRocks(it->status(), "counting facets"));
    absl::MutexLock lock(&facets_mu_);
    facets_ = counts;
    return std::shared_ptr<const FacetCounts>(counts);
  }

  absl::StatusOr<int64_t> CountArticles() const override {
    auto v = GetValue(*d_, kMeta, kMetaArticleCount);
    if (absl::IsNotFound(v.status())) return 0;
    if (!v.ok()) return v.status();
    std::string_view in = *v;
    uint64_t n = 0;
    if (!codec::GetFixed64(&in, &n)) return absl::InternalError("corrupt article count");
    return static_cast<int64_t>(n);
  }

 private:
  static absl::Status NotFound(std::string_view id) {
    return absl::NotFoundError(absl::StrCat("id: no article with id \"", Sv(id), "\""));
  }

  // The values of `ids` in `cf`, read with one MultiGet: NOT_FOUND for a missing one.
  std::vector<absl::StatusOr<std::string>> ReadMany(Cf cf,
                                                    const std::vector<std::string>& ids) const {
    const size_t n = ids.size();
    std::vector<rocksdb::Slice> keys(ids.begin(), ids.end());
    std::vector<rocksdb::PinnableSlice> values(n);
    std::vector<rocksdb::Status> statuses(n);
    if (n > 0) {
      d_->db->MultiGet(rocksdb::ReadOptions(), d_->cf(cf), n, keys.data(), values.data(),
                       statuses.data());
    }
    std::vector<absl::StatusOr<std::string>> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (statuses[i].IsNotFound()) {
        out.push_back(NotFound(ids[i]));
      } else if (!statuses[i].ok()) {
        out.push_back(FromRocks(statuses[i], absl::StrCat("reading ", CfName(cf))));
      } else {
        out.push_back(std::string(values[i].data(), values[i].size()));
      }
    }
    return out;
  }

  static absl::Status CheckWords(const std::vector<std::string>& words, std::string_view field,
                                 std::string_view given) {
    if (words.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(Sv(field), ": must hold at least one letter or digit, got \"",
                       CapUtf8(given, 64), "\""));
    }
    if (words.size() > kMaxQueryWords) {
      return absl::InvalidArgumentError(absl::StrCat(Sv(field), ": at most ", kMaxQueryWords,
                                                     " words, got ", words.size()));
    }
    return absl::OkStatus();
  }

  static absl::Status CheckRange(const DayRange& r) {
    if (r.first < 1 || r.last < 1 || r.first > r.last) {
      return absl::InvalidArgumentError(absl::StrCat("date_range: from ", r.first,
                                                     " must be a day before or at to ", r.last));
    }
    return absl::OkStatus();
  }

  // The scan of one word's (topic's) entries, newest first, within an event-day range.
  static ScanSpec WordScan(Cf cf, const std::string& word, const std::optional<DayRange>& range,
                           std::string query) {
    ScanSpec spec;
    spec.cf = cf;
    spec.query = std::move(query);
    if (range) {
      spec.start = keys::WordKey(word, range->last, "");
      spec.end = keys::WordKey(word, range->first - 1, "");
    } else {
      spec.start = keys::WordPrefix(word);
      spec.end = PrefixEnd(spec.start);
    }
    return spec;
  }

  // The word whose entries to scan: on a later page, the one the first page chose (the token's
  // position says which); else the rarest, by counting at most kRarityProbe entries of each.
  // "" when some word has no entry at all (nothing can match).
  absl::StatusOr<std::string> ScanWord(Cf cf, const std::vector<std::string>& words,
                                       const std::optional<DayRange>& range,
                                       const PageRequest& page) const {
    if (words.size() == 1) return words[0];
    if (!page.page_token.empty()) return WordOfToken(words, page.page_token);
    std::string best;
    int best_count = kRarityProbe + 1;
    for (const std::string& w : words) {
      ScanSpec spec = WordScan(cf, w, range, "");
      rocksdb::Slice upper(spec.end);
      rocksdb::ReadOptions ro;
      ro.iterate_upper_bound = &upper;
      std::unique_ptr<rocksdb::Iterator> it(d_->db->NewIterator(ro, d_->cf(cf)));
      int n = 0;
      for (it->Seek(spec.start); it->Valid() && n < kRarityProbe; it->Next()) ++n;
      VNNEWS_RETURN_IF_ERROR(FromRocks(it->status(), "scanning an index"));
      if (n == 0) return std::string();
      // Ties (all words common) go to the later word: in Vietnamese names the given name,
      // last, is the most distinctive, the family name, first, the least.
      if (n <= best_count) {
        best_count = n;
        best = w;
      }
    }
    return best;
  }

  // The full-key "word" (FullNameWord) to scan for a by-person query, "" to scan a word's
  // entries instead. On a later page: the one the first page chose, when its token's position
  // is a full-key entry of a name holding every query word (any other position is left to the
  // word scan, whose Scan refuses it). Else the name dictionary decides: a query word held by
  // fewer than kNameProbe names gives every name that can match; when exactly one of them holds
  // every query word, that person is the only one who can match. Several, none, or every word
  // in too many names to list: "".
  absl::StatusOr<std::string> FullNameToScan(const std::vector<std::string>& words,
                                             const PageRequest& page) const {
    if (!page.page_token.empty()) {
      std::string position = PositionHint(page.page_token);
      std::string_view word, id;
      int32_t day = 0;
      if (position.empty() || position[0] != keys::kFullNameMark ||
          !keys::ParseWordKey(position, &word, &day, &id)) {
        return std::string();
      }
      std::string_view name = word.substr(1);
      bool all = std::all_of(words.begin(), words.end(),
                             [&](const std::string& w) { return HasWord(name, w); });
      return all ? std::string(word) : std::string();
    }
    // A popular name is resolved once while the dictionary stays as it is, not by listing the
    // dictionary again on every query.
    const std::string cache_key = absl::StrJoin(words, " ");
    // Keyed by the sequence number the reader has reached (an atomic load): a new name comes
    // only with a write, which moves it. RocksDB's own change counters (super version, memtable
    // entries) are read under the DB mutex, which the secondary's catch-up holds while it reads
    // the primary's MANIFEST and WAL: with them every by-person query queued behind it.
    const uint64_t sequence = Sequence();
    {
      absl::MutexLock lock(&names_mu_);
      if (names_sequence_ != sequence) {
        full_names_.clear();
        names_sequence_ = sequence;
      }
      auto it = full_names_.find(cache_key);
      if (it != full_names_.end()) return it->second;
    }
    auto resolved = ResolveFullName(words);
    if (!resolved.ok()) return resolved.status();
    absl::MutexLock lock(&names_mu_);
    if (names_sequence_ == sequence) {
      if (full_names_.size() >= kMaxCachedNames) full_names_.clear();
      full_names_.emplace(cache_key, *resolved);
    }
    return resolved;
  }

  // FullNameToScan's answer for a first page, from the name dictionary.
  absl::StatusOr<std::string> ResolveFullName(const std::vector<std::string>& words) const {
    // Any one query word whose names can all be listed gives every name that can match. Tried
    // from the last word: in Vietnamese names the given name, last, is the most distinctive.
    for (auto w = words.rbegin(); w != words.rend(); ++w) {
      std::string prefix = keys::WordPrefix(*w);
      std::string end = PrefixEnd(prefix);
      rocksdb::Slice upper(end);
      rocksdb::ReadOptions ro;
      ro.iterate_upper_bound = &upper;
      std::unique_ptr<rocksdb::Iterator> it(d_->db->NewIterator(ro, d_->cf(kNames)));
      std::string only;
      int matches = 0;
      size_t listed = 0;
      for (it->Seek(prefix); it->Valid() && listed < kNameProbe; it->Next(), ++listed) {
        std::string_view name(it->key().data() + prefix.size(), it->key().size() - prefix.size());
        bool all = std::all_of(words.begin(), words.end(),
                               [&](const std::string& q) { return HasWord(name, q); });
        if (all && ++matches == 1) only.assign(name);
      }
      VNNEWS_RETURN_IF_ERROR(FromRocks(it->status(), "reading the name dictionary"));
      if (listed >= kNameProbe) continue;  // too common to list
      // Several persons can match, or none (the word scan then finds nothing quickly).
      return matches == 1 ? keys::FullNameWord(only) : std::string();
    }
    return std::string();
  }

  // The word the first page chose, read from the token's position (unverified here: Scan
  // verifies the token, and a token of another query fails there whatever word is picked).
  static std::string WordOfToken(const std::vector<std::string>& words, std::string_view token) {
    std::string position = PositionHint(token);
    std::string_view word, id;
    int32_t day = 0;
    if (keys::ParseWordKey(position, &word, &day, &id)) {
      for (const std::string& w : words) {
        if (w == word) return w;
      }
    }
    return words[0];
  }

  // The raw position bytes of a token, unverified ("" when it does not decode).
  static std::string PositionHint(std::string_view token) {
    std::string bytes;
    if (!absl::WebSafeBase64Unescape(Sv(token), &bytes) || bytes.size() < 17) return "";
    return bytes.substr(9, bytes.size() - 17);
  }

  absl::StatusOr<Page> Scan(const ScanSpec& spec, const PageRequest& page) const {
    if (page.page_size < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("page_size: must be positive, got ", page.page_size));
    }
    std::string position;
    if (!page.page_token.empty()) {
      auto decoded = d_->tokens->Decode(spec.query, page.page_token);
      if (!decoded.ok()) return decoded.status();
      position = std::move(*decoded);
      if (position < spec.start || (!spec.end.empty() && position >= spec.end)) {
        return absl::InvalidArgumentError(
            "page_token: position outside this query's range; pass next_page_token unchanged");
      }
    }
    rocksdb::Slice upper(spec.end);
    rocksdb::ReadOptions ro;
    if (!spec.end.empty()) ro.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(d_->db->NewIterator(ro, d_->cf(spec.cf)));
    if (position.empty()) {
      it->Seek(spec.start);
    } else {
      it->Seek(position);
      if (it->Valid() && it->key() == rocksdb::Slice(position)) it->Next();
    }
    Page out;
    // Where the next page resumes: the last entry fully dealt with.
    std::string last_emitted;
    int64_t scanned = 0;
    bool more = false;
    for (; it->Valid(); it->Next()) {
      if (++scanned > kMaxScannedEntries) {
        // Bounded work per request: answer what was found, resume after the last entry seen.
        // (Position = the previous entry, which was fully examined.)
        more = true;
        break;
      }
      std::string_view key(it->key().data(), it->key().size());
      std::string_view value(it->value().data(), it->value().size());
      Hit hit;
      if (!spec.accept(key, value, &hit)) {
        if (static_cast<int>(out.hits.size()) < page.page_size) last_emitted.assign(key);
        continue;
      }
      if (static_cast<int>(out.hits.size()) == page.page_size) {
        more = true;  // one more hit exists: the next page starts with it
        break;
      }
      out.hits.push_back(std::move(hit));
      last_emitted.assign(key);
    }
    VNNEWS_RETURN_IF_ERROR(FromRocks(it->status(), "scanning an index"));
    if (more && !last_emitted.empty()) {
      out.next_page_token = d_->tokens->Encode(spec.query, last_emitted);
    }
    return out;
  }

  std::shared_ptr<Db> d_;
  std::atomic<uint64_t> seq_{0};
  // FullNameToScan's answers (by the query's words) for the store as it was at sequence
  // names_sequence_.
  mutable absl::Mutex names_mu_;
  mutable uint64_t names_sequence_ ABSL_GUARDED_BY(names_mu_) = 0;
  mutable absl::flat_hash_map<std::string, std::string> full_names_ ABSL_GUARDED_BY(names_mu_);
  mutable absl::Mutex facets_mu_;
  mutable std::shared_ptr<const FacetCounts> facets_ ABSL_GUARDED_BY(facets_mu_);
};

// ---------------------------------------------------------------------------------------------
// Store

class StoreImpl : public Store {
 public:
  StoreImpl(std::shared_ptr<Db> db, StoreOptions options)
      : d_(std::move(db)), options_(std::move(options)) {}

  absl::Status Load() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    // The persons the name dictionary already has: a write adds only new ones.
    std::unique_ptr<rocksdb::Iterator> it(
        d_->db->NewIterator(rocksdb::ReadOptions(), d_->cf(kNames)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view key(it->key().data(), it->key().size());
      size_t zero = key.find('\0');
      if (zero != std::string_view::npos) known_names_.insert(std::string(key));
    }
    VNNEWS_RETURN_IF_ERROR(FromRocks(it->status(), "loading the name dictionary"));
    auto version = GetValue(*d_, kMeta, kMetaExtractorVersion);
    if (version.ok()) extractor_version_ = *version;
    auto count = GetValue(*d_, kMeta, kMetaArticleCount);
    if (count.ok()) {
      std::string_view in = *count;
      uint64_t n = 0;
      if (!codec::GetFixed64(&in, &n)) return absl::InternalError("corrupt article count");
      article_count_ = static_cast<int64_t>(n);
    } else if (!absl::IsNotFound(count.status())) {
      return count.status();
    }
    return absl::OkStatus();
  }

  absl::StatusOr<WriteResult> Put(const Article& article, std::string_view raw_text) override {
    // Everything that depends only on the new record is built before taking the lock.
    auto prepared = Store::Prepare(article, std::string(raw_text));
    if (!prepared.ok()) return prepared.status();
    std::vector<PreparedPut> one;
    one.push_back(std::move(*prepared));
    return std::move(PutBatch(std::move(one))[0]);
  }

  std::vector<absl::StatusOr<WriteResult>> PutBatch(std::vector<PreparedPut> puts) override {
    std::vector<absl::StatusOr<WriteResult>> out(puts.size());
    absl::MutexLock lock(&mu_);
    if (absl::Status resumed = MaybeResume(); !resumed.ok()) {
      for (auto& o : out) o = resumed;
      return out;
    }
    // What each article comes to: it needs the batch (kWrite, or kSameAsEarlier: identical to
    // an earlier article of this batch, which writes it), or it is done without it.
    enum class Outcome { kWrite, kSameAsEarlier, kUnchanged, kFailed };
    std::vector<Outcome> outcome(puts.size(), Outcome::kFailed);
    // The latest version of each id written by this batch so far: the "stored" version a later
    // article of the same id replaces.
    absl::flat_hash_map<std::string_view, const PreparedPut::Data*> latest;
    // Index entries of the stored versions being replaced, referenced by `ops` until written.
    std::deque<ArticleIndex> old_indexes;
    std::vector<BatchOp> ops;
    absl::flat_hash_set<std::string_view> batch_names;
    Changes changes;
    for (size_t i = 0; i < puts.size(); ++i) {
      const PreparedPut::Data& p = puts[i].data();
      const std::vector<IndexEntry>* old_entries = nullptr;
      if (auto it = latest.find(p.id); it != latest.end()) {
        if (it->second->comparable == p.comparable) {
          outcome[i] = Outcome::kSameAsEarlier;
          continue;
        }
        old_entries = &it->second->index.entries;
      } else {
        std::optional<Article> old;
        if (absl::Status read = ReadOld(p.id, &old); !read.ok()) {
          out[i] = read;
          continue;
        }
        if (old) {
          if (ComparableRecord(*old) == p.comparable) {
            outcome[i] = Outcome::kUnchanged;
            continue;
          }
          old_indexes.push_back(BuildIndex(*old));
          old_entries = &old_indexes.back().entries;
        }
      }
      outcome[i] = Outcome::kWrite;
      latest[p.id] = &p;
      if (old_entries != nullptr) {
        absl::flat_hash_set<std::pair<int, std::string_view>> new_keys;
        for (const IndexEntry& e : p.index.entries) new_keys.insert({e.cf, e.key});
        // Entries the new version does not overwrite are deleted; the others are overwritten.
        for (const IndexEntry& e : *old_entries) {
          if (!new_keys.contains(std::make_pair(static_cast<int>(e.cf), std::string_view(e.key)))) {
            AddOp(&ops, e.cf, e.key, {}, true);
          }
        }
      } else {
        ++changes.articles;
      }
      for (const IndexEntry& e : p.index.entries) AddOp(&ops, e.cf, e.key, e.value, false);
      for (const IndexEntry& e : p.index.names) {
        if (known_names_.contains(e.key) || !batch_names.insert(e.key).second) continue;
        AddOp(&ops, e.cf, e.key, e.value, false);
        changes.new_names.push_back(e.key);
      }
      AddOp(&ops, kDocuments, p.id, p.record, false);
      AddOp(&ops, kRaw, p.id, p.raw, false);
      AddOp(&ops, kSummaries, p.id, p.summary, false);
      if (!p.extractor_version.empty() &&
          p.extractor_version != (changes.extractor_version.empty() ? extractor_version_
                                                                     : changes.extractor_version)) {
        changes.extractor_version = p.extractor_version;
      }
    }

    absl::Status written = absl::OkStatus();
    if (!ops.empty()) {
      // Room for every write up front: the batch is not copied over as it grows.
      size_t bytes = 64;
      for (const BatchOp& op : ops) bytes += op.key.size() + op.value.size() + 16;
      rocksdb::WriteBatch batch(bytes);
      AppendSorted(&ops, &batch);
      if (!changes.extractor_version.empty()) {
        batch.Put(d_->cf(kMeta), kMetaExtractorVersion, changes.extractor_version);
      }
      written = Commit(&batch, std::move(changes));
    }
    const uint64_t sequence = d_->db->GetLatestSequenceNumber();
    for (size_t i = 0; i < puts.size(); ++i) {
      switch (outcome[i]) {
        case Outcome::kFailed:
          break;
        case Outcome::kWrite:
        case Outcome::kSameAsEarlier:
          if (!written.ok()) {
            out[i] = written;
          } else {
            out[i] = WriteResult{puts[i].id(), sequence, outcome[i] == Outcome::kWrite};
          }
          break;
        case Outcome::kUnchanged:
          out[i] = WriteResult{puts[i].id(), sequence, false};
          break;
      }
    }
    return out;
  }

  absl::StatusOr<WriteResult> Delete(std::string_view id) override {
    VNNEWS_RETURN_IF_ERROR(ValidateId(id));
    absl::MutexLock lock(&mu_);
    VNNEWS_RETURN_IF_ERROR(MaybeResume());
    std::optional<Article> old;
    VNNEWS_RETURN_IF_ERROR(ReadOld(id, &old));
    if (!old) return absl::NotFoundError(absl::StrCat("id: no article with id \"", Sv(id), "\""));
    rocksdb::WriteBatch batch;
    Changes changes;
    for (const IndexEntry& e : BuildIndex(*old).entries) batch.Delete(d_->cf(e.cf), e.key);
    batch.Delete(d_->cf(kDocuments), id);
    batch.Delete(d_->cf(kRaw), id);
    batch.Delete(d_->cf(kSummaries), id);
    changes.articles = -1;
    VNNEWS_RETURN_IF_ERROR(Commit(&batch, std::move(changes)));
    return WriteResult{std::string(id), d_->db->GetLatestSequenceNumber(), true};
  }

  uint64_t LatestSequence() const override { return d_->db->GetLatestSequenceNumber(); }

  absl::StatusOr<std::string> GetRaw(std::string_view id) const override {
    auto v = GetValue(*d_, kRaw, id);
    if (absl::IsNotFound(v.status())) {
      return absl::NotFoundError(absl::StrCat("id: no article with id \"", Sv(id), "\""));
    }
    return v;
  }

  std::unique_ptr<Reader> NewReader() const override {
    return std::make_unique<ReaderImpl>(d_);
  }

  absl::Status WaitForBackgroundWork(absl::Duration timeout) const override {
    const absl::Time deadline = absl::Now() + timeout;
    while (true) {
      bool busy = false;
      for (rocksdb::ColumnFamilyHandle* cf : d_->cfs) {
        for (const char* property : {"rocksdb.num-running-flushes",
                                     "rocksdb.num-running-compactions",
                                     "rocksdb.mem-table-flush-pending",
                                     "rocksdb.compaction-pending"}) {
          uint64_t value = 0;
          if (d_->db->GetIntProperty(cf, property, &value) && value > 0) busy = true;
        }
      }
      if (!busy) return absl::OkStatus();
      if (absl::Now() >= deadline) {
        return absl::DeadlineExceededError("store: flushes or compactions still running");
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
  }

 private:
  // What a write changes in the in-memory state, applied only once the write is in.
  struct Changes {
    int64_t articles = 0;
    std::vector<std::string> new_names;
    std::string extractor_version;
  };

  // One write of a batch, pointing into data that outlives the batch's building.
  struct BatchOp {
    Cf cf;
    bool del;
    uint32_t order;  // position in the batch: what decides between writes of the same key
    std::string_view key;
    std::string_view value;
  };

  static void AddOp(std::vector<BatchOp>* ops, Cf cf, std::string_view key,
                    std::string_view value, bool del) {
    ops->push_back({cf, del, static_cast<uint32_t>(ops->size()), key, value});
  }

  // Appends `ops` ordered by column family and key (writes of one key keep their order, so the
  // last one wins as before): an insert into a skip-list memtable starts its search from the
  // previous insert's place (memtable_insert_with_hint_prefix_extractor), which is close when
  // the keys come in order.
  void AppendSorted(std::vector<BatchOp>* ops, rocksdb::WriteBatch* batch) const {
    std::sort(ops->begin(), ops->end(), [](const BatchOp& a, const BatchOp& b) {
      if (a.cf != b.cf) return a.cf < b.cf;
      if (int c = a.key.compare(b.key); c != 0) return c < 0;
      return a.order < b.order;
    });
    for (const BatchOp& op : *ops) {
      rocksdb::Slice key(op.key.data(), op.key.size());
      if (op.del) {
        batch->Delete(d_->cf(op.cf), key);
      } else {
        batch->Put(d_->cf(op.cf), key, rocksdb::Slice(op.value.data(), op.value.size()));
      }
    }
  }

  absl::Status ReadOld(std::string_view id, std::optional<Article>* old)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto v = GetValue(*d_, kDocuments, id);
    if (absl::IsNotFound(v.status())) return absl::OkStatus();
    if (!v.ok()) return v.status();
    Article a;
    if (!a.ParseFromString(*v)) {
      return absl::InternalError(absl::StrCat("stored record of \"", Sv(id), "\" is corrupt"));
    }
    *old = std::move(a);
    return absl::OkStatus();
  }

  absl::Status Commit(rocksdb::WriteBatch* batch, Changes changes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const int64_t articles = article_count_ + changes.articles;
    if (changes.articles != 0) {
      std::string value;
      codec::PutFixed64(static_cast<uint64_t>(std::max<int64_t>(articles, 0)), &value);
      batch->Put(d_->cf(kMeta), kMetaArticleCount, value);
    }
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync_writes;
    rocksdb::Status s = d_->db->Write(wo, batch);
    if (!s.ok()) {
      // RocksDB may now refuse writes until Resume() (a background error): try on the next one.
      needs_resume_ = true;
      last_error_no_space_ = s.IsNoSpace();
      return FromRocks(s, "writing");
    }
    article_count_ = articles;
    for (std::string& name : changes.new_names) {
      known_names_.insert(std::move(name));
    }
    if (!changes.extractor_version.empty()) extractor_version_ = changes.extractor_version;
    return absl::OkStatus();
  }

  absl::Status MaybeResume() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!needs_resume_) return absl::OkStatus();
    // Resume() is OK when there is no background error; otherwise it retries the failed work
    // (e.g. the flush that found the disk full) and clears the error when that succeeds.
    rocksdb::Status s = d_->db->Resume();
    if (s.IsBusy() && last_error_no_space_) {
      // RocksDB's own recovery from a full disk is under way: it clears the error by itself
      // once the disk has room for a memtable flush again.
      return absl::ResourceExhaustedError(
          "writing: disk full; writes resume by themselves once space is freed");
    }
    VNNEWS_RETURN_IF_ERROR(FromRocks(s, "resuming after an earlier write error"));
    needs_resume_ = false;
    return absl::OkStatus();
  }

  std::shared_ptr<Db> d_;
  const StoreOptions options_;
  absl::Mutex mu_;
  // Name-dictionary keys already stored: the dictionary only grows, so a write adds only
  // the entries of persons never seen before (a memtable insert is expensive, see keys.cc).
  absl::flat_hash_set<std::string> known_names_ ABSL_GUARDED_BY(mu_);
  std::string extractor_version_ ABSL_GUARDED_BY(mu_);
  int64_t article_count_ ABSL_GUARDED_BY(mu_) = 0;
  bool needs_resume_ ABSL_GUARDED_BY(mu_) = false;
  bool last_error_no_space_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

PreparedPut::PreparedPut() = default;
PreparedPut::PreparedPut(std::unique_ptr<Data> data) : data_(std::move(data)) {}
PreparedPut::PreparedPut(PreparedPut&&) noexcept = default;
PreparedPut& PreparedPut::operator=(PreparedPut&&) noexcept = default;
PreparedPut::~PreparedPut() = default;
const std::string& PreparedPut::id() const { return data_->id; }

absl::StatusOr<PreparedPut> Store::Prepare(Article article, std::string raw_text) {
  VNNEWS_RETURN_IF_ERROR(ValidateId(article.id()));
  auto d = std::make_unique<PreparedPut::Data>();
  d->index = BuildIndex(article);
  MakeSummary(article).SerializeToString(&d->summary);
  std::unique_ptr<google::protobuf::Timestamp> ingest_time;
  if (article.has_ingest_time()) ingest_time.reset(article.release_ingest_time());
  article.ByteSizeLong();  // caches sizes for SerializeWithCachedSizes
  d->comparable = SerializeDeterministic(article);
  d->record = d->comparable;
  if (ingest_time) {
    using google::protobuf::internal::WireFormatLite;
    std::string time = ingest_time->SerializeAsString();
    codec::PutVarint(WireFormatLite::MakeTag(Article::kIngestTimeFieldNumber,
                                             WireFormatLite::WIRETYPE_LENGTH_DELIMITED),
                     &d->record);
    codec::PutLengthPrefixed(time, &d->record);
  }
  d->id = std::move(*article.mutable_id());
  d->extractor_version = std::move(*article.mutable_extractor_version());
  d->raw = std::move(raw_text);
  return PreparedPut(std::move(d));
}

std::string ContentId(std::string_view normalized_text) {
  // A fixed key: the id must be the same in every process and release.
  static constexpr codec::SipKey kIdKey = {0x766e6e6577732d69ULL, 0x642d763120202020ULL};
  return absl::StrFormat("%016x", codec::SipHash24(kIdKey, normalized_text));
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("store path: required");
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot create store directory ", options.path, ": ", ec.message()));
  }
  rocksdb::DBOptions o;
  o.create_if_missing = true;
  o.create_missing_column_families = true;
  o.max_background_jobs = 2;
  o.bytes_per_sync = 1 << 20;
  // Required by the vector memtables; one writer (PutBatch) would not use it anyway.
  o.allow_concurrent_memtable_write = false;
  // A WAL file is deleted only once every family written in it has been flushed, and the small
  // index families fill their memtables slowly: by default (4× the sum of all write buffers,
  // ~3 GiB here) 100,000 articles left 1.2 GB of WAL, all replayed at the next open. Past this
  // size the families holding the oldest WAL are flushed.
  o.max_total_wal_size = 256 << 20;
  CommonOptions(&o);
  // The WAL is always written: an acknowledged write survives kill -9 of the process.
  auto d = std::make_shared<Db>();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(o, options.path, Descriptors(true), &d->cfs, &raw);
  if (!s.ok()) {
    if (s.IsIOError() && absl::StrContains(s.ToString(), "lock")) {
      return absl::UnavailableError(absl::StrCat("store at ", options.path,
                                                 " is open in another process: ", s.ToString()));
    }
    if (s.IsInvalidArgument()) {
      return absl::FailedPreconditionError(
          absl::StrCat("store at ", options.path, " cannot be opened: ", s.ToString()));
    }
    return FromRocks(s, absl::StrCat("opening store at ", options.path));
  }
  d->db.reset(raw);

  auto version = GetValue(*d, kMeta, kMetaSchemaVersion);
  if (absl::IsNotFound(version.status())) {
    // A new store, or one whose first open died before this batch: nothing else is in it.
    std::unique_ptr<rocksdb::Iterator> it(
        d->db->NewIterator(rocksdb::ReadOptions(), d->cf(kDocuments)));
    it->SeekToFirst();
    if (it->Valid()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "store at ", options.path, " holds records but no schema version; this build "
          "reads version ", kSchemaVersion));
    }
    auto secret = RandomBytes(kPageTokenSecretBytes);
    if (!secret.ok()) return secret.status();
    rocksdb::WriteBatch batch;
    batch.Put(d->cf(kMeta), kMetaSchemaVersion, std::to_string(kSchemaVersion));
    batch.Put(d->cf(kMeta), kMetaPageTokenKey, *secret);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    VNNEWS_RETURN_IF_ERROR(FromRocks(d->db->Write(wo, &batch), "initializing the store"));
  } else if (!version.ok()) {
    return version.status();
  }
  VNNEWS_RETURN_IF_ERROR(CheckMeta(*d, options.path));
  auto store = std::make_unique<StoreImpl>(d, options);
  VNNEWS_RETURN_IF_ERROR(store->Load());
  return std::unique_ptr<Store>(std::move(store));
}

absl::StatusOr<std::unique_ptr<Reader>> Reader::OpenSecondary(const ReaderOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("store path: required");
  if (options.secondary_path.empty()) {
    return absl::InvalidArgumentError("secondary path: required (a writable directory)");
  }
  std::error_code ec;
  std::filesystem::create_directories(options.secondary_path, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot create secondary directory ",
                                               options.secondary_path, ": ", ec.message()));
  }
  if (!std::filesystem::exists(std::filesystem::path(options.path) / "CURRENT", ec)) {
    return absl::UnavailableError(absl::StrCat("no store at ", options.path,
                                               " yet; start the ingestor first"));
  }
  rocksdb::DBOptions o;
  // Required of a secondary: it keeps every table file it has seen open, so the primary's
  // compactions deleting them do not break its reads.
  o.max_open_files = -1;
  // Each catch-up that finds new table files (every flush or compaction of the primary) opens
  // them with up to this many threads, created and joined per catch-up: with the default 16,
  // thread creation alone took ~15% of the query service's CPU while the primary compacted.
  o.max_file_opening_threads = 1;
  // Point reads of table files (a page's summaries, by MultiGet) answered from a cache of
  // rows: a hot article's summary without a block look-up and a search inside the block. Keyed
  // by table file, so never stale.
  o.row_cache = rocksdb::NewLRUCache(32 << 20);
  CommonOptions(&o);
  auto d = std::make_shared<Db>();
  d->secondary = true;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenAsSecondary(o, options.path, options.secondary_path,
                                                   Descriptors(false), &d->cfs, &raw);
  if (!s.ok()) {
    if (s.IsInvalidArgument()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "store at ", options.path, " cannot be opened as a secondary: ", s.ToString()));
    }
    return FromRocks(s, absl::StrCat("opening store at ", options.path, " as a secondary"));
  }
  d->db.reset(raw);
  VNNEWS_RETURN_IF_ERROR(CheckMeta(*d, options.path));
  return std::unique_ptr<Reader>(std::make_unique<ReaderImpl>(d));
}

}  // namespace vnnews::store
