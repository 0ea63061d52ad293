// Whole articles of every kind (articles/*.txt), each with the persons, roles, organizations
// and locations a reader finds in it (articles/*.expect):
//   person<TAB>NAME[<TAB>ROLE|ROLE…]   every person of the article (no other may be found);
//                                      each ROLE must be among the person's roles (folded,
//                                      either containing the other, as the scorer counts)
//   organization<TAB>NAME              must be found
//   location<TAB>NAME                  must be found
//   allow<TAB>NAME                     an organization or location that may be found
//   title<TAB>TEXT / source<TAB>TEXT   the title and the source
// Organizations and locations found that are neither required nor allowed fail the test.
#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "harness.h"

namespace vnnews::extract::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> SplitTabs(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

std::string PlaceKey(const std::string& name) {
  std::string f = text::Fold(name);
  for (const char* prefix : {"thanh pho ", "tp. ", "tp ", "tinh ", "huyen ", "xa ", "quan ",
                             "phuong ", "thi xa ", "thi tran "}) {
    std::string p(prefix);
    if (f.size() > p.size() && f.compare(0, p.size(), p) == 0) return f.substr(p.size());
  }
  return f;
}

std::vector<std::string> Articles() {
  std::vector<std::string> names;
  if (DIR* d = opendir(VNNEWS_TEST_ARTICLES_DIR)) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 4 && n.compare(n.size() - 4, 4, ".txt") == 0) names.push_back(n.substr(0, n.size() - 4));
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ArticleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ArticleTest, FindsWhatAReaderFinds) {
  const std::string base = std::string(VNNEWS_TEST_ARTICLES_DIR) + "/" + GetParam();
  Result r = Extract(ReadFile(base + ".txt"));
  std::map<std::string, std::vector<std::string>> want_persons;
  std::set<std::string> want_entities, allowed;
  std::istringstream expect(ReadFile(base + ".expect"));
  ASSERT_FALSE(expect.str().empty()) << base << ".expect is missing";
  std::string line;
  while (std::getline(expect, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = SplitTabs(line, '\t');
    ASSERT_GE(f.size(), 2u) << line;
    if (f[0] == "person") {
      want_persons[f[1]] = f.size() > 2 ? SplitTabs(f[2], '|') : std::vector<std::string>{};
    } else if (f[0] == "organization" || f[0] == "location") {
      want_entities.insert(f[0] + ":" + (f[0] == "location" ? PlaceKey(f[1]) : text::Fold(f[1])));
    } else if (f[0] == "allow") {
      allowed.insert("organization:" + text::Fold(f[1]));
      allowed.insert("location:" + PlaceKey(f[1]));
    } else if (f[0] == "title") {
      EXPECT_EQ(r.seg.title, f[1]);
    } else if (f[0] == "source") {
      EXPECT_EQ(r.seg.source, f[1]);
    } else {
      FAIL() << "unknown expectation: " << line;
    }
  }

  std::set<std::string> got_persons;
  for (const auto& p : r.article.persons()) got_persons.insert(p.name());
  for (const auto& [name, roles] : want_persons) {
    const auto* p = r.Person(name);
    EXPECT_NE(p, nullptr) << "missed person " << name;
    if (p == nullptr) continue;
    for (const std::string& role : roles) {
      std::string fr = text::Fold(role);
      bool ok = false;
      for (const std::string& have : p->roles()) {
        std::string fh = text::Fold(have);
        ok = ok || (role == "byline" || role == "photo_credit" ? have == role
                    : fh.find(fr) != std::string::npos || fr.find(fh) != std::string::npos);
      }
      EXPECT_TRUE(ok) << name << ": missed role " << role;
    }
  }
  for (const std::string& name : got_persons) {
    EXPECT_TRUE(want_persons.count(name)) << "extra person " << name;
  }

  std::set<std::string> got;
  for (const auto& e : r.article.organizations()) got.insert("organization:" + text::Fold(e.name()));
  for (const auto& e : r.article.locations()) got.insert("location:" + PlaceKey(e.name()));
  for (const std::string& w : want_entities) EXPECT_TRUE(got.count(w)) << "missed " << w;
  for (const std::string& g : got) {
    EXPECT_TRUE(want_entities.count(g) || allowed.count(g)) << "extra " << g;
  }
}

INSTANTIATE_TEST_SUITE_P(Articles, ArticleTest, ::testing::ValuesIn(Articles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace vnnews::extract::testing
