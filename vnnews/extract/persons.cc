#include "vnnews/extract/persons.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

#include "vnnews/common/status_macros.h"
#include "vnnews/extract/ner.h"
#include "vnnews/text/text.h"

namespace vnnews::extract {

struct PersonExtractor::Impl {
  std::shared_ptr<const ner::Lexicon> lex;
};

PersonExtractor::PersonExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PersonExtractor::~PersonExtractor() = default;

absl::StatusOr<std::unique_ptr<PersonExtractor>> PersonExtractor::Load(
    const std::string& lexicon_dir) {
  auto impl = std::make_unique<Impl>();
  VNNEWS_ASSIGN_OR_RETURN(impl->lex, ner::Lexicon::Load(lexicon_dir));
  return std::unique_ptr<PersonExtractor>(new PersonExtractor(std::move(impl)));
}

namespace {

struct Mention {
  size_t begin, end;  // bytes in the body
};

// Names and roles are views into the body and the segmented page, which outlive the groups.
struct Group {
  std::string_view name;
  std::string key;  // text::Fold of the name
  std::vector<std::string_view> roles;
  std::vector<std::string> folded_roles;  // text::Fold of each role, folded once
  std::vector<Mention> mentions;
};

// True when `shorter` is the start or the end of `longer` ("Motegi" of "Motegi Toshimitsu",
// "Dũng" of "Mai Tiến Dũng").
bool IsShortForm(const std::vector<std::string_view>& shorter,
                 const std::vector<std::string_view>& longer) {
  if (shorter.empty() || shorter.size() >= longer.size()) return false;
  if (std::equal(shorter.begin(), shorter.end(), longer.begin())) return true;
  return std::equal(shorter.rbegin(), shorter.rend(), longer.rbegin());
}

void AddRole(std::string_view role, Group* g) {
  // The same words again (most repeats) fold the same: no need to fold them.
  for (std::string_view r : g->roles) {
    if (r == role) return;
  }
  std::string folded = text::Fold(role);
  for (const std::string& f : g->folded_roles) {
    if (f == folded) return;
  }
  g->roles.push_back(role);
  g->folded_roles.push_back(std::move(folded));
}

// Drops a role that only begins a longer one of the same person ("Bộ trưởng" beside
// "Bộ trưởng Ngoại giao"). `folded` holds text::Fold of each role.
std::vector<std::string_view> PruneRoles(const std::vector<std::string_view>& roles,
                                         const std::vector<std::string>& folded) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < roles.size(); ++i) {
    const std::string& fr = folded[i];  // covered by a role that is it, a space and more
    bool covered = false;
    for (const std::string& fo : folded) {
      if (fo.size() > fr.size() && fo[fr.size()] == ' ' && fo.compare(0, fr.size(), fr) == 0) {
        covered = true;
      }
    }
    if (!covered) out.push_back(roles[i]);
  }
  return out;
}

}  // namespace

void PersonExtractor::Extract(const Segmented& seg, vnnews::v1::Article* out) const {
  Extract(seg, *ner::Analyze(*impl_->lex, seg), out);
}

