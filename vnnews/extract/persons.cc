#include "vnnews/extract/persons.h"

#include <algorithm>
#include <utility>
#include <vector>

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

struct Group {
  std::string name;
  std::vector<std::string> words;
  std::vector<std::string> roles;
  std::vector<Mention> mentions;
};

// True when `shorter` is the start or the end of `longer` ("Motegi" of "Motegi Toshimitsu",
// "Dũng" of "Mai Tiến Dũng").
bool IsShortForm(const std::vector<std::string>& shorter, const std::vector<std::string>& longer) {
  if (shorter.empty() || shorter.size() >= longer.size()) return false;
  if (std::equal(shorter.begin(), shorter.end(), longer.begin())) return true;
  return std::equal(shorter.rbegin(), shorter.rend(), longer.rbegin());
}

void AddRole(std::string role, std::vector<std::string>* roles) {
  for (const std::string& r : *roles) {
    if (text::Fold(r) == text::Fold(role)) return;
  }
  roles->push_back(std::move(role));
}

// Drops a role that only begins a longer one of the same person ("Bộ trưởng" beside
// "Bộ trưởng Ngoại giao").
std::vector<std::string> PruneRoles(const std::vector<std::string>& roles) {
  std::vector<std::string> out;
  for (const std::string& r : roles) {
    std::string fr = text::Fold(r) + " ";
    bool covered = false;
    for (const std::string& other : roles) {
      std::string fo = text::Fold(other);
      if (fo.size() >= fr.size() && fo.compare(0, fr.size(), fr) == 0) covered = true;
    }
    if (!covered) out.push_back(r);
  }
  return out;
}

}  // namespace

void PersonExtractor::Extract(const Segmented& seg, vnnews::v1::Article* out) const {
  std::shared_ptr<const ner::Analysis> a = ner::Analyze(*impl_->lex, seg);
  const ner::Tokens& t = a->toks;

  struct Hit {
    std::vector<std::string> words;
    std::string name;
    std::vector<std::string> roles;
    Mention span;
    size_t pos;
  };
  std::vector<Hit> hits;
  for (const ner::PersonHit& p : a->persons) {
    Hit h;
    for (size_t k = p.tb; k < p.te; ++k) {
      if (t.word(k)) h.words.emplace_back(t.text(k));
    }
    h.name = std::string(t.span(p.tb, p.te));
    for (const auto& [rb, re] : p.roles) {
      if (re > rb) h.roles.emplace_back(t.span(rb, re));
    }
    h.span = {t[p.tb].begin, t[p.te - 1].end};
    h.pos = h.span.begin;
    hits.push_back(std::move(h));
  }

  // Each mention goes to the longest name it is a short form of: the nearest such name
  // before it, else the nearest after it.
  std::vector<size_t> target(hits.size());
  for (size_t i = 0; i < hits.size(); ++i) {
    target[i] = i;
    size_t best = hits.size();
    // Two foreign words are a name of their own, not a short form ("Joko Widodo" beside his
    // wife "Iriana Joko Widodo"); Vietnamese given names are ("Tiến Dũng").
    bool may_be_short = hits[i].words.size() == 1 ||
                        ner::LowerCase(hits[i].words[0]) == hits[i].words[0];  // "von der Leyen"
    if (!may_be_short) {
      may_be_short = true;
      for (const std::string& w : hits[i].words) {
        may_be_short = may_be_short && ner::IsVietnameseSyllable(w);
      }
    }
    for (size_t j = 0; may_be_short && j < hits.size(); ++j) {
      if (!IsShortForm(hits[i].words, hits[j].words)) continue;
      // A short form of a short form: follow to the longest name.
      bool j_is_longest = true;
      for (size_t k = 0; k < hits.size(); ++k) {
        if (IsShortForm(hits[j].words, hits[k].words)) j_is_longest = false;
      }
      if (!j_is_longest) continue;
      if (best == hits.size()) {
        best = j;
      } else {
        bool j_before = hits[j].pos < hits[i].pos, b_before = hits[best].pos < hits[i].pos;
        if (j_before && (!b_before || hits[j].pos > hits[best].pos)) best = j;
        if (!j_before && !b_before && hits[j].pos < hits[best].pos) best = j;
      }
    }
    if (best != hits.size()) target[i] = best;
  }

  // A lone Vietnamese-looking word after a title that no full name explains ("Trưởng phòng
  // Cảnh sát…" read as "Cảnh") is more likely a common word than a person.
  std::vector<bool> keep(hits.size(), true);
  for (size_t i = 0; i < hits.size(); ++i) {
    if (target[i] == i && hits[i].words.size() == 1 &&
        ner::IsVietnameseSyllable(hits[i].words[0])) {
      bool is_short_of_nothing = true;
      for (size_t j = 0; j < hits.size(); ++j) {
        if (j != i && target[j] == i) is_short_of_nothing = false;
      }
      if (is_short_of_nothing) keep[i] = false;
    }
  }

  std::vector<Group> groups;
  auto find_group = [&groups](const std::string& key) -> Group* {
    for (Group& g : groups) {
      if (text::Fold(g.name) == key) return &g;
    }
    return nullptr;
  };
  for (size_t i = 0; i < hits.size(); ++i) {
    if (!keep[i]) continue;
    const Hit& full = hits[target[i]];
    std::string key = text::Fold(full.name);
    Group* g = find_group(key);
    if (g == nullptr) {
      groups.push_back(Group{full.name, full.words, {}, {}});
      g = &groups.back();
    }
    for (const std::string& r : hits[i].roles) AddRole(r, &g->roles);
    g->mentions.push_back(hits[i].span);
  }
  for (const Credit& c : seg.credits) {
    std::string key = text::Fold(c.name);
    Group* g = find_group(key);
    if (g == nullptr) {
      groups.push_back(Group{c.name, {}, {}, {}});
      g = &groups.back();
    }
    AddRole(c.role, &g->roles);
    g->mentions.push_back({c.begin, c.end});
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
    p->set_name(g.name);
    p->set_key(text::Fold(g.name));
    for (const std::string& r : PruneRoles(g.roles)) p->add_roles(r);
    for (const Mention& m : g.mentions) {
      vnnews::v1::Span* s = p->add_mentions();
      s->set_begin(static_cast<int32_t>(m.begin));
      s->set_end(static_cast<int32_t>(m.end));
      s->set_text(seg.body.substr(m.begin, m.end - m.begin));
    }
  }
}

}  // namespace vnnews::extract
