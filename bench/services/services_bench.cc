// Services benchmark: a synthetic corpus of Vietnamese articles (the seeds' sentences
// recombined with varied names and dates), ingested over the IngestArticles stream of a real
// ingestor; then by-person, by-date and by-topic queries under concurrent load against a real
// query service on a RocksDB secondary, beside ListTopics on the same server as the yardstick.
// Everything goes over real gRPC on 127.0.0.1 in this one process. Prints a Markdown table;
// the figures live in docs/benchmarks.md.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/proto_buffer_reader.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "ingestor/ingest_service.h"
#include "query_service/query_service.h"
#include "vnnews/extract/extractor.h"
#include "vnnews/server/server.h"
#include "vnnews/server/wire.h"
#include "vnnews/store/store.h"
#include "vnnews/v1/ingest.grpc.pb.h"
#include "vnnews/v1/query.grpc.pb.h"

ABSL_FLAG(int, articles, 100000, "articles in the synthetic corpus");
ABSL_FLAG(int, streams, 2, "concurrent IngestArticles streams");
ABSL_FLAG(int, threads, 8, "concurrent query clients");
ABSL_FLAG(int, seconds, 5, "seconds of load per query kind");
ABSL_FLAG(int, rounds, 5,
          "the measured load of each query kind is taken in this many turns, the kinds one "
          "after the other in each");
ABSL_FLAG(int, warmup_seconds, 2,
          "seconds of unmeasured load per query kind first (the block cache warms up, as in a "
          "long-running service)");
ABSL_FLAG(int, page_size, 10, "page size of the typed queries");
ABSL_FLAG(int, extract_sample, 2000, "articles extracted alone to measure extraction cost");
ABSL_FLAG(int, min_batch, vnnews::ingestor::IngestServiceOptions{}.min_batch,
          "IngestServiceOptions.min_batch of the ingestor");
ABSL_FLAG(int, workers, 0, "IngestServiceOptions.stream_workers of the ingestor (0: one per core)");
ABSL_FLAG(bool, sync_client, false,
          "ingest with the blocking client API (a writer and a reader thread per stream) instead "
          "of the callback API");
ABSL_FLAG(int, put_batch, 256, "articles per Store::PutBatch in the store-alone measurement");
ABSL_FLAG(std::string, seeds_dir, VNNEWS_SEEDS_DIR, "the seed articles");
ABSL_FLAG(bool, restart_after_ingest, true,
          "reopen the store after the ingest (WAL replayed into tables) before the queries");
ABSL_FLAG(std::string, work_dir, "", "where the database goes; empty for a temp dir");

