// Throughput of vnnews::extract::Extractor::Extract on the seed articles, in MB/s per core,
// beside a single RE2 pass over the same bytes (the yardstick of issue 2), and the parts of the
// extractor measured one by one so that a slow part shows.
#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "vnnews/extract/dates.h"
#include "vnnews/extract/entities.h"
#include "vnnews/extract/extractor.h"
#include "vnnews/extract/money.h"
#include "vnnews/extract/persons.h"
#include "vnnews/extract/segment.h"
#include "vnnews/extract/topics.h"
#include "vnnews/text/text.h"

namespace {

// The seed articles, each as one document.
const std::vector<std::string>& Seeds() {
  static const auto* seeds = [] {
    auto* v = new std::vector<std::string>();
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(VNNEWS_BENCH_SEEDS_DIR)) {
      if (e.path().extension() == ".txt") paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      v->push_back(s.str());
    }
    if (v->empty()) {
      std::cerr << "no seeds under " << VNNEWS_BENCH_SEEDS_DIR << "\n";
      std::exit(1);
    }
    return v;
  }();
  return *seeds;
}

// ~1 MB of articles: the seeds repeated, each kept a separate document as the ingestor sees them.
const std::vector<std::string>& Corpus() {
  static const auto* corpus = [] {
    auto* v = new std::vector<std::string>();
    size_t bytes = 0;
    while (bytes < (1u << 20)) {
      for (const auto& s : Seeds()) {
        v->push_back(s);
        bytes += s.size();
      }
    }
    return v;
  }();
  return *corpus;
}

size_t CorpusBytes() {
  size_t n = 0;
  for (const auto& d : Corpus()) n += d.size();
  return n;
}

const vnnews::extract::Extractor& TheExtractor() {
  static const auto* x = [] {
    auto e = vnnews::extract::Extractor::Load(VNNEWS_BENCH_LEXICON_DIR);
    if (!e.ok()) {
      std::cerr << e.status() << "\n";
      std::exit(1);
    }
    return e->release();
  }();
  return *x;
}

void BM_Extract(benchmark::State& state) {
  const auto& x = TheExtractor();
  const vnnews::extract::ExtractOptions options;
  for (auto _ : state) {
    for (const auto& doc : Corpus()) {
      auto a = x.Extract(doc, options);
      benchmark::DoNotOptimize(a);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond);

// The yardstick: one RE2 pass finding every number-like token of the same documents.
void BM_Re2SinglePass(benchmark::State& state) {
  static const RE2 re("(\\d+(?:[./-]\\d+)*)");
  for (auto _ : state) {
    size_t found = 0;
    for (const auto& doc : Corpus()) {
      re2::StringPiece input(doc);
      re2::StringPiece match;
      while (RE2::FindAndConsume(&input, re, &match)) ++found;
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}
BENCHMARK(BM_Re2SinglePass)->Unit(benchmark::kMillisecond);

// The parts, one by one, on the same documents.
void BM_Normalize(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& doc : Corpus()) {
      auto n = vnnews::text::Normalize(doc);
      benchmark::DoNotOptimize(n);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);

// Segmented documents, made once.
const std::vector<vnnews::extract::Segmented>& SegmentedCorpus() {
  static const auto* v = [] {
    auto seg = vnnews::extract::Segmenter::Load(VNNEWS_BENCH_LEXICON_DIR);
    auto* out = new std::vector<vnnews::extract::Segmented>();
    for (const auto& doc : Corpus()) {
      auto n = vnnews::text::Normalize(doc);
      out->push_back((*seg)->Split(*n));
    }
    return out;
  }();
  return *v;
}

void BM_Segment(benchmark::State& state) {
  auto seg = vnnews::extract::Segmenter::Load(VNNEWS_BENCH_LEXICON_DIR);
  std::vector<std::string> normalized;
  for (const auto& doc : Corpus()) normalized.push_back(*vnnews::text::Normalize(doc));
  for (auto _ : state) {
    for (const auto& doc : normalized) {
      auto s = (*seg)->Split(doc);
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}
BENCHMARK(BM_Segment)->Unit(benchmark::kMillisecond);

template <typename T>
void RunPart(benchmark::State& state, const T& part) {
  const auto& docs = SegmentedCorpus();
  for (auto _ : state) {
    for (const auto& seg : docs) {
      vnnews::v1::Article a;
      part(seg, &a);
      benchmark::DoNotOptimize(a);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CorpusBytes()));
}

void BM_Persons(benchmark::State& state) {
  auto p = vnnews::extract::PersonExtractor::Load(VNNEWS_BENCH_LEXICON_DIR);
  RunPart(state, [&](const auto& seg, auto* a) { (*p)->Extract(seg, a); });
}
BENCHMARK(BM_Persons)->Unit(benchmark::kMillisecond);

void BM_Entities(benchmark::State& state) {
  auto e = vnnews::extract::EntityExtractor::Load(VNNEWS_BENCH_LEXICON_DIR);
  RunPart(state, [&](const auto& seg, auto* a) { (*e)->Extract(seg, a); });
}
BENCHMARK(BM_Entities)->Unit(benchmark::kMillisecond);

void BM_Dates(benchmark::State& state) {
  auto d = vnnews::extract::DateExtractor::Load(VNNEWS_BENCH_LEXICON_DIR);
  const std::optional<absl::CivilDay> none;
  RunPart(state, [&](const auto& seg, auto* a) { (*d)->Extract(seg, none, a); });
}
BENCHMARK(BM_Dates)->Unit(benchmark::kMillisecond);

void BM_Money(benchmark::State& state) {
  auto m = vnnews::extract::MoneyExtractor::Load(VNNEWS_BENCH_LEXICON_DIR);
  RunPart(state, [&](const auto& seg, auto* a) { (*m)->Extract(seg, a); });
}
BENCHMARK(BM_Money)->Unit(benchmark::kMillisecond);

void BM_Topics(benchmark::State& state) {
  auto t = vnnews::extract::TopicClassifier::Load(VNNEWS_BENCH_LEXICON_DIR);
  RunPart(state, [&](const auto& seg, auto* a) { (*t)->Classify(seg, a); });
}
BENCHMARK(BM_Topics)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
