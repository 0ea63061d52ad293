// Amounts of money in a Vietnamese news article ("56 triệu USD", "1 tỷ Yên", "5.000 tỷ đồng",
// "1,5 tỷ USD", "$3 triệu"), with the amount and its ISO 4217 currency. Currency names are data
// (lexicon/currencies.tsv).
#ifndef VNNEWS_EXTRACT_MONEY_H_
#define VNNEWS_EXTRACT_MONEY_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "vnnews/extract/segment.h"
#include "vnnews/v1/article.pb.h"

namespace vnnews::extract {

// A number as Vietnamese news writes it: '.' groups thousands and ',' marks decimals
// ("5.000", "1,5"); "1.5" (one to two digits after a single '.') and "1,500,000" (English
// grouping) are read as their writers meant. Returns the value and sets `*end`, or nullopt.
std::optional<double> ParseVietnameseNumber(std::string_view s, size_t begin, size_t* end);

class MoneyExtractor {
 public:
  // Loads lexicon/currencies.tsv; an error names the file and line at fault.
  static absl::StatusOr<std::unique_ptr<MoneyExtractor>> Load(const std::string& lexicon_dir);
  ~MoneyExtractor();

  // Fills out->money in body order. Span offsets are BYTE offsets into seg.body.
  void Extract(const Segmented& seg, vnnews::v1::Article* out) const;

  struct Impl;

 private:
  explicit MoneyExtractor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vnnews::extract

#endif  // VNNEWS_EXTRACT_MONEY_H_
