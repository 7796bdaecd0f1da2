// Staging and layout of a data image: scanning 20,000 small files in 1,000 folders into a
// FileTree, laying out the ISO 9660 + Joliet + Rock Ridge image, and producing its metadata
// blocks (everything up to the first file's data). File bytes are not read, so the figures are
// the engine's own cost per file, not the disk's.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/layout/iso_image.h"
#include "engine/stage/file_tree.h"

namespace {

namespace fs = std::filesystem;

// One tree for the whole run, made once under the temp directory and removed at exit.
const fs::path& corpus() {
  static const fs::path root = [] {
    const fs::path dir = fs::temp_directory_path() / ("dm-image-bench-" + std::to_string(::getpid()));
    for (int d = 0; d < 1000; ++d) {
      const fs::path folder = dir / ("folder-" + std::to_string(d / 100)) / ("sub-" + std::to_string(d));
      fs::create_directories(folder);
      for (int f = 0; f < 20; ++f)
        std::ofstream(folder / ("file number " + std::to_string(f) + ".txt")) << "x";
    }
    std::atexit([] { fs::remove_all(fs::temp_directory_path() / ("dm-image-bench-" + std::to_string(::getpid()))); });
    return dir;
  }();
  return root;
}

void BM_ScanTwentyThousandFiles(benchmark::State& state) {
  const fs::path& root = corpus();
  for (auto _ : state) {
    auto tree = dm::stage::FileTree::fromFolder(root);
    benchmark::DoNotOptimize(tree);
  }
  state.SetItemsProcessed(state.iterations() * 20000);
}
BENCHMARK(BM_ScanTwentyThousandFiles)->Unit(benchmark::kMillisecond);

void BM_LayOutTwentyThousandFiles(benchmark::State& state) {
  auto tree = dm::stage::FileTree::fromFolder(corpus());
  dm::layout::IsoOptions options;
  options.creation_time = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
  options.rock_ridge = state.range(0) != 0;
  for (auto _ : state) {
    auto image = dm::layout::IsoImage::build(*tree, options);
    benchmark::DoNotOptimize(image);
  }
  state.SetItemsProcessed(state.iterations() * 20000);
  state.SetLabel(options.rock_ridge ? "rock ridge" : "joliet only");
}
BENCHMARK(BM_LayOutTwentyThousandFiles)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_RenderMetadataBlocks(benchmark::State& state) {
  auto tree = dm::stage::FileTree::fromFolder(corpus());
  dm::layout::IsoOptions options;
  options.creation_time = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
  auto image = dm::layout::IsoImage::build(*tree, options);
  // Metadata ends where the first file's data starts: total minus one block per 1-byte file.
  const uint32_t metadata = image->totalBlocks() - 20000;
  std::vector<uint8_t> buffer(size_t{metadata} * 2048);
  for (auto _ : state) {
    auto status = image->readBlocks(0, metadata, buffer);
    benchmark::DoNotOptimize(status);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * buffer.size()));
}
BENCHMARK(BM_RenderMetadataBlocks)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
