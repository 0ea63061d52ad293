// vnnews-query: asks a running query service one typed question and prints the answer as JSON.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_join.h"
#include "vnnews/v1/query.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50052", "host:port of the query service");
ABSL_FLAG(int, timeout_s, 10, "deadline of the call, seconds");
ABSL_FLAG(int, page_size, 0, "results per page (0 for the server's default of 50)");
ABSL_FLAG(std::string, page_token, "", "next_page_token of a previous answer");
ABSL_FLAG(bool, full, false, "return the full record of each article (ARTICLE_VIEW_FULL)");
ABSL_FLAG(bool, any_mention, false, "date: match any date the article names, not its event");
ABSL_FLAG(std::string, from, "", "person, topic: keep articles whose event is on or after");
ABSL_FLAG(std::string, to, "", "person, topic: keep articles whose event is on or before");
ABSL_FLAG(uint64_t, min_sequence, 0, "wait until the service has caught up to this sequence");
ABSL_FLAG(int, limit, 0, "facets: values per field (0 for 20)");

namespace {

constexpr char kUsage[] =
    "Asks the query service and prints the answer as JSON.\n"
    "Usage: vnnews-query [--target=HOST:PORT] COMMAND ARGS...\n"
    "  person NAME...          articles naming a person (any part of the name)\n"
    "  date FROM TO            articles whose event is in [FROM, TO] (--any_mention: any date)\n"
    "  topic ID                articles about a topic (see `topics`)\n"
    "  get ID                  one article's full record\n"
    "  list                    every article, newest first\n"
    "  search WORDS...         full-text search\n"
    "  facets                  counts per topic, person, organization, location, year\n"
    "  topics                  the taxonomy\n";

int Print(const grpc::Status& status, const google::protobuf::Message& response) {
  if (!status.ok()) {
    std::fprintf(stderr, "vnnews-query: code %d: %s\n", static_cast<int>(status.error_code()),
                 status.error_message().c_str());
    return 1;
  }
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(response, &json, options).ok()) {
    std::fprintf(stderr, "vnnews-query: cannot print the answer as JSON\n");
    return 1;
  }
  std::fwrite(json.data(), 1, json.size(), stdout);
  return 0;
}

template <typename Request>
void SetPaging(Request* request) {
  request->set_page_size(absl::GetFlag(FLAGS_page_size));
  request->set_page_token(absl::GetFlag(FLAGS_page_token));
  request->set_view(absl::GetFlag(FLAGS_full) ? vnnews::v1::ARTICLE_VIEW_FULL
                                              : vnnews::v1::ARTICLE_VIEW_BASIC);
  request->set_min_sequence(absl::GetFlag(FLAGS_min_sequence));
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = args[1];
  const std::vector<std::string> rest(args.begin() + 2, args.end());

  auto channel =
      grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials());
  auto stub = vnnews::v1::QueryService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(absl::GetFlag(FLAGS_timeout_s)));

  auto need = [&](size_t n) {
    if (rest.size() < n) {
      std::fprintf(stderr, "vnnews-query: %s needs %zu argument(s)\n%s", command.c_str(), n,
                   kUsage);
      return false;
    }
    return true;
  };
  if (command == "person") {
    if (!need(1)) return 2;
    vnnews::v1::ListArticlesByPersonRequest request;
    request.set_name(absl::StrJoin(rest, " "));
    request.mutable_date_range()->set_from(absl::GetFlag(FLAGS_from));
    request.mutable_date_range()->set_to(absl::GetFlag(FLAGS_to));
    SetPaging(&request);
    vnnews::v1::ListArticlesByPersonResponse response;
    return Print(stub->ListArticlesByPerson(&context, request, &response), response);
  }
  if (command == "date") {
    if (!need(2)) return 2;
    vnnews::v1::ListArticlesByDateRequest request;
    request.mutable_date_range()->set_from(rest[0]);
    request.mutable_date_range()->set_to(rest[1]);
    request.set_field(absl::GetFlag(FLAGS_any_mention) ? vnnews::v1::DATE_FIELD_ANY_MENTION
                                                       : vnnews::v1::DATE_FIELD_EVENT);
    SetPaging(&request);
    vnnews::v1::ListArticlesByDateResponse response;
    return Print(stub->ListArticlesByDate(&context, request, &response), response);
  }
  if (command == "topic") {
    if (!need(1)) return 2;
    vnnews::v1::ListArticlesByTopicRequest request;
    request.set_topic_id(rest[0]);
    request.mutable_date_range()->set_from(absl::GetFlag(FLAGS_from));
    request.mutable_date_range()->set_to(absl::GetFlag(FLAGS_to));
    SetPaging(&request);
    vnnews::v1::ListArticlesByTopicResponse response;
    return Print(stub->ListArticlesByTopic(&context, request, &response), response);
  }
  if (command == "get") {
    if (!need(1)) return 2;
    vnnews::v1::GetArticleRequest request;
    request.set_id(rest[0]);
    request.set_min_sequence(absl::GetFlag(FLAGS_min_sequence));
    vnnews::v1::Article response;
    return Print(stub->GetArticle(&context, request, &response), response);
  }
  if (command == "list") {
    vnnews::v1::ListArticlesRequest request;
    SetPaging(&request);
    vnnews::v1::ListArticlesResponse response;
    return Print(stub->ListArticles(&context, request, &response), response);
  }
  if (command == "search") {
    if (!need(1)) return 2;
    vnnews::v1::SearchArticlesRequest request;
    request.set_query(absl::StrJoin(rest, " "));
    SetPaging(&request);
    vnnews::v1::SearchArticlesResponse response;
    return Print(stub->SearchArticles(&context, request, &response), response);
  }
  if (command == "facets") {
    vnnews::v1::GetFacetsRequest request;
    for (auto field : {vnnews::v1::FACET_FIELD_TOPIC, vnnews::v1::FACET_FIELD_PERSON,
                       vnnews::v1::FACET_FIELD_ORGANIZATION, vnnews::v1::FACET_FIELD_LOCATION,
                       vnnews::v1::FACET_FIELD_YEAR}) {
      request.add_fields(field);
    }
    request.set_limit(absl::GetFlag(FLAGS_limit));
    request.set_min_sequence(absl::GetFlag(FLAGS_min_sequence));
    vnnews::v1::GetFacetsResponse response;
    return Print(stub->GetFacets(&context, request, &response), response);
  }
  if (command == "topics") {
    vnnews::v1::ListTopicsRequest request;
    vnnews::v1::ListTopicsResponse response;
    return Print(stub->ListTopics(&context, request, &response), response);
  }
  std::fprintf(stderr, "vnnews-query: unknown command \"%s\"\n%s", command.c_str(), kUsage);
  return 2;
}
