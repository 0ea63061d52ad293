// The store: one RocksDB holding every article record and its indexes, one column family per
// job. `Store` is the primary (the ingestor, the only writer); `Reader` answers the typed
// queries, over a secondary instance (the query service) or over the primary itself.
#ifndef VNNEWS_STORE_STORE_H_
#define VNNEWS_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "vnnews/v1/article.pb.h"
#include "vnnews/v1/query.pb.h"

namespace vnnews::store {

// Options of the primary.
struct StoreOptions {
  // Database directory; created when missing.
  std::string path;
  // Sync the WAL on every write, so an acknowledged write survives a machine crash as well as
  // a process crash. Off, a write still survives kill -9 of the process (the WAL is written).
  bool sync_writes = false;
};

class Reader;

// An article made ready to be written: its record, raw text, summary and index entries, built
// without the database (Store::Prepare, on any thread). Only the store reads what it holds.
class PreparedPut {
 public:
  struct Data;  // defined by the store
  PreparedPut();
  explicit PreparedPut(std::unique_ptr<Data> data);
  PreparedPut(PreparedPut&&) noexcept;
  PreparedPut& operator=(PreparedPut&&) noexcept;
  ~PreparedPut();
  // The article's id.
  const std::string& id() const;
  const Data& data() const { return *data_; }

 private:
  std::unique_ptr<Data> data_;
};

// Result of one write.
struct WriteResult {
  std::string id;
  // The database's latest sequence number once the write is in.
  uint64_t sequence = 0;
  // False when the same record was already stored and nothing was written.
  bool created = true;
};

// The primary: the only writer.
class Store {
 public:
  // Opens (creating when missing) the database with every column family; checks the stored
  // schema version (FAILED_PRECONDITION naming both versions on a mismatch). A database another
  // process holds open for writing is UNAVAILABLE.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);
  virtual ~Store() = default;

  // Stores `article` (its id set by the caller) with `raw_text` and all its index entries in one
  // WriteBatch, removing the entries of an older version of the same id in the same batch.
  // Storing the same record again (same serialized record, ingest_time aside) writes nothing
  // and answers created=false with the current sequence. INVALID_ARGUMENT ("id: ...") for an
  // empty id, one over 512 bytes or one that is not UTF-8. A full disk is RESOURCE_EXHAUSTED,
  // another RocksDB failure UNAVAILABLE (I/O) or INTERNAL; either way nothing of the write is
  // stored. After a failure RocksDB may have stopped writes (background error): the next write
  // first asks it to resume, so the store recovers by itself once the disk has room again.
  // Thread-safe: writes are serialized.
  virtual absl::StatusOr<WriteResult> Put(const vnnews::v1::Article& article,
                                          std::string_view raw_text) = 0;
  // What Put does before it takes the store's lock, on its own: the record, summary and every
  // index entry of `article` (its id set), from it alone. Thread-safe, no database access.
  // INVALID_ARGUMENT ("id: ...") as Put.
  static absl::StatusOr<PreparedPut> Prepare(vnnews::v1::Article article, std::string raw_text);
  // Group commit: writes `puts` in one WriteBatch (one WAL record, one pass over the
  // memtables), each as Put would and as if they were written one after another in this order:
  // a later article with the id of an earlier one replaces it (deleting the index entries the
  // earlier one had and the later one has not), or writes nothing when it is the same record.
  // One answer per article, in order. An article whose stored version cannot be read fails
  // alone; when the write itself fails (full disk: RESOURCE_EXHAUSTED, as Put), nothing of the
  // batch is stored and every article that needed the write answers that error. Every sequence
  // answered is the database's after the whole batch. Thread-safe: writes are serialized.
  virtual std::vector<absl::StatusOr<WriteResult>> PutBatch(std::vector<PreparedPut> puts) = 0;
  // Removes the article, its raw text and every index entry of it. NOT_FOUND ("id: ...") for
  // an unknown id. Thread-safe.
  virtual absl::StatusOr<WriteResult> Delete(std::string_view id) = 0;
  // The database's latest sequence number.
  virtual uint64_t LatestSequence() const = 0;
  // The raw input text stored with an article (for re-extraction). NOT_FOUND for an unknown id.
  virtual absl::StatusOr<std::string> GetRaw(std::string_view id) const = 0;
  // A reader over this primary (sees every acknowledged write at once; CatchUp does nothing).
  // It shares the database and keeps it open while it lives.
  virtual std::unique_ptr<Reader> NewReader() const = 0;
  // Waits until RocksDB has no flush or compaction running or pending (the steady state after
  // a bulk load), at most `timeout`. DEADLINE_EXCEEDED when work is still going on then.
  virtual absl::Status WaitForBackgroundWork(absl::Duration timeout) const = 0;
};

// A stable id for an article from its normalized text: hex of a 64-bit hash, 16 characters.
std::string ContentId(std::string_view normalized_text);

// Which dates a date query matches.
enum class DateField { kEvent, kAnyMention };

// An inclusive range of days as YYYYMMDD integers (vnnews/store/dates.h parses a user's
// strings into one). A date matches the range when its first day (DateMention.first_day) is in
// [first, last]: "tháng 5/2023" (2023-05-01..2023-05-31) matches 2023-05-01..2023-05-01 but not
// 2023-05-02..2023-05-31. Dates without a known year (first_day 0) match no range.
struct DayRange {
  int32_t first = 0;
  int32_t last = 0;
};

// Paging of a list query: `page_size` already validated and capped by the caller (1..1000);
// `page_token` as the client sent it (empty for the first page).
struct PageRequest {
  int32_t page_size = 50;
  std::string page_token;
};

// One hit of a list: the article id and, when the index knows it, the matching mention's
// place in the body (for the snippet).
struct Hit {
  std::string id;
  // Code-point offsets of the mention that matched in Article.body, -1 when none (ListAll,
  // ByTopic).
  int32_t mention_begin = -1;
  int32_t mention_end = -1;
  // The sentence the mention stands in (a long one cut to ~320 bytes around the mention, "…"
  // where cut), empty when the index does not keep it (ListAll, ByTopic, Search): then use the
  // summary's lead (GetSummary).
  std::string snippet;
  // The article's event day (YYYYMMDD, 0 when unknown): the order of the list. 0 in an
  // any-mention date list, which is ordered by the matching date instead.
  int32_t event_day = 0;
};

struct Page {
  std::vector<Hit> hits;
  // Empty on the last page.
  std::string next_page_token;
};

// One value of a facet.
struct FacetValue {
  std::string value;
  int64_t count = 0;
};

enum class Facet { kTopic, kPerson, kOrganization, kLocation, kYear };

// Options of a reader.
struct ReaderOptions {
  // The primary's database directory (may be mounted read-only).
  std::string path;
  // Writable directory for the secondary's own files (its info log); created when missing.
  // Required: the secondary never writes into `path`, which may therefore be read-only.
  std::string secondary_path;
};

// Typed queries. Each list is one ordered prefix scan of an index column family, newest first
// (by event day, then id; articles without an event date last). A page token is opaque, bound
// to the query that made it; a forged, corrupt or foreign token is INVALID_ARGUMENT
// ("page_token: ..."). A page may hold fewer hits than asked (a scan stops after ~200,000
// index entries so that one request stays bounded) and still carry a next_page_token;
// next_page_token is empty only when nothing is left. All methods but CatchUp are thread-safe
// and may run while another thread calls CatchUp; each query reads one consistent state
// (the iterator's, taken at its start).
class Reader {
 public:
  // Opens the database as a RocksDB secondary (max_open_files = -1), checking the schema.
  // UNAVAILABLE when there is no database at `path` yet (start the ingestor first) or it is not
  // initialized yet; FAILED_PRECONDITION on a schema mismatch.
  static absl::StatusOr<std::unique_ptr<Reader>> OpenSecondary(const ReaderOptions& options);
  virtual ~Reader() = default;

