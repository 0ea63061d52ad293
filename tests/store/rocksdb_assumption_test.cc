// What the design assumes of RocksDB 7.8's secondary instances, written down as tests against
// the raw RocksDB API (primary and secondary in one process, as RocksDB's own
// db/db_secondary_test.cc does). If an upgrade breaks one of these, the query service's
// freshness or safety story breaks with it.
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test_util.h"

namespace vnnews::store {
namespace {

using testing::TempDir;

// One DB with its column-family handles, closed in the right order.
struct OpenDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  ~OpenDb() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  }
};

std::vector<rocksdb::ColumnFamilyDescriptor> Cfs(const std::vector<std::string>& names) {
  std::vector<rocksdb::ColumnFamilyDescriptor> out;
  out.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (const auto& n : names) out.emplace_back(n, rocksdb::ColumnFamilyOptions());
  return out;
}

std::unique_ptr<OpenDb> OpenPrimary(const std::string& path,
                                    const std::vector<std::string>& cfs = {"docs"}) {
  rocksdb::DBOptions o;
  o.create_if_missing = true;
  o.create_missing_column_families = true;
  auto d = std::make_unique<OpenDb>();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(o, path, Cfs(cfs), &d->handles, &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  d->db.reset(raw);
  return d;
}

rocksdb::Status OpenSecondary(const std::string& path, const std::string& secondary_path,
                              const std::vector<std::string>& cfs, std::unique_ptr<OpenDb>* out) {
  rocksdb::DBOptions o;
  o.max_open_files = -1;
  auto d = std::make_unique<OpenDb>();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenAsSecondary(o, path, secondary_path, Cfs(cfs), &d->handles, &raw);
  if (s.ok()) {
    d->db.reset(raw);
    *out = std::move(d);
  }
  return s;
}

std::string Get(OpenDb& d, const std::string& key, int cf = 1) {
  std::string v;
  rocksdb::Status s = d.db->Get(rocksdb::ReadOptions(), d.handles[cf], key, &v);
  return s.ok() ? v : (s.IsNotFound() ? "<none>" : "<error " + s.ToString() + ">");
}

int CountEntries(rocksdb::Iterator* it) {
  int n = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
  return n;
}

TEST(RocksDbAssumptionTest, SecondarySeesUnflushedWritesAfterCatchUp) {
  TempDir dir;
  auto primary = OpenPrimary(dir.Sub("db"));
  std::unique_ptr<OpenDb> secondary;
  ASSERT_TRUE(OpenSecondary(dir.Sub("db"), dir.Sub("sec"), {"docs"}, &secondary).ok());

  ASSERT_TRUE(primary->db->Put(rocksdb::WriteOptions(), primary->handles[1], "k", "v1").ok());
  // The write is in the WAL and the memtable only: no table file holds it.
  std::vector<rocksdb::LiveFileMetaData> files;
  primary->db->GetLiveFilesMetaData(&files);
  ASSERT_TRUE(files.empty());

  EXPECT_EQ(Get(*secondary, "k"), "<none>") << "not before a catch-up";
  ASSERT_TRUE(secondary->db->TryCatchUpWithPrimary().ok());
  EXPECT_EQ(Get(*secondary, "k"), "v1");
  // The secondary's sequence number is the primary's after the catch-up: `min_sequence` works.
  EXPECT_EQ(secondary->db->GetLatestSequenceNumber(), primary->db->GetLatestSequenceNumber());

  // And after a flush (the data moves from the WAL to a table file), still visible.
  ASSERT_TRUE(primary->db->Put(rocksdb::WriteOptions(), primary->handles[1], "k2", "v2").ok());
  ASSERT_TRUE(primary->db->Flush(rocksdb::FlushOptions(), primary->handles[1]).ok());
  ASSERT_TRUE(secondary->db->TryCatchUpWithPrimary().ok());
  EXPECT_EQ(Get(*secondary, "k"), "v1");
  EXPECT_EQ(Get(*secondary, "k2"), "v2");
  EXPECT_EQ(secondary->db->GetLatestSequenceNumber(), primary->db->GetLatestSequenceNumber());
}

TEST(RocksDbAssumptionTest, AnIteratorSeesTheStateAtItsCreation) {
  TempDir dir;
  auto primary = OpenPrimary(dir.Sub("db"));
  ASSERT_TRUE(primary->db->Put(rocksdb::WriteOptions(), primary->handles[1], "a", "1").ok());
  std::unique_ptr<OpenDb> secondary;
  ASSERT_TRUE(OpenSecondary(dir.Sub("db"), dir.Sub("sec"), {"docs"}, &secondary).ok());
  std::unique_ptr<rocksdb::Iterator> before(
      secondary->db->NewIterator(rocksdb::ReadOptions(), secondary->handles[1]));

  ASSERT_TRUE(primary->db->Put(rocksdb::WriteOptions(), primary->handles[1], "b", "2").ok());
  ASSERT_TRUE(secondary->db->TryCatchUpWithPrimary().ok());

  EXPECT_EQ(CountEntries(before.get()), 1) << "an old iterator does not see the catch-up";
  std::unique_ptr<rocksdb::Iterator> after(
      secondary->db->NewIterator(rocksdb::ReadOptions(), secondary->handles[1]));
  EXPECT_EQ(CountEntries(after.get()), 2) << "a new one does";
}

TEST(RocksDbAssumptionTest, TheSecondaryCannotWrite) {
  TempDir dir;
  auto primary = OpenPrimary(dir.Sub("db"));
  std::unique_ptr<OpenDb> secondary;
  ASSERT_TRUE(OpenSecondary(dir.Sub("db"), dir.Sub("sec"), {"docs"}, &secondary).ok());
  rocksdb::Status put = secondary->db->Put(rocksdb::WriteOptions(), secondary->handles[1], "x", "y");
  EXPECT_TRUE(put.IsNotSupported()) << put.ToString();
  rocksdb::Status del = secondary->db->Delete(rocksdb::WriteOptions(), secondary->handles[1], "x");
  EXPECT_TRUE(del.IsNotSupported()) << del.ToString();
  rocksdb::Status flush = secondary->db->Flush(rocksdb::FlushOptions());
  EXPECT_FALSE(flush.ok());
  rocksdb::ColumnFamilyHandle* h = nullptr;
  rocksdb::Status create =
      secondary->db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "new", &h);
  EXPECT_TRUE(create.IsNotSupported()) << create.ToString();
  EXPECT_EQ(Get(*primary, "x"), "<none>");
}

