// Dates named in a Vietnamese news article (01/6/2020, sáng 4/5, tháng 5/2023, quý III/2017,
// giai đoạn 2025–2028, từ 10 đến 15/5, hôm qua…), normalized with their granularity, and the
// date of the article's main event. Cue words and relative expressions are data
// (lexicon/dates.tsv); the shapes of the numbers are rules here.
#ifndef VNNEWS_EXTRACT_DATES_H_
#define VNNEWS_EXTRACT_DATES_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "vnnews/extract/segment.h"
#include "vnnews/v1/article.pb.h"

namespace vnnews::extract {

// Parses a publication date given by a caller: exactly YYYY-MM-DD, a real day of years
// 1900..2199. INVALID_ARGUMENT naming the field otherwise.
absl::StatusOr<absl::CivilDay> ParsePublicationDate(std::string_view s);

class DateExtractor {
 public:
  // Loads lexicon/dates.tsv; an error names the file and line at fault.
  static absl::StatusOr<std::unique_ptr<DateExtractor>> Load(const std::string& lexicon_dir);
  ~DateExtractor();

  // Fills out->dates (body order) and out->event_date (unset when the text gives no date of
  // its main event). `publication` gives year-less dates an inferred year and resolves relative
  // expressions; without it relative expressions are not reported. Span offsets are BYTE offsets
  // into seg.body.
  void Extract(const Segmented& seg, const std::optional<absl::CivilDay>& publication,
               vnnews::v1::Article* out) const;

  // The value the evaluation format reports for an event date: the inferred value when the
  // year was inferred, else the value.
  static std::string EvalValue(const vnnews::v1::DateMention& d);

  struct Impl;

 private:
  explicit DateExtractor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vnnews::extract

#endif  // VNNEWS_EXTRACT_DATES_H_
