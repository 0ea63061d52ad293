#include "vnnews/extract/tsv.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace vnnews::extract {

absl::Status ForEachTsvLine(
    const std::string& path,
    const std::function<absl::Status(std::vector<std::string>& fields, const TsvError& err)>&
        line_fn) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::string line;
  int line_no = 0;
  const TsvError err = [&path, &line_no](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":", line_no, ": ", why));
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (absl::Status st = line_fn(fields, err); !st.ok()) return st;
  }
  return absl::OkStatus();
}

}  // namespace vnnews::extract
