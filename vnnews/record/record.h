// Helpers over a stored record (vnnews.v1.Article) shared by the extractor, the store and the
// query service: every span of a record, code-point offsets into its body, and the sentence
// text of its spans.
//
// A record keeps where each mention's sentence stands (Span.sentence_begin/sentence_end), not a
// copy of it: the copies were two thirds of a stored record. FillSentences puts the text back
// where a record is shown whole (GetArticle, full lists, vnnews-extract's output).
#ifndef VNNEWS_RECORD_RECORD_H_
#define VNNEWS_RECORD_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "vnnews/v1/article.pb.h"

namespace vnnews::record {

// How ForEachSpan reaches the fields of a const or a mutable record.
namespace span_access {
inline auto* Persons(const vnnews::v1::Article& a) { return &a.persons(); }
inline auto* Persons(vnnews::v1::Article& a) { return a.mutable_persons(); }
inline auto* Dates(const vnnews::v1::Article& a) { return &a.dates(); }
inline auto* Dates(vnnews::v1::Article& a) { return a.mutable_dates(); }
inline auto* EventDate(const vnnews::v1::Article& a) { return &a.event_date(); }
inline auto* EventDate(vnnews::v1::Article& a) { return a.mutable_event_date(); }
inline auto* Organizations(const vnnews::v1::Article& a) { return &a.organizations(); }
inline auto* Organizations(vnnews::v1::Article& a) { return a.mutable_organizations(); }
inline auto* Locations(const vnnews::v1::Article& a) { return &a.locations(); }
inline auto* Locations(vnnews::v1::Article& a) { return a.mutable_locations(); }
inline auto* MoneyOf(const vnnews::v1::Article& a) { return &a.money(); }
inline auto* MoneyOf(vnnews::v1::Article& a) { return a.mutable_money(); }
inline auto* Mentions(const vnnews::v1::Person& p) { return &p.mentions(); }
inline auto* Mentions(vnnews::v1::Person& p) { return p.mutable_mentions(); }
inline auto* Mentions(const vnnews::v1::Entity& e) { return &e.mentions(); }
inline auto* Mentions(vnnews::v1::Entity& e) { return e.mutable_mentions(); }
inline auto* SpanOf(const vnnews::v1::DateMention& d) { return &d.span(); }
inline auto* SpanOf(vnnews::v1::DateMention& d) { return d.mutable_span(); }
inline auto* SpanOf(const vnnews::v1::Money& m) { return &m.span(); }
inline auto* SpanOf(vnnews::v1::Money& m) { return m.mutable_span(); }

}  // namespace span_access

// Calls `f(span)` for every span of `a`: person, date, event-date, organization, location and
// money mentions. `Article` may be const or not.
template <typename Article, typename F>
void ForEachSpan(Article& a, F&& f) {
  using namespace span_access;  // NOLINT(build/namespaces)
  for (auto& p : *Persons(a)) {
    for (auto& m : *Mentions(p)) f(m);
  }
  for (auto& d : *Dates(a)) f(*SpanOf(d));
  if (a.has_event_date()) f(*SpanOf(*EventDate(a)));
  for (auto& e : *Organizations(a)) {
    for (auto& m : *Mentions(e)) f(m);
  }
  for (auto& e : *Locations(a)) {
    for (auto& m : *Mentions(e)) f(m);
  }
  for (auto& m : *MoneyOf(a)) f(*SpanOf(m));
}

// Byte offsets of code-point offsets into one UTF-8 text, in O(1) amortized: the byte offset of
// every 64th code point is kept, and a look-up walks at most 63 characters from there.
class CharOffsets {
 public:
  explicit CharOffsets(std::string_view text);
  // Byte offset of code point `cp` (clamped to [0, text.size()]).
  size_t Byte(int64_t cp) const;
  // The text from code point `begin` to `end` (exclusive), clamped to the text.
  std::string_view Slice(int64_t begin, int64_t end) const;

 private:
  static constexpr int kStep = 64;
  std::string_view text_;
  std::vector<size_t> marks_;  // marks_[k]: byte offset of code point k * kStep
};

// The sentence of `span` in `body`: `span.sentence()` when the record has the text, else the
// body between its sentence offsets; empty when it has neither.
std::string_view SentenceOf(const vnnews::v1::Span& span, const CharOffsets& body);

// Gives every span of `a` that has sentence offsets and no sentence text its sentence.
void FillSentences(vnnews::v1::Article* a);

}  // namespace vnnews::record

#endif  // VNNEWS_RECORD_RECORD_H_
