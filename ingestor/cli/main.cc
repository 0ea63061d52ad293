// vnnews-ingest: sends article files (or the *.txt files of directories) to a running ingestor
// over one IngestArticles stream and prints one line per file.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "vnnews/v1/ingest.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "host:port of the ingestor");
ABSL_FLAG(std::string, token, "",
          "bearer token of the ingestor (default $VNNEWS_INGEST_TOKEN when set)");
ABSL_FLAG(std::string, publication_date, "",
          "YYYY-MM-DD given with every article (lets year-less dates get their year)");
ABSL_FLAG(int, timeout_s, 600, "deadline of the whole stream, seconds");

namespace {

// The files to send: each argument as is, or a directory's *.txt in name order.
bool CollectFiles(const std::vector<char*>& args, std::vector<std::string>* files) {
  bool ok = true;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::filesystem::path arg(args[i]);
    std::error_code error;
    if (std::filesystem::is_directory(arg, error)) {
      std::vector<std::string> found;
      for (std::filesystem::directory_iterator it(arg, error), end; !error && it != end;
           it.increment(error)) {
        if (it->path().extension() == ".txt") found.push_back(it->path().string());
      }
      if (error) {
        std::fprintf(stderr, "ERROR %s: %s\n", args[i], error.message().c_str());
        ok = false;
      }
      std::sort(found.begin(), found.end());
      files->insert(files->end(), found.begin(), found.end());
    } else {
      files->push_back(arg.string());
    }
  }
  return ok;
}

// The name of a gRPC status code, as grpcurl and the other clients print it.
std::string CodeName(int code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  if (code >= 0 && code < static_cast<int>(std::size(kNames))) return kNames[code];
  return absl::StrCat("code ", code);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Sends articles to a running ingestor.\nUsage: vnnews-ingest --target=HOST:PORT "
      "[--token=T] [--publication_date=YYYY-MM-DD] FILE_OR_DIR...");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) {
    std::fprintf(stderr, "vnnews-ingest: give at least one file or directory\n");
    return 2;
  }
  std::vector<std::string> files;
  bool all_ok = CollectFiles(args, &files);

  std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty()) {
    if (const char* env = std::getenv("VNNEWS_INGEST_TOKEN"); env != nullptr) token = env;
  }
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxSendMessageSize(64 * 1024 * 1024);
  auto channel = grpc::CreateCustomChannel(absl::GetFlag(FLAGS_target),
                                           grpc::InsecureChannelCredentials(), channel_args);
  auto stub = vnnews::v1::IngestService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(absl::GetFlag(FLAGS_timeout_s)));
  if (!token.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  auto stream = stub->IngestArticles(&context);

  // Files whose text could be read, in the order sent; the answers come back in this order.
  std::vector<std::string> sent;
  std::vector<std::string> unreadable;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      unreadable.push_back(path);
      continue;
    }
    sent.push_back(path);
  }
  for (const auto& path : unreadable) {
    std::fprintf(stdout, "ERROR %s: cannot read the file\n", path.c_str());
    all_ok = false;
  }

  // Writes on their own thread so that answers are read while articles are still being sent.
  std::thread writer([&] {
    for (const auto& path : sent) {
      std::ifstream in(path, std::ios::binary);
      vnnews::v1::IngestArticleRequest request;
      request.set_text(
          std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
      request.set_source_uri(path);
      request.set_publication_date(absl::GetFlag(FLAGS_publication_date));
      // A failed write means the call is over; Finish below says why.
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });

  size_t answered = 0;
  vnnews::v1::IngestArticlesResponse response;
  while (stream->Read(&response)) {
    const int index = response.index();
    const std::string path =
        index >= 0 && static_cast<size_t>(index) < sent.size() ? sent[index] : "?";
    if (response.error_code() == 0) {
      std::fprintf(stdout, "%s %s %s sequence=%llu\n", path.c_str(), response.result().id().c_str(),
                   response.result().created() ? "created" : "unchanged",
                   static_cast<unsigned long long>(response.result().sequence()));
    } else {
      std::fprintf(stdout, "ERROR %s: %s: %s\n", path.c_str(),
                   CodeName(response.error_code()).c_str(), response.error_message().c_str());
      all_ok = false;
    }
    std::fflush(stdout);
    ++answered;
  }
  writer.join();
  const grpc::Status status = stream->Finish();
  if (!status.ok()) {
    std::fprintf(stderr, "vnnews-ingest: %s: %s\n", absl::GetFlag(FLAGS_target).c_str(),
                 status.error_message().c_str());
    all_ok = false;
  }
  if (answered < sent.size()) {
    for (size_t i = answered; i < sent.size(); ++i) {
      std::fprintf(stdout, "ERROR %s: no answer (stream ended)\n", sent[i].c_str());
    }
    all_ok = false;
  }
  return all_ok ? 0 : 1;
}
