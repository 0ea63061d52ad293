// Shared by the entity tests: the real dictionaries of lexicon/, loaded once, and a helper that
// runs normalization, segmentation, persons and entities on a text as the extractor does.
#ifndef VNNEWS_TESTS_EXTRACT_ENTITIES_HARNESS_H_
#define VNNEWS_TESTS_EXTRACT_ENTITIES_HARNESS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "vnnews/extract/entities.h"
#include "vnnews/extract/persons.h"
#include "vnnews/extract/segment.h"
#include "vnnews/text/text.h"
#include "vnnews/v1/article.pb.h"

namespace vnnews::extract::testing {

struct Extractors {
  std::unique_ptr<Segmenter> segmenter;
  std::unique_ptr<PersonExtractor> persons;
  std::unique_ptr<EntityExtractor> entities;
};

inline const Extractors& Get() {
  static const Extractors* x = [] {
    auto* e = new Extractors;
    auto s = Segmenter::Load(VNNEWS_TEST_LEXICON_DIR);
    auto p = PersonExtractor::Load(VNNEWS_TEST_LEXICON_DIR);
    auto n = EntityExtractor::Load(VNNEWS_TEST_LEXICON_DIR);
    if (!s.ok() || !p.ok() || !n.ok()) {
      ADD_FAILURE() << "cannot load the lexicon: " << s.status() << " " << p.status() << " "
                    << n.status();
      std::abort();
    }
    e->segmenter = std::move(*s);
    e->persons = std::move(*p);
    e->entities = std::move(*n);
    return e;
  }();
  return *x;
}

struct Result {
  Segmented seg;
  vnnews::v1::Article article;

  const vnnews::v1::Person* Person(std::string_view name) const {
    for (const auto& p : article.persons()) {
      if (p.name() == name) return &p;
    }
    return nullptr;
  }
  std::vector<std::string> PersonNames() const {
    std::vector<std::string> out;
    for (const auto& p : article.persons()) out.push_back(p.name());
    return out;
  }
  std::vector<std::string> Roles(std::string_view name) const {
    std::vector<std::string> out;
    if (const auto* p = Person(name)) out.assign(p->roles().begin(), p->roles().end());
    return out;
  }
  std::vector<std::string> Organizations() const {
    std::vector<std::string> out;
    for (const auto& e : article.organizations()) out.push_back(e.name());
    return out;
  }
  std::vector<std::string> Locations() const {
    std::vector<std::string> out;
    for (const auto& e : article.locations()) out.push_back(e.name());
    return out;
  }
};

inline Result Extract(std::string_view raw) {
  Result r;
  auto normalized = text::Normalize(raw);
  EXPECT_TRUE(normalized.ok()) << normalized.status();
  if (!normalized.ok()) return r;
  r.seg = Get().segmenter->Split(*normalized);
  Get().persons->Extract(r.seg, &r.article);
  Get().entities->Extract(r.seg, &r.article);
  return r;
}

}  // namespace vnnews::extract::testing

#endif  // VNNEWS_TESTS_EXTRACT_ENTITIES_HARNESS_H_