TEST(RocksDbAssumptionTest, ColumnFamiliesCreatedLaterNeedAReopen) {
  TempDir dir;
  auto primary = OpenPrimary(dir.Sub("db"));
  // A secondary cannot even open a column family the primary has not created yet...
  std::unique_ptr<OpenDb> early;
  EXPECT_FALSE(OpenSecondary(dir.Sub("db"), dir.Sub("sec0"), {"docs", "late"}, &early).ok());
  std::unique_ptr<OpenDb> secondary;
  ASSERT_TRUE(OpenSecondary(dir.Sub("db"), dir.Sub("sec"), {"docs"}, &secondary).ok());

  rocksdb::ColumnFamilyHandle* late = nullptr;
  ASSERT_TRUE(
      primary->db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "late", &late).ok());
  primary->handles.push_back(late);
  ASSERT_TRUE(primary->db->Put(rocksdb::WriteOptions(), late, "k", "v").ok());
  ASSERT_TRUE(primary->db->Put(rocksdb::WriteOptions(), primary->handles[1], "d", "1").ok());

  // ...and one that is open sees the writes to the families it has, but the new family is not
  // among its handles after a catch-up: that is why every family is created at the first open.
  ASSERT_TRUE(secondary->db->TryCatchUpWithPrimary().ok());
  EXPECT_EQ(Get(*secondary, "d"), "1");
  EXPECT_EQ(secondary->handles.size(), 2u);
  rocksdb::ColumnFamilyHandle* none = secondary->db->DefaultColumnFamily();
  EXPECT_EQ(none->GetName(), "default");

  // Reopened with the new family, it sees it.
  secondary.reset();
  ASSERT_TRUE(OpenSecondary(dir.Sub("db"), dir.Sub("sec"), {"docs", "late"}, &secondary).ok());
  EXPECT_EQ(Get(*secondary, "k", 2), "v");
}

TEST(RocksDbAssumptionTest, TheSecondaryReadsAReadOnlyPrimaryDirectory) {
  TempDir dir;
  std::string why;
  if (!testing::EnterPrivateMountNamespace(&why)) GTEST_SKIP() << why;
  auto primary = OpenPrimary(dir.Sub("db"));
  ASSERT_TRUE(primary->db->Put(rocksdb::WriteOptions(), primary->handles[1], "old", "1").ok());
  ASSERT_TRUE(primary->db->Flush(rocksdb::FlushOptions()).ok());
  ASSERT_TRUE(primary->db->Put(rocksdb::WriteOptions(), primary->handles[1], "wal", "2").ok());

  // The query service's view of the data volume: mounted read-only (root cannot write it
  // either), with a small writable directory of its own for the secondary's files.
  std::filesystem::create_directories(dir.Sub("ro"));
  ASSERT_TRUE(testing::BindReadOnly(dir.Sub("db"), dir.Sub("ro"), &why)) << why;
  {
    std::ofstream probe(dir.Sub("ro") + "/probe");
    EXPECT_FALSE(probe.good()) << "the view must be read-only";
  }
  std::unique_ptr<OpenDb> secondary;
  rocksdb::Status s = OpenSecondary(dir.Sub("ro"), dir.Sub("sec"), {"docs"}, &secondary);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Get(*secondary, "old"), "1");
  EXPECT_EQ(Get(*secondary, "wal"), "2");

  ASSERT_TRUE(primary->db->Put(rocksdb::WriteOptions(), primary->handles[1], "new", "3").ok());
  ASSERT_TRUE(secondary->db->TryCatchUpWithPrimary().ok());
  EXPECT_EQ(Get(*secondary, "new"), "3");
  ASSERT_TRUE(primary->db->Flush(rocksdb::FlushOptions()).ok());
  ASSERT_TRUE(primary->db->CompactRange(rocksdb::CompactRangeOptions(), primary->handles[1],
                                        nullptr, nullptr).ok());
  ASSERT_TRUE(secondary->db->TryCatchUpWithPrimary().ok());
  EXPECT_EQ(Get(*secondary, "old"), "1");
  EXPECT_EQ(Get(*secondary, "new"), "3");
  secondary.reset();
  testing::Unmount(dir.Sub("ro"));
}

}  // namespace
}  // namespace vnnews::store
