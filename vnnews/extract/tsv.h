// Reading the tab-separated dictionary files of lexicon/ (dates.tsv, currencies.tsv,
// topics.tsv): one loop, so that every file skips comments the same way and every error names
// the file and the line.
#ifndef VNNEWS_EXTRACT_TSV_H_
#define VNNEWS_EXTRACT_TSV_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace vnnews::extract {

// Makes the INVALID_ARGUMENT of the current line: "PATH:LINE: why".
using TsvError = std::function<absl::Status(absl::string_view why)>;

// Calls `line_fn` with the tab-separated fields of every line of `path` that is neither blank
// nor a '#' comment (a trailing CR is dropped). Stops at, and returns, the first error
// `line_fn` returns. NOT_FOUND "PATH: cannot open" when the file cannot be read.
absl::Status ForEachTsvLine(
    const std::string& path,
    const std::function<absl::Status(std::vector<std::string>& fields, const TsvError& err)>&
        line_fn);

}  // namespace vnnews::extract

#endif  // VNNEWS_EXTRACT_TSV_H_
