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
#include "vnnews/v1/article.pb.h"

namespace vnnews::store {

// Options of the primary.
struct StoreOptions {
  // Database directory; created when missing.
  std::string path;
  // Sync the WAL on every write, so an acknowledged write survives a machine crash as well as
  // a process crash. Off, a write still survives kill -9 of the process (the WAL is written).
  bool sync_writes = false;
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
  // schema version (FAILED_PRECONDITION naming both versions on a mismatch).
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);
  virtual ~Store() = default;

  // Stores `article` (its id set by the caller) with `raw_text` and all its index entries in one
  // WriteBatch, removing the entries of an older version of the same id in the same batch.
  // Storing the same record again writes nothing and answers created=false. A full disk or any
  // RocksDB failure is an error (RESOURCE_EXHAUSTED / INTERNAL) and leaves the store as it was.
  virtual absl::StatusOr<WriteResult> Put(const vnnews::v1::Article& article,
                                          std::string_view raw_text) = 0;
  // Removes the article and every index entry of it. NOT_FOUND for an unknown id.
  virtual absl::StatusOr<WriteResult> Delete(std::string_view id) = 0;
  // The database's latest sequence number.
  virtual uint64_t LatestSequence() const = 0;
};

// A stable id for an article from its normalized text: hex of a 64-bit hash, 16 characters.
std::string ContentId(std::string_view normalized_text);

// Which dates a date query matches.
enum class DateField { kEvent, kAnyMention };

// An inclusive range of days as YYYYMMDD integers.
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
// byte range in the body (for the snippet).
struct Hit {
  std::string id;
  int32_t mention_begin = -1;  // code-point offset in body, -1 when none
  int32_t mention_end = -1;
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
  // Writable directory for the secondary's own files (info log, MANIFEST copy). Empty opens
  // `path` read-only as a primary-less reader is not supported: it is required.
  std::string secondary_path;
};

// Typed queries. Each list is one ordered prefix scan of an index column family, newest first.
// A page token is opaque, bound to the query that made it; a forged, corrupt or foreign token
// is INVALID_ARGUMENT ("page_token: ...").
class Reader {
 public:
  // Opens the database as a RocksDB secondary (max_open_files = -1), checking the schema.
  static absl::StatusOr<std::unique_ptr<Reader>> OpenSecondary(const ReaderOptions& options);
  virtual ~Reader() = default;

  // Catches up with the primary (TryCatchUpWithPrimary). Call from one thread of its own.
  virtual absl::Status CatchUp() = 0;
  // The sequence number the reader has caught up to.
  virtual uint64_t Sequence() const = 0;

  // NOT_FOUND for an unknown id.
  virtual absl::StatusOr<vnnews::v1::Article> Get(std::string_view id) const = 0;
  virtual absl::StatusOr<Page> ListAll(const PageRequest& page) const = 0;
  // `name`: any part of a person's name, any case, with or without diacritics. The person
  // matches when every folded word of `name` is a word of their folded name.
  virtual absl::StatusOr<Page> ByPerson(std::string_view name,
                                        const std::optional<DayRange>& event_range,
                                        const PageRequest& page) const = 0;
  virtual absl::StatusOr<Page> ByDate(const DayRange& range, DateField field,
                                      const PageRequest& page) const = 0;
  virtual absl::StatusOr<Page> ByTopic(std::string_view topic_id,
                                       const std::optional<DayRange>& event_range,
                                       const PageRequest& page) const = 0;
  // Every folded word of `query` must be in the body.
  virtual absl::StatusOr<Page> Search(std::string_view query, const PageRequest& page) const = 0;
  // Largest counts first, at most `limit` values.
  virtual absl::StatusOr<std::vector<FacetValue>> Facets(Facet facet, int limit) const = 0;
  virtual absl::StatusOr<int64_t> CountArticles() const = 0;
};

}  // namespace vnnews::store

#endif  // VNNEWS_STORE_STORE_H_