  // Catches up with the primary (TryCatchUpWithPrimary). Call from one thread of its own.
  virtual absl::Status CatchUp() = 0;
  // The sequence number the reader has caught up to.
  virtual uint64_t Sequence() const = 0;

  // The record as a user sees it (every span with its sentence's text: record::FillSentences);
  // NOT_FOUND for an unknown id.
  virtual absl::StatusOr<vnnews::v1::Article> Get(std::string_view id) const = 0;
  // The stored summary of an article: id, title, event date, source uri, topic ids and, as the
  // snippet, the lead of the body. Much cheaper than Get (a small record). NOT_FOUND otherwise.
  virtual absl::StatusOr<vnnews::v1::ArticleSummary> GetSummary(std::string_view id) const = 0;
  // Get and GetSummary of several ids in one batched read (RocksDB MultiGet), as a page of
  // results needs: one answer per id, in the order given, each NOT_FOUND or the record. The
  // summaries come in their wire form (a serialized ArticleSummary, checked at ingest), for
  // answers that pass them through without parsing them again.
  virtual std::vector<absl::StatusOr<vnnews::v1::Article>> GetMany(
      const std::vector<std::string>& ids) const = 0;
  virtual std::vector<absl::StatusOr<std::string>> GetSummaryRecords(
      const std::vector<std::string>& ids) const = 0;
  virtual absl::StatusOr<Page> ListAll(const PageRequest& page) const = 0;
  // `name`: any part of a person's name, any case, with or without diacritics. The person
  // matches when every folded word of `name` is a word of their folded name ("Motegi" finds
  // "Motegi Toshimitsu"; "Phạm Minh Chính" does not find "Phạm Bình Minh"). INVALID_ARGUMENT
  // ("name: ...") when `name` has no letter or digit or more than 16 words. With
  // `event_range`, only articles whose event date is in the range.
  virtual absl::StatusOr<Page> ByPerson(std::string_view name,
                                        const std::optional<DayRange>& event_range,
                                        const PageRequest& page) const = 0;
  // kEvent: the article's event date; kAnyMention: any date it names (the event date
  // included), each article once, at its newest date within the range, and ordered by that
  // date (newest first) rather than by the event day.
  virtual absl::StatusOr<Page> ByDate(const DayRange& range, DateField field,
                                      const PageRequest& page) const = 0;
  // `topic_id` as stored (the services check it against the taxonomy).
  virtual absl::StatusOr<Page> ByTopic(std::string_view topic_id,
                                       const std::optional<DayRange>& event_range,
                                       const PageRequest& page) const = 0;
  // Every folded word of `query` must be in the body. INVALID_ARGUMENT ("query: ...") when it
  // has no letter or digit or more than 16 words.
  virtual absl::StatusOr<Page> Search(std::string_view query, const PageRequest& page) const = 0;
  // Number of articles per value, largest counts first (ties by value), at most `limit`
  // values. Persons, organizations and locations are counted by folded key and reported by
  // their display name; years are the event date's. Computed by one scan of every article's
  // list entry (~10 µs an article on the 2-core target VM) and cached until Sequence() moves.
  virtual absl::StatusOr<std::vector<FacetValue>> Facets(Facet facet, int limit) const = 0;
  virtual absl::StatusOr<int64_t> CountArticles() const = 0;
};

}  // namespace vnnews::store

#endif  // VNNEWS_STORE_STORE_H_
