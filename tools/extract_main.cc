// vnnews-extract: prints the record of each Vietnamese news article given as a file, one JSON
// object a line, either as the protobuf JSON mapping (--format=json) or in the evaluation shape
// that ../shared/eval/score.py reads (--format=eval).
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "vnnews/extract/dates.h"
#include "vnnews/extract/extractor.h"
#include "vnnews/record/record.h"

ABSL_FLAG(std::string, format, "eval",
          "eval: the evaluation shape (file, title, event_date, persons, dates, organizations, "
          "locations, money, topics); json: the full record as the protobuf JSON mapping");
ABSL_FLAG(std::string, lexicon_dir, "",
          "directory of the dictionaries; empty for $VNNEWS_LEXICON_DIR, the installed "
          "share/vnnews/lexicon, or the source tree's lexicon/");
ABSL_FLAG(std::string, publication_date, "",
          "publication date of every file, YYYY-MM-DD: gives year-less dates an inferred year and "
          "resolves relative dates (hôm qua, tuần trước); empty for none");

namespace {

// A JSON string literal of valid UTF-8 `s`.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string Amount(double v) {
  if (std::fabs(v) < 9e15 && v == std::floor(v)) return absl::StrFormat("%.0f", v);
  return absl::StrFormat("%.15g", v);
}

std::string EvalLine(const std::string& file, const vnnews::v1::Article& a) {
  std::string out = absl::StrCat("{\"file\": ", Quote(file),
                                 ", \"title\": ", a.title().empty() ? "null" : Quote(a.title()),
                                 ", \"event_date\": ");
  if (a.has_event_date()) {
    absl::StrAppend(&out, Quote(vnnews::extract::DateExtractor::EvalValue(a.event_date())));
  } else {
    absl::StrAppend(&out, "null");
  }
  absl::StrAppend(&out, ", \"persons\": [");
  for (int i = 0; i < a.persons_size(); ++i) {
    const auto& p = a.persons(i);
    absl::StrAppend(&out, i ? ", " : "", "{\"name\": ", Quote(p.name()), ", \"roles\": [");
    for (int r = 0; r < p.roles_size(); ++r)
      absl::StrAppend(&out, r ? ", " : "", Quote(p.roles(r)));
    absl::StrAppend(&out, "]}");
  }
  absl::StrAppend(&out, "], \"dates\": [");
  absl::flat_hash_set<std::string> seen;
  bool first = true;
  for (const auto& d : a.dates()) {
    if (!seen.insert(d.value()).second) continue;
    absl::StrAppend(&out, first ? "" : ", ", "{\"text\": ", Quote(d.span().text()),
                    ", \"value\": ", Quote(d.value()), "}");
    first = false;
  }
  absl::StrAppend(&out, "], \"organizations\": [");
  for (int i = 0; i < a.organizations_size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", Quote(a.organizations(i).name()));
  }
  absl::StrAppend(&out, "], \"locations\": [");
  for (int i = 0; i < a.locations_size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", Quote(a.locations(i).name()));
  }
  absl::StrAppend(&out, "], \"money\": [");
  for (int i = 0; i < a.money_size(); ++i) {
    const auto& m = a.money(i);
    absl::StrAppend(&out, i ? ", " : "", "{\"text\": ", Quote(m.span().text()),
                    ", \"amount\": ", Amount(m.amount()), ", \"currency\": ", Quote(m.currency()),
                    "}");
  }
  absl::StrAppend(&out, "], \"topics\": [");
  for (int i = 0; i < a.topics_size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", Quote(a.topics(i).id()));
  }
  absl::StrAppend(&out, "]}");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "vnnews-extract [--format=eval|json] [--lexicon_dir=DIR] [--publication_date=YYYY-MM-DD] "
      "FILE...\nPrints one JSON object a line per file.");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "eval" && format != "json") {
    std::cerr << "vnnews-extract: --format: must be eval or json, got \"" << format << "\"\n";
    return 2;
  }
  if (args.size() < 2) {
    std::cerr << "usage: vnnews-extract [--format=eval|json] [--lexicon_dir=DIR] "
                 "[--publication_date=YYYY-MM-DD] FILE...\n";
    return 2;
  }
  vnnews::extract::ExtractOptions options;
  options.publication_date = absl::GetFlag(FLAGS_publication_date);
  if (!options.publication_date.empty()) {
    auto day = vnnews::extract::ParsePublicationDate(options.publication_date);
    if (!day.ok()) {
      std::cerr << "vnnews-extract: --" << day.status().message() << "\n";
      return 2;
    }
  }
  std::string lexicon_dir = absl::GetFlag(FLAGS_lexicon_dir);
  if (lexicon_dir.empty()) lexicon_dir = vnnews::extract::DefaultLexiconDir();
  auto extractor = vnnews::extract::Extractor::Load(lexicon_dir);
  if (!extractor.ok()) {
    std::cerr << "vnnews-extract: cannot load the dictionaries: " << extractor.status().message()
              << "\n";
    return 2;
  }

  int status = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string file = args[i];
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
      std::cerr << "vnnews-extract: " << file << ": cannot read: is a directory\n";
      status = 1;
      continue;
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    if (in) content << in.rdbuf();
    if (!in || in.bad()) {
      std::cerr << "vnnews-extract: " << file << ": cannot read: " << std::strerror(errno) << "\n";
      status = 1;
      continue;
    }
    options.source_uri = file;
    absl::StatusOr<vnnews::v1::Article> a = (*extractor)->Extract(content.str(), options);
    if (!a.ok()) {
      std::cerr << "vnnews-extract: " << file << ": " << a.status().message() << "\n";
      status = 1;
      continue;
    }
    if (format == "json") {
      // The record as a user sees it: every span with its sentence's text.
      vnnews::record::FillSentences(&*a);
      std::string json;
      google::protobuf::util::JsonPrintOptions opts;
      opts.preserve_proto_field_names = false;
      auto st = google::protobuf::util::MessageToJsonString(*a, &json, opts);
      if (!st.ok()) {
        std::cerr << "vnnews-extract: " << file << ": " << st.ToString() << "\n";
        status = 1;
        continue;
      }
      std::cout << json << "\n";
    } else {
      std::cout << EvalLine(file, *a) << "\n";
    }
  }
  std::cout.flush();
  return status;
}