void PersonExtractor::Extract(const Segmented& seg, const ner::Analysis& analysis,
                              vnnews::v1::Article* out) const {
  const ner::Tokens& t = analysis.toks;

  // The distinct names of the mentions (in text order), each with where it stands.
  // Words, names and roles are views into the body.
  struct Name {
    std::vector<std::string_view> words;
    std::string_view text;  // as first written
    std::vector<size_t> positions;
    bool is_short = false;  // the start or end of a longer name of the article
  };
  struct Hit {
    size_t name;
    std::vector<std::string_view> roles;
    Mention span;
  };
  std::vector<Name> names;
  std::vector<Hit> hits;
  absl::flat_hash_map<std::string, size_t> name_ids;
  std::string key;  // the words of a mention, each followed by \x1f
  for (const ner::PersonHit& p : analysis.persons) {
    key.clear();
    for (size_t k = p.tb; k < p.te; ++k) {
      if (t.word(k)) key.append(t.text(k)).push_back('\x1f');
    }
    auto it = name_ids.find(ner::AV(key));
    if (it == name_ids.end()) {
      it = name_ids.emplace(key, names.size()).first;
      Name& n = names.emplace_back();
      for (size_t k = p.tb; k < p.te; ++k) {
        if (t.word(k)) n.words.push_back(t.text(k));
      }
      n.text = t.span(p.tb, p.te);
    }
    Hit h;
    h.name = it->second;
    for (const auto& [rb, re] : p.roles) {
      if (re > rb) h.roles.push_back(t.span(rb, re));
    }
    h.span = {t[p.tb].begin, t[p.te - 1].end};
    names[h.name].positions.push_back(h.span.begin);
    hits.push_back(std::move(h));
  }

  // Longer names by their first and by their last word, to find what a short form stands for.
  absl::flat_hash_map<absl::string_view, std::vector<size_t>> by_first, by_last;
  for (size_t id = 0; id < names.size(); ++id) {
    if (names[id].words.size() < 2) continue;
    by_first[ner::AV(names[id].words.front())].push_back(id);
    by_last[ner::AV(names[id].words.back())].push_back(id);
  }
  // A word that starts or ends dozens of names says nothing about which one a short form
  // stands for (and the look-up stays linear on huge texts).
  constexpr size_t kMaxCandidates = 32;
  auto longer_names = [&](size_t id, auto&& f) {
    const Name& n = names[id];
    for (auto* index : {&by_first, &by_last}) {
      auto it = index->find(ner::AV(index == &by_first ? n.words.front() : n.words.back()));
      if (it == index->end() || it->second.size() > kMaxCandidates) continue;
      for (size_t other : it->second) {
        if (IsShortForm(n.words, names[other].words)) f(other);
      }
    }
  };
  for (size_t id = 0; id < names.size(); ++id) {
    longer_names(id, [&](size_t) { names[id].is_short = true; });
  }

  // Each mention goes to the longest name it is a short form of: the nearest such name before
  // it, else the nearest after it. Two foreign words are a name of their own, not a short form
  // ("Joko Widodo" beside his wife "Iriana Joko Widodo"); Vietnamese given names are ("Tiến
  // Dũng"), and so is a surname with its particles ("von der Leyen").
  std::vector<size_t> target(hits.size());
  std::vector<bool> keep(hits.size(), true);
  for (size_t i = 0; i < hits.size(); ++i) {
    const Name& n = names[hits[i].name];
    target[i] = hits[i].name;
    bool may_be_short = n.words.size() == 1 || ner::LowerCase(n.words[0]) == n.words[0];
    if (!may_be_short) {
      may_be_short = true;
      for (std::string_view w : n.words) {
        may_be_short = may_be_short && ner::IsVietnameseSyllable(w);
      }
    }
    if (may_be_short && n.is_short) {
      size_t pos = hits[i].span.begin;
      size_t best = names.size(), best_before = 0, best_after = SIZE_MAX;
      bool best_is_before = false;
      longer_names(hits[i].name, [&](size_t other) {
        if (names[other].is_short) return;  // follow to the longest name
        const std::vector<size_t>& ps = names[other].positions;
        auto after = std::upper_bound(ps.begin(), ps.end(), pos);
        if (after != ps.begin()) {
          size_t before = *(after - 1);
          if (!best_is_before || before > best_before) {
            best = other;
            best_before = before;
            best_is_before = true;
          }
        } else if (!best_is_before && after != ps.end() && *after < best_after) {
          best = other;
          best_after = *after;
        }
      });
      if (best != names.size()) target[i] = best;
    }
    // A lone Vietnamese-looking word after a title that no full name explains ("Trưởng phòng
    // Cảnh sát…" read as "Cảnh") is more likely a common word than a person.
    if (target[i] == hits[i].name && n.words.size() == 1 &&
        ner::IsVietnameseSyllable(n.words[0])) {
      keep[i] = false;
    }
  }

  std::vector<Group> groups;
  absl::flat_hash_map<std::string, size_t> group_ids;  // by folded name
  auto group_of = [&](std::string_view name, const std::string& folded) -> Group& {
    auto [it, inserted] = group_ids.emplace(folded, groups.size());
    if (inserted) groups.push_back(Group{name, folded, {}, {}, {}});
    return groups[it->second];
  };
  std::vector<std::string> folded_names(names.size());  // Fold of each name, made once
  for (size_t i = 0; i < hits.size(); ++i) {
    if (!keep[i]) continue;
    const Name& name = names[target[i]];
    std::string& folded = folded_names[target[i]];
    if (folded.empty()) folded = text::Fold(name.text);
    Group& g = group_of(name.text, folded);
    for (std::string_view r : hits[i].roles) AddRole(r, &g);
    g.mentions.push_back(hits[i].span);
  }
  for (const Credit& c : seg.credits) {
    Group& g = group_of(c.name, text::Fold(c.name));
    AddRole(c.role, &g);
    g.mentions.push_back({c.begin, c.end});
  }

  for (Group& g : groups) {
    std::sort(g.mentions.begin(), g.mentions.end(),
              [](const Mention& x, const Mention& y) { return x.begin < y.begin; });
  }
  std::stable_sort(groups.begin(), groups.end(), [](const Group& x, const Group& y) {
    return x.mentions.front().begin < y.mentions.front().begin;
  });
  for (const Group& g : groups) {
    vnnews::v1::Person* p = out->add_persons();
    p->set_name(std::string(g.name));
    p->set_key(g.key);
    for (std::string_view r : PruneRoles(g.roles, g.folded_roles)) p->add_roles(std::string(r));
    for (const Mention& m : g.mentions) {
      vnnews::v1::Span* s = p->add_mentions();
      s->set_begin(static_cast<int32_t>(m.begin));
      s->set_end(static_cast<int32_t>(m.end));
      s->set_text(seg.body.substr(m.begin, m.end - m.begin));
    }
  }
}

}  // namespace vnnews::extract