namespace {

using Clock = std::chrono::steady_clock;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const std::vector<std::string> kSurnames = {"Nguyễn", "Trần", "Lê",    "Phạm", "Hoàng", "Huỳnh",
                                            "Phan",   "Vũ",   "Võ",    "Đặng", "Bùi",   "Đỗ",
                                            "Hồ",     "Ngô",  "Dương", "Lý"};
const std::vector<std::string> kMiddles = {"Văn", "Thị", "Minh", "Quốc", "Thanh",
                                           "Đức", "Hữu", "Ngọc", "Xuân", "Thu"};
const std::vector<std::string> kGivens = {"An",  "Bình",  "Cường", "Dũng", "Hà",    "Hải",   "Hùng",
                                          "Lan", "Long",  "Mai",   "Nam",  "Phong", "Quang", "Sơn",
                                          "Tâm", "Thắng", "Trung", "Tuấn", "Việt",  "Vinh"};
// Full names of the seeds, replaced in each synthetic article by generated ones.
const std::vector<std::string> kSeedNames = {
    "Phạm Bình Minh", "Motegi Toshimitsu", "Phạm Minh Chính", "Kishida Fumio",
    "Mai Tiến Dũng",  "Yamada Takio",      "Suga Yoshihide",  "Abe Shinzo"};
const std::vector<std::string> kTitles = {"Thủ tướng", "Phó Thủ tướng", "Bộ trưởng", "Đại sứ",
                                          "Chủ tịch",  "Thứ trưởng",    "Giám đốc"};

std::string NameOf(int n) {
  return absl::StrCat(kSurnames[n % kSurnames.size()], " ",
                      kMiddles[(n / kSurnames.size()) % kMiddles.size()], " ",
                      kGivens[(n / (kSurnames.size() * kMiddles.size())) % kGivens.size()]);
}
int NameCount() { return static_cast<int>(kSurnames.size() * kMiddles.size() * kGivens.size()); }

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t pos = s->find(from); pos != std::string::npos; pos = s->find(from, pos + to.size())) {
    s->replace(pos, from.size(), to);
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Replaces each d/m or d/m/yyyy with a date drawn from `rng`.
std::string VaryDates(const std::string& s, std::mt19937& rng) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (IsDigit(s[i]) && (i == 0 || !IsDigit(s[i - 1]))) {
      size_t j = i;
      while (j < s.size() && IsDigit(s[j])) ++j;
      if (j < s.size() && s[j] == '/' && j - i <= 2 && j + 1 < s.size() && IsDigit(s[j + 1])) {
        size_t k = j + 1;
        while (k < s.size() && IsDigit(s[k])) ++k;
        bool with_year = false;
        if (k < s.size() && s[k] == '/' && k + 4 < s.size() + 1 && k + 1 < s.size() &&
            IsDigit(s[k + 1])) {
          size_t l = k + 1;
          while (l < s.size() && IsDigit(s[l])) ++l;
          if (l - k - 1 == 4) {
            k = l;
            with_year = true;
          }
        }
        if (k - j - 1 <= 2) {
          const int day = 1 + static_cast<int>(rng() % 28);
          const int month = 1 + static_cast<int>(rng() % 12);
          absl::StrAppend(&out, day, "/", month);
          if (with_year) absl::StrAppend(&out, "/", 2015 + static_cast<int>(rng() % 10));
          i = k;
          continue;
        }
      }
      out.append(s, i, j - i);
      i = j;
      continue;
    }
    out += s[i++];
  }
  return out;
}

struct Corpus {
  std::vector<std::string> articles;
  std::vector<std::string> person_queries;  // names that are in the corpus
};

Corpus MakeCorpus(int count, const std::string& seeds_dir) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(seeds_dir)) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> titles;
  std::vector<std::string> sentences;
  for (const auto& path : paths) {
    const std::string text = ReadFile(path);
    std::vector<std::string> lines = absl::StrSplit(text, '\n', absl::SkipWhitespace());
    if (!lines.empty()) titles.push_back(lines[0]);
    for (size_t i = 1; i < lines.size(); ++i) {
      // Article sentences, not page furniture: long lines only.
      if (lines[i].size() < 120) continue;
      for (absl::string_view sentence : absl::StrSplit(lines[i], ". ", absl::SkipWhitespace())) {
        if (sentence.size() > 60) sentences.push_back(std::string(sentence) + ".");
      }
    }
  }
  Corpus corpus;
  std::mt19937 rng(20240601);
  for (int i = 0; i < count; ++i) {
    std::vector<std::string> names;
    for (size_t k = 0; k < kSeedNames.size(); ++k) {
      names.push_back(NameOf(static_cast<int>(rng() % NameCount())));
    }
    std::string article = titles[rng() % titles.size()];
    absl::StrAppend(&article, " (", i, ")\n\n");
    absl::StrAppend(&article, "Ngày ", 1 + rng() % 28, "/", 1 + rng() % 12, "/", 2015 + rng() % 10,
                    ", ", kTitles[rng() % kTitles.size()], " ", names[0],
                    " đã có cuộc làm việc với ", kTitles[rng() % kTitles.size()], " ", names[1],
                    ".\n\n");
    const int n = 6 + static_cast<int>(rng() % 7);
    for (int s = 0; s < n; ++s) {
      std::string sentence = sentences[rng() % sentences.size()];
      for (size_t k = 0; k < kSeedNames.size(); ++k) ReplaceAll(&sentence, kSeedNames[k], names[k]);
      absl::StrAppend(&article, VaryDates(sentence, rng), s % 3 == 2 ? "\n\n" : " ");
    }
    corpus.articles.push_back(std::move(article));
    if (i % 97 == 0) corpus.person_queries.push_back(names[0]);
  }
  return corpus;
}

