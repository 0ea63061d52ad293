#include "test_util.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "vnnews/store/keys.h"
#include "vnnews/text/text.h"

namespace vnnews::store::testing {

TempDir::TempDir() {
  const char* base = getenv("TMPDIR");
  std::string pattern = absl::StrCat(base && *base ? base : "/tmp", "/vnnews_store_XXXXXX");
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr) << "mkdtemp " << pattern;
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

vnnews::v1::Article MakeArticle(const std::string& id, const std::string& body,
                                int32_t event_day, const std::vector<TestPerson>& persons,
                                const std::vector<int32_t>& date_days,
                                const std::vector<std::string>& topics) {
  vnnews::v1::Article a;
  a.set_id(id);
  a.set_title("Title " + id);
  a.set_body(body);
  a.set_source_uri("test://" + id);
  a.set_extractor_version("test-1");
  if (event_day > 0) {
    auto* e = a.mutable_event_date();
    e->set_value(absl::StrCat(event_day));
    e->set_granularity(vnnews::v1::DATE_GRANULARITY_DAY);
    e->set_first_day(event_day);
    e->set_last_day(event_day);
    e->mutable_span()->set_begin(0);
    e->mutable_span()->set_end(1);
    e->mutable_span()->set_sentence("event sentence of " + id);
    *a.add_dates() = *e;
  }
  for (int32_t d : date_days) {
    auto* m = a.add_dates();
    m->set_value(absl::StrCat(d));
    m->set_first_day(d);
    m->set_last_day(d);
    m->mutable_span()->set_begin(2);
    m->mutable_span()->set_end(3);
    m->mutable_span()->set_sentence(absl::StrCat("date ", d, " sentence"));
  }
  for (const TestPerson& p : persons) {
    auto* person = a.add_persons();
    person->set_name(p.name);
    person->set_key(text::Fold(p.name));
    auto* span = person->add_mentions();
    span->set_begin(p.begin);
    span->set_end(p.end);
    span->set_text(p.name);
    span->set_sentence("sentence with " + p.name);
  }
  for (const std::string& t : topics) {
    auto* topic = a.add_topics();
    topic->set_id(t);
    topic->set_label(t);
    topic->set_score(0.5);
  }
  a.mutable_ingest_time()->set_seconds(1700000000);
  return a;
}

std::vector<std::string> AllKeys(const std::string& path, const std::string& scratch) {
  std::vector<std::string> names;
  EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  rocksdb::DBOptions o;
  o.max_open_files = -1;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenAsSecondary(o, path, scratch, cfs, &handles, &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::unique_ptr<rocksdb::DB> db(raw);
  std::vector<std::string> out;
  for (size_t i = 0; i < handles.size(); ++i) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      out.push_back(absl::StrCat(names[i], ":", absl::CHexEscape(it->key().ToString())));
    }
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  return out;
}

bool PutRaw(const std::string& path, const std::string& cf, const std::string& key,
            const std::string& value) {
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok()) return false;
  const size_t index = std::find(names.begin(), names.end(), cf) - names.begin();
  if (index == names.size()) return false;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &raw).ok()) return false;
  std::unique_ptr<rocksdb::DB> db(raw);
  const bool ok = db->Put(rocksdb::WriteOptions(), handles[index], key, value).ok();
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  return ok;
}

bool EnterPrivateMountNamespace(std::string* why) {
  if (unshare(CLONE_NEWNS) != 0) {
    *why = absl::StrCat("unshare(CLONE_NEWNS): ", strerror(errno));
    return false;
  }
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    *why = absl::StrCat("making / private: ", strerror(errno));
    return false;
  }
  return true;
}

bool BindReadOnly(const std::string& src, const std::string& dst, std::string* why) {
  if (mount(src.c_str(), dst.c_str(), nullptr, MS_BIND, nullptr) != 0) {
    *why = absl::StrCat("bind mount: ", strerror(errno));
    return false;
  }
  if (mount(nullptr, dst.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
    *why = absl::StrCat("read-only remount: ", strerror(errno));
    umount2(dst.c_str(), MNT_DETACH);
    return false;
  }
  return true;
}

bool MountTmpfs(const std::string& dst, size_t bytes, std::string* why) {
  std::string opts = absl::StrCat("size=", bytes);
  if (mount("tmpfs", dst.c_str(), "tmpfs", 0, opts.c_str()) != 0) {
    *why = absl::StrCat("tmpfs mount: ", strerror(errno));
    return false;
  }
  return true;
}

void Unmount(const std::string& dst) { umount2(dst.c_str(), MNT_DETACH); }

}  // namespace vnnews::store::testing
