// Helpers of the store tests: a fresh temporary directory per test and hand-built records (the
// store tests do not depend on the extractor).
#ifndef VNNEWS_TESTS_STORE_TEST_UTIL_H_
#define VNNEWS_TESTS_STORE_TEST_UTIL_H_

#include <rocksdb/db.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "vnnews/v1/article.pb.h"

namespace vnnews::store::testing {

// A new empty directory under $TMPDIR (or /tmp), removed with everything in it at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A person of a hand-built record.
struct TestPerson {
  std::string name;  // as written; the key is its fold
  int32_t begin = 0;
  int32_t end = 0;
};

// A record with a body, an event day (0: none), persons, extra date days and topics.
vnnews::v1::Article MakeArticle(const std::string& id, const std::string& body,
                                int32_t event_day, const std::vector<TestPerson>& persons = {},
                                const std::vector<int32_t>& date_days = {},
                                const std::vector<std::string>& topics = {});

// Every key of every column family of the database at `path` (opened read-only, as a
// secondary in `scratch`), as "cf:key" with the key's bytes escaped.
std::vector<std::string> AllKeys(const std::string& path, const std::string& scratch);

// Writes `key` = `value` into the column family `cf` of the closed store at `path` with plain
// RocksDB, behind the store's back (a foreign schema version, a corrupt record). False on error.
bool PutRaw(const std::string& path, const std::string& cf, const std::string& key,
            const std::string& value);

// Mounts for the tests that need a read-only directory or a small disk. Root in a container
// passes chmod checks, so a read-only bind mount is the honest way to make a directory
// read-only. The calling thread moves into a private mount namespace first (nothing leaks to
// the host); RocksDB threads it starts afterwards share it. False, with the reason, when the
// process may not (no CAP_SYS_ADMIN): the caller skips.
bool EnterPrivateMountNamespace(std::string* why);
// `dst` (an existing empty directory) shows `src`, read-only.
bool BindReadOnly(const std::string& src, const std::string& dst, std::string* why);
// A tmpfs of `bytes` at `dst` (an existing empty directory).
bool MountTmpfs(const std::string& dst, size_t bytes, std::string* why);
void Unmount(const std::string& dst);

}  // namespace vnnews::store::testing

#endif  // VNNEWS_TESTS_STORE_TEST_UTIL_H_