// One IngestArticles stream of the benchmark's client, on the callback API: writes the texts one
// after another (each request serialized when its turn comes) while it reads the answers, and
// checks that every article gets exactly one answer, in order.
class IngestClient final : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  IngestClient(grpc::GenericStub* stub, std::vector<const std::string*> texts)
      : texts_(std::move(texts)) {
    context_.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
    stub->PrepareBidiStreamingCall(&context_, "/vnnews.v1.IngestService/IngestArticles",
                                   grpc::StubOptions(), this);
    NextWrite();
    StartRead(&answer_);
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (ok) NextWrite();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    vnnews::v1::IngestArticlesResponse answer;
    grpc::Status parsed = grpc::GenericDeserialize<grpc::ProtoBufferReader,
                                                   vnnews::v1::IngestArticlesResponse>(&answer_,
                                                                                       &answer);
    if (!parsed.ok() || answer.index() != answers_) {
      if (!problem_) problem_ = absl::StrCat("answer ", answers_, " has index ", answer.index());
    } else if (answer.error_code() != 0) {
      ++errors_;
    } else {
      last_sequence_ = std::max<uint64_t>(last_sequence_, answer.result().sequence());
    }
    ++answers_;
    StartRead(&answer_);
  }

  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }

  // Waits for the end of the stream.
  grpc::Status Wait() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&done_));
    if (status_.ok() && answers_ != static_cast<int64_t>(texts_.size()) && !problem_) {
      problem_ = absl::StrCat(answers_, " answers to ", texts_.size(), " articles");
    }
    return status_;
  }
  // Read once Wait has returned.
  int64_t errors() const { return errors_; }
  uint64_t last_sequence() const { return last_sequence_; }
  const std::optional<std::string>& problem() const { return problem_; }

 private:
  void NextWrite() {
    if (next_ == texts_.size()) {
      StartWritesDone();
      return;
    }
    vnnews::v1::IngestArticleRequest request;
    request.set_text(*texts_[next_++]);
    request_ = vnnews::server::ToByteBuffer(request);
    StartWrite(&request_);
  }

  grpc::ClientContext context_;
  const std::vector<const std::string*> texts_;
  size_t next_ = 0;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer answer_;
  int64_t answers_ = 0;
  int64_t errors_ = 0;
  uint64_t last_sequence_ = 0;
  std::optional<std::string> problem_;
  absl::Mutex mu_;
  bool done_ = false;
  grpc::Status status_;
};

// User + system CPU time of the process so far.
double ProcessCpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

struct LoadResult {
  double qps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int64_t errors = 0;
  double mean_results = 0;
};

// What the calls of one kind of query gave, over every slice of load it ran.
struct LoadSamples {
  std::vector<double> latencies_ms;
  double elapsed_s = 0;
  int64_t errors = 0;
  int64_t results = 0;
  // Each thread's next call number: a kind's turns go on through its queries, not over the
  // same ones again.
  std::vector<int> next_call;
};

using Call = std::function<int(int, int)>;

