// Throughput of the burn path on the virtual recorder, in sectors per wall-clock second:
//   BM_IsoReadBlocks  the layout producing image blocks from staged files (the host side)
//   BM_VirtualBurn    a whole TAO burn: layout → mmc::Drive → VirtualTransport → vrec::Recorder
// The virtual clock makes the burn's modelled time independent of this machine; what is measured
// here is how fast the host-side pipeline and the emulator run.
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "engine/burn/tao_burner.h"
#include "engine/layout/iso_image.h"
#include "engine/layout/iso_sector_source.h"
#include "tools/glue/virtual_transport.h"

namespace {
namespace fs = std::filesystem;

// A staged tree of `files` files of `bytes_each`, built once per size.
struct Fixture {
  fs::path dir;
  dm::stage::FileTree tree;
  std::unique_ptr<dm::layout::IsoImage> image;

  Fixture(int files, size_t bytes_each) {
    dir = fs::temp_directory_path() / ("dm-bench-" + std::to_string(files) + "x" + std::to_string(bytes_each));
    fs::create_directories(dir);
    std::mt19937 gen(7);
    std::string data(bytes_each, '\0');
    for (int i = 0; i < files; ++i) {
      for (auto& c : data) c = static_cast<char>(gen());
      std::ofstream(dir / ("file" + std::to_string(i) + ".bin"), std::ios::binary) << data;
    }
    auto t = dm::stage::FileTree::fromFolder(dir);
    if (!t) throw std::runtime_error(t.error().toString());
    tree = std::move(*t);
    dm::layout::IsoOptions o;
    o.volume_name = "BENCH";
    auto img = dm::layout::IsoImage::build(tree, o);
    if (!img) throw std::runtime_error(img.error().toString());
    image = std::make_unique<dm::layout::IsoImage>(std::move(*img));
  }
  ~Fixture() { fs::remove_all(dir); }
};

Fixture& fixture() {
  static Fixture f(16, 4 << 20);  // 64 MiB in 16 files
  return f;
}

void BM_IsoReadBlocks(benchmark::State& state) {
  const auto& image = *fixture().image;
  const uint32_t chunk = 32;
  std::vector<uint8_t> buffer(chunk * 2048);
  uint64_t sectors = 0;
  for (auto _ : state) {
    for (uint32_t lba = 0; lba + chunk <= image.totalBlocks(); lba += chunk) {
      if (!image.readBlocks(lba, chunk, buffer).ok()) state.SkipWithError("readBlocks failed");
      sectors += chunk;
    }
    benchmark::DoNotOptimize(buffer.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(sectors));
  state.SetBytesProcessed(static_cast<int64_t>(sectors * 2048));
}
BENCHMARK(BM_IsoReadBlocks)->Unit(benchmark::kMillisecond);

void BM_VirtualBurn(benchmark::State& state) {
  const auto& image = *fixture().image;
  dm::layout::IsoSectorSource source(image);
  uint64_t sectors = 0;
  double virtual_seconds = 0;
  for (auto _ : state) {
    vrec::Recorder recorder(vrec::DriveProfile::defaultCdRecorder(), vrec::Medium::blank(vrec::MediumKind::kCdR80));
    dm::glue::VirtualTransport transport(recorder, "virtual:default");
    dm::mmc::Drive drive(transport);
    const dm::burn::BurnReport r = dm::burn::burnDataTrack(drive, source, {});
    if (!r.status.ok()) state.SkipWithError(r.status.toString().c_str());
    sectors += r.blocks_written;
    virtual_seconds = std::chrono::duration<double>(r.total_time).count();
  }
  state.SetItemsProcessed(static_cast<int64_t>(sectors));
  state.SetBytesProcessed(static_cast<int64_t>(sectors * 2048));
  state.counters["virtual_s"] = virtual_seconds;
  // Virtual seconds of burning per wall second: how much faster than the modelled drive it runs.
  state.counters["realtime_x"] = benchmark::Counter(virtual_seconds * static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_VirtualBurn)->Unit(benchmark::kMillisecond)->UseRealTime();

// A full 80-minute CD-R at 48x, every byte carried: a generated image (no file I/O) filling the
// disc, burned Track-At-Once into the emulator's sector store. The goal: a whole disc in ≤ 0.25 s.
class FullDiscSource final : public dm::burn::SectorSource {
 public:
  explicit FullDiscSource(uint32_t blocks) : blocks_(blocks) {}
  uint32_t blockSize() const override { return 2048; }
  uint32_t totalBlocks() const override { return blocks_; }
  dm::Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    for (uint32_t b = 0; b < count; ++b) std::memset(out.data() + size_t{b} * 2048, static_cast<int>((first + b) & 0xFF), 2048);
    return dm::Status::Ok();
  }

 private:
  uint32_t blocks_;
};

void BM_FullDiscBurn(benchmark::State& state) {
  // 79:59:74 of program area less the burner's 150-block pad.
  const FullDiscSource source(359'849 - 150 - 2);
  double virtual_seconds = 0;
  uint64_t sectors = 0;
  for (auto _ : state) {
    vrec::Recorder recorder(vrec::DriveProfile::defaultCdRecorder(), vrec::Medium::blank(vrec::MediumKind::kCdR80));
    dm::glue::VirtualTransport transport(recorder, "virtual:default");
    dm::mmc::Drive drive(transport);
    dm::burn::BurnOptions options;
    options.speed_x = 48;
    const dm::burn::BurnReport r = dm::burn::burnDataTrack(drive, source, options);
    if (!r.status.ok()) state.SkipWithError(r.status.toString().c_str());
    sectors += r.blocks_written;
    virtual_seconds = std::chrono::duration<double>(r.total_time).count();
  }
  state.SetItemsProcessed(static_cast<int64_t>(sectors));
  state.SetBytesProcessed(static_cast<int64_t>(sectors * 2048));
  state.counters["virtual_s"] = virtual_seconds;
  state.counters["realtime_x"] = benchmark::Counter(virtual_seconds * static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FullDiscBurn)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// One command's round trip through the seam: mmc::Drive → VirtualTransport → the recorder's
// dispatch and its answer (TEST UNIT READY, and a 36-byte INQUIRY with data in).
void BM_EmulatorCommand(benchmark::State& state) {
  vrec::Recorder recorder(vrec::DriveProfile::defaultCdRecorder(), vrec::Medium::blank(vrec::MediumKind::kCdR80));
  dm::glue::VirtualTransport transport(recorder, "virtual:default");
  dm::mmc::Drive drive(transport);
  const bool inquiry = state.range(0) == 1;
  for (auto _ : state) {
    if (inquiry) {
      auto r = drive.inquiry();
      benchmark::DoNotOptimize(r);
    } else {
      auto r = drive.run(dm::mmc::testUnitReady());
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetLabel(inquiry ? "INQUIRY" : "TEST UNIT READY");
}
BENCHMARK(BM_EmulatorCommand)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