// Runs `call` from `threads` threads for `seconds` and adds what it saw to `out`; `call(thread,
// i)` answers the number of results, or -1 on error.
void RunLoad(int threads, double seconds, const Call& call, LoadSamples* out) {
  std::vector<std::vector<double>> latencies(threads);
  std::vector<int64_t> errors(threads, 0);
  std::vector<int64_t> results(threads, 0);
  out->next_call.resize(threads, 0);
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(seconds));
  std::vector<std::thread> workers;
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int& i = out->next_call[t]; Clock::now() < end; ++i) {
        const auto begin = Clock::now();
        const int n = call(t, i);
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
        if (n < 0) {
          ++errors[t];
        } else {
          results[t] += n;
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  out->elapsed_s += std::chrono::duration<double>(Clock::now() - start).count();
  for (int t = 0; t < threads; ++t) {
    out->latencies_ms.insert(out->latencies_ms.end(), latencies[t].begin(), latencies[t].end());
    out->errors += errors[t];
    out->results += results[t];
  }
}

LoadResult Summarize(LoadSamples samples) {
  LoadResult out;
  const size_t calls = samples.latencies_ms.size();
  out.qps = samples.elapsed_s > 0 ? calls / samples.elapsed_s : 0;
  out.errors = samples.errors;
  out.p50_ms = Percentile(samples.latencies_ms, 0.50);
  out.p99_ms = Percentile(samples.latencies_ms, 0.99);
  out.mean_results = calls == 0 ? 0 : static_cast<double>(samples.results) / calls;
  return out;
}

// Every kind of query under the same load, taken in turns: first warmup_seconds of each,
// unmeasured (the first queries of a kind read its index and summary blocks from the files; the
// block cache starts cold after the restart, a long-running service answers from a warm one),
// then `rounds` rounds of seconds / rounds of each kind one after the other. The VM's speed
// drifts by 10–30 % over tens of seconds: kinds measured in turns see the same machine, so
// their ratios to the yardstick are not one kind's luck.
std::vector<LoadResult> RunKinds(int threads, int seconds, int rounds,
                                 const std::vector<Call>& kinds) {
  const int warmup = absl::GetFlag(FLAGS_warmup_seconds);
  if (warmup > 0) {
    for (const Call& call : kinds) {
      LoadSamples discard;
      RunLoad(threads, warmup, call, &discard);
    }
  }
  std::vector<LoadSamples> samples(kinds.size());
  for (int r = 0; r < rounds; ++r) {
    for (size_t k = 0; k < kinds.size(); ++k) {
      RunLoad(threads, static_cast<double>(seconds) / rounds, kinds[k], &samples[k]);
    }
  }
  std::vector<LoadResult> out;
  for (LoadSamples& s : samples) out.push_back(Summarize(std::move(s)));
  return out;
}

std::unique_ptr<grpc::ClientContext> Deadline() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

int Run(const std::string& work_dir) {
  const int article_count = absl::GetFlag(FLAGS_articles);
  std::fprintf(stderr, "work dir %s\n", work_dir.c_str());

  auto extractor = vnnews::extract::Extractor::Load(vnnews::extract::DefaultLexiconDir());
  if (!extractor.ok()) {
    std::fprintf(stderr, "lexicon: %s\n", extractor.status().ToString().c_str());
    return 1;
  }
  auto start = Clock::now();
  const Corpus corpus = MakeCorpus(article_count, absl::GetFlag(FLAGS_seeds_dir));
  size_t corpus_bytes = 0;
  for (const auto& article : corpus.articles) corpus_bytes += article.size();
  std::fprintf(stderr, "corpus: %d articles, %.1f MB, made in %.1f s\n", article_count,
               corpus_bytes / 1e6, std::chrono::duration<double>(Clock::now() - start).count());

  // Extraction alone, one thread: the cost every ingested article pays.
  const int sample = std::min<int>(absl::GetFlag(FLAGS_extract_sample), article_count);
  start = Clock::now();
  for (int i = 0; i < sample; ++i) {
    auto article = (*extractor)->Extract(corpus.articles[i], {});
    if (!article.ok())
      std::fprintf(stderr, "extract %d: %s\n", i, article.status().ToString().c_str());
  }
  const double extract_rate = sample / std::chrono::duration<double>(Clock::now() - start).count();

  // Store writes alone, one thread, into a store of their own: the other cost of an ingest.
  double put_rate = 0;
  double put_batch_rate = 0;
  double put_batch_prepare_us = 0;
  double put_batch_commit_us = 0;
  {
    std::vector<vnnews::v1::Article> extracted;
    for (int i = 0; i < sample; ++i) {
      auto article = (*extractor)->Extract(corpus.articles[i], {});
      if (!article.ok()) continue;
      article->set_id(absl::StrCat("put-", i));
      extracted.push_back(std::move(*article));
    }
    vnnews::store::StoreOptions put_options;
    put_options.path = work_dir + "/put-only";
    auto put_store = vnnews::store::Store::Open(put_options);
    if (!put_store.ok()) {
      std::fprintf(stderr, "store: %s\n", put_store.status().ToString().c_str());
      return 1;
    }
    start = Clock::now();
    for (size_t i = 0; i < extracted.size(); ++i) {
      auto written = (*put_store)->Put(extracted[i], corpus.articles[i]);
      if (!written.ok()) std::fprintf(stderr, "put: %s\n", written.status().ToString().c_str());
    }
    put_rate = extracted.size() / std::chrono::duration<double>(Clock::now() - start).count();

    // The same articles through the group commit (Store::Prepare, then PutBatch of up to
    // `batch` articles), one thread, into a store of their own.
    vnnews::store::StoreOptions batch_options;
    batch_options.path = work_dir + "/batch-only";
    auto batch_store = vnnews::store::Store::Open(batch_options);
    if (!batch_store.ok()) {
      std::fprintf(stderr, "store: %s\n", batch_store.status().ToString().c_str());
      return 1;
    }
    const size_t batch = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_put_batch)));
    double prepare_seconds = 0;
    start = Clock::now();
    for (size_t i = 0; i < extracted.size(); i += batch) {
      const auto prepare_start = Clock::now();
      std::vector<vnnews::store::PreparedPut> puts;
      for (size_t j = i; j < std::min(extracted.size(), i + batch); ++j) {
        auto prepared = vnnews::store::Store::Prepare(extracted[j], corpus.articles[j]);
        if (prepared.ok()) puts.push_back(std::move(*prepared));
      }
      prepare_seconds += std::chrono::duration<double>(Clock::now() - prepare_start).count();
      for (const auto& written : (*batch_store)->PutBatch(std::move(puts))) {
        if (!written.ok()) std::fprintf(stderr, "put: %s\n", written.status().ToString().c_str());
      }
    }
    const double batch_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    put_batch_rate = extracted.size() / batch_seconds;
    put_batch_commit_us = (batch_seconds - prepare_seconds) * 1e6 / extracted.size();
    put_batch_prepare_us = prepare_seconds * 1e6 / extracted.size();
  }

  vnnews::store::StoreOptions store_options;
  store_options.path = work_dir + "/db";
  absl::StatusOr<std::unique_ptr<vnnews::store::Store>> store =
      vnnews::store::Store::Open(store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "store: %s\n", store.status().ToString().c_str());
    return 1;
  }
  vnnews::ingestor::IngestServiceOptions ingest_options;
  ingest_options.min_batch = absl::GetFlag(FLAGS_min_batch);
  ingest_options.stream_workers = absl::GetFlag(FLAGS_workers);
  auto ingest = std::make_unique<vnnews::ingestor::IngestService>((*store).get(), extractor->get(),
                                                                  ingest_options);
  auto ingest_server = vnnews::server::StartServer({}, {ingest.get()});
  if (!ingest_server.ok()) return 1;

  // Ingest over the stream RPC, `streams` streams at once.
  const int streams = absl::GetFlag(FLAGS_streams);
  std::atomic<int64_t> ingest_errors{0};
  std::atomic<uint64_t> last_sequence{0};
  const double cpu_before = ProcessCpuSeconds();
  start = Clock::now();
  {
    auto channel = grpc::CreateChannel(ingest_server->address, grpc::InsecureChannelCredentials());
    auto stub = vnnews::v1::IngestService::NewStub(channel);
    std::vector<std::thread> senders;
    if (!absl::GetFlag(FLAGS_sync_client)) {
      // The callback API: no client thread blocks per message, so the client stays a small
      // part of the process's CPU (with the blocking API it took about a quarter of it).
      grpc::GenericStub generic(channel);
      std::vector<std::unique_ptr<IngestClient>> clients;
      for (int s = 0; s < streams; ++s) {
        std::vector<const std::string*> texts;
        for (int i = s; i < article_count; i += streams) texts.push_back(&corpus.articles[i]);
        clients.push_back(std::make_unique<IngestClient>(&generic, std::move(texts)));
      }
      for (int s = 0; s < streams; ++s) {
        IngestClient& client = *clients[s];
        const grpc::Status status = client.Wait();
        if (!status.ok()) {
          std::fprintf(stderr, "stream %d: %s\n", s, status.error_message().c_str());
        }
        if (client.problem().has_value()) {
          std::fprintf(stderr, "stream %d: %s\n", s, client.problem()->c_str());
          ++ingest_errors;
        }
        ingest_errors += client.errors();
        last_sequence = std::max<uint64_t>(last_sequence.load(), client.last_sequence());
      }
    }
    for (int s = 0; s < streams && absl::GetFlag(FLAGS_sync_client); ++s) {
      senders.emplace_back([&, s] {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
        auto stream = stub->IngestArticles(&context);
        std::thread writer([&] {
          for (int i = s; i < article_count; i += streams) {
            vnnews::v1::IngestArticleRequest request;
            request.set_text(corpus.articles[i]);
            if (!stream->Write(request)) break;
          }
          stream->WritesDone();
        });
        vnnews::v1::IngestArticlesResponse answer;
        while (stream->Read(&answer)) {
          if (answer.error_code() != 0) {
            ++ingest_errors;
          } else {
            uint64_t seen = last_sequence.load();
            while (answer.result().sequence() > seen &&
                   !last_sequence.compare_exchange_weak(seen, answer.result().sequence())) {
            }
          }
        }
        writer.join();
        const grpc::Status status = stream->Finish();
        if (!status.ok())
          std::fprintf(stderr, "stream %d: %s\n", s, status.error_message().c_str());
      });
    }
    for (auto& sender : senders) sender.join();
  }
  const double ingest_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // CPU time of the whole process (client, server, RocksDB's background work) per article: on
  // a shared machine a steadier figure than the wall-clock rate.
  const double ingest_cpu_us = (ProcessCpuSeconds() - cpu_before) * 1e6 / article_count;
  const double ingest_rate = article_count / ingest_seconds;
  std::fprintf(stderr, "ingested %d in %.1f s (%.0f/s), %lld errors, %.0f µs CPU an article\n",
               article_count, ingest_seconds, ingest_rate,
               static_cast<long long>(ingest_errors.load()), ingest_cpu_us);

  // The ingestor restarts, as after a bulk load: reopening replays the write-ahead log into
  // table files, so that the secondary reads tables instead of dozens of memtables. Queries are
  // then measured in the steady state a long-running service sees.
  if (absl::GetFlag(FLAGS_restart_after_ingest)) {
    vnnews::server::ShutdownServer(*ingest_server->server, absl::Seconds(1));
    ingest_server->server.reset();
    ingest.reset();
    store->reset();
    start = Clock::now();
    store = vnnews::store::Store::Open(store_options);
    if (!store.ok()) {
      std::fprintf(stderr, "store: %s\n", store.status().ToString().c_str());
      return 1;
    }
    std::fprintf(stderr, "reopened the store in %.1f s\n",
                 std::chrono::duration<double>(Clock::now() - start).count());
    // Queries are measured once the reopen's flushes and compactions are over, not beside them.
    start = Clock::now();
    const absl::Status settled = (*store)->WaitForBackgroundWork(absl::Minutes(10));
    std::fprintf(stderr, "compactions settled in %.1f s%s\n",
                 std::chrono::duration<double>(Clock::now() - start).count(),
                 settled.ok() ? "" : " (gave up waiting)");
    last_sequence = (*store)->LatestSequence();
  }

  // The query service on a secondary of the same directory.
  vnnews::store::ReaderOptions reader_options;
  reader_options.path = store_options.path;
  reader_options.secondary_path = work_dir + "/secondary";
  std::filesystem::create_directories(reader_options.secondary_path);
  auto reader = vnnews::store::Reader::OpenSecondary(reader_options);
  if (!reader.ok()) {
    std::fprintf(stderr, "reader: %s\n", reader.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> topic_ids;
  for (const auto& topic : (*extractor)->topics()) topic_ids.push_back(topic.id());
  vnnews::query::QueryService query((*reader).get(), (*extractor)->topics(), {});
  auto query_server = vnnews::server::StartServer({}, {&query});
  if (!query_server.ok()) return 1;

  const int threads = absl::GetFlag(FLAGS_threads);
  const int seconds = absl::GetFlag(FLAGS_seconds);
  const int page_size = absl::GetFlag(FLAGS_page_size);
  std::vector<std::unique_ptr<vnnews::v1::QueryService::Stub>> stubs;
  // One channel per client thread, as separate clients would have.
  for (int t = 0; t < threads; ++t) {
    grpc::ChannelArguments args;
    args.SetInt("bench.channel", t);
    stubs.push_back(vnnews::v1::QueryService::NewStub(grpc::CreateCustomChannel(
        query_server->address, grpc::InsecureChannelCredentials(), args)));
  }
  {  // the reader must have caught up with the whole corpus
    vnnews::v1::ListArticlesRequest request;
    request.set_min_sequence(last_sequence.load());
    request.set_page_size(1);
    vnnews::v1::ListArticlesResponse response;
    auto context = Deadline();
    const grpc::Status status = stubs[0]->ListArticles(context.get(), request, &response);
    if (!status.ok()) std::fprintf(stderr, "catch up: %s\n", status.error_message().c_str());
  }

  const Call topics = [&](int t, int) {
    vnnews::v1::ListTopicsResponse response;
    auto context = Deadline();
    return stubs[t]->ListTopics(context.get(), {}, &response).ok() ? response.topics_size() : -1;
  };
  const Call by_person = [&](int t, int i) {
    vnnews::v1::ListArticlesByPersonRequest request;
    request.set_name(corpus.person_queries[(t * 7919 + i) % corpus.person_queries.size()]);
    request.set_page_size(page_size);
    vnnews::v1::ListArticlesByPersonResponse response;
    auto context = Deadline();
    return stubs[t]->ListArticlesByPerson(context.get(), request, &response).ok()
               ? response.results_size()
               : -1;
  };
  const Call by_date = [&](int t, int i) {
    const int k = t * 131 + i;
    vnnews::v1::ListArticlesByDateRequest request;
    const int year = 2015 + k % 10;
    const int month = 1 + k / 10 % 12;
    request.mutable_date_range()->set_from(absl::StrCat(year, "-", month < 10 ? "0" : "", month));
    request.mutable_date_range()->set_to(absl::StrCat(year, "-", month < 10 ? "0" : "", month));
    request.set_page_size(page_size);
    vnnews::v1::ListArticlesByDateResponse response;
    auto context = Deadline();
    return stubs[t]->ListArticlesByDate(context.get(), request, &response).ok()
               ? response.results_size()
               : -1;
  };
  const Call by_topic = [&](int t, int i) {
    vnnews::v1::ListArticlesByTopicRequest request;
    request.set_topic_id(topic_ids[(t + i) % topic_ids.size()]);
    request.set_page_size(page_size);
    vnnews::v1::ListArticlesByTopicResponse response;
    auto context = Deadline();
    return stubs[t]->ListArticlesByTopic(context.get(), request, &response).ok()
               ? response.results_size()
               : -1;
  };

  const std::vector<LoadResult> loads =
      RunKinds(threads, seconds, std::max(1, absl::GetFlag(FLAGS_rounds)),
               {topics, by_person, by_date, by_topic});

  std::printf("| what | figure |\n|---|---|\n");
  std::printf("| corpus | %d articles, %.1f MB |\n", article_count, corpus_bytes / 1e6);
  std::printf("| extraction alone, 1 thread | %.0f articles/s |\n", extract_rate);
  std::printf("| Store::Put alone, 1 thread | %.0f articles/s |\n", put_rate);
  std::printf(
      "| Store::Prepare + PutBatch(%d) alone, 1 thread | %.0f articles/s (prepare %.0f µs, "
      "commit %.0f µs an article) |\n",
      absl::GetFlag(FLAGS_put_batch), put_batch_rate, put_batch_prepare_us, put_batch_commit_us);
  std::printf(
      "| ingest over IngestArticles, %d streams | %.0f articles/s (%.1f s, %lld errors, %.0f µs "
      "CPU of the process an article) |\n",
      streams, ingest_rate, ingest_seconds, static_cast<long long>(ingest_errors.load()),
      ingest_cpu_us);
  std::printf(
      "\n| query (%d clients, page_size %d) | calls/s | p50 ms | p99 ms | results/call | "
      "× ListTopics | errors |\n|---|---|---|---|---|---|---|\n",
      threads, page_size);
  for (const auto& [name, r] :
       std::vector<std::pair<std::string, LoadResult>>{{"ListTopics (yardstick)", loads[0]},
                                                       {"ListArticlesByPerson", loads[1]},
                                                       {"ListArticlesByDate", loads[2]},
                                                       {"ListArticlesByTopic", loads[3]}}) {
    std::printf("| %s | %.0f | %.2f | %.2f | %.1f | %.2f | %lld |\n", name.c_str(), r.qps, r.p50_ms,
                r.p99_ms, r.mean_results, r.qps / loads[0].qps, static_cast<long long>(r.errors));
  }
  vnnews::server::ShutdownServer(*query_server->server, absl::Seconds(1));
  if (ingest_server->server) {
    vnnews::server::ShutdownServer(*ingest_server->server, absl::Seconds(1));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::string work_dir = absl::GetFlag(FLAGS_work_dir);
  const bool temporary = work_dir.empty();
  if (temporary) {
    char pattern[] = "/tmp/vnnews-bench-XXXXXX";
    if (mkdtemp(pattern) == nullptr) return 1;
    work_dir = pattern;
  }
  const int code = Run(work_dir);
  if (temporary) {
    std::error_code ignored;
    std::filesystem::remove_all(work_dir, ignored);
  }
  return code;
}
