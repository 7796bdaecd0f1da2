// Sector pipeline throughput (engine/sector), in sectors per second on one core:
//   BM_Encode/<form>/<impl>  user data → raw 2352-byte sectors for form in mode1, mode2 (formless),
//                            form1, form2, cdda; impl is
//                              ours      SectorEncoder with the kernels dispatch picks (Impl::kAuto)
//                              portable  SectorEncoder with Impl::kPortable (no x86 extensions)
//                              libburn   libburn 1.5.4's encoder from Debian's libburn.a: crc_32 +
//                                        burn_rspc_parity_p/q as in its sector.c (Form 1/2 built from
//                                        the same primitives; libburn has no XA writer of its own)
//                              copy      sync/header + memcpy + zero fill: the no-EDC/ECC bound
//   BM_Edc/<impl>            the EDC of one Mode 1 sector (2064 bytes)
//   BM_Scramble/<impl>       the ECMA-130 Annex B scrambler over one sector (2340 bytes)
//   BM_ParityPQ/<impl>       P and Q parity of one sector
//   BM_EncodeStream/mode1/<impl>  Mode 1 over 64 MiB of user data: the memory-bound rate
// Counters: items_per_second = sectors/s; user_B/s = user-data bytes/s; vs_libburn and vs_copy =
// this benchmark's rate divided by libburn's / copy's rate for the same form, measured in the same
// process on the same buffers (taken from the earlier benchmark of the run, or timed here if that
// one was filtered out). Run: build/bench/sector_bench --benchmark_format=console
#include <benchmark/benchmark.h>

#include <ctime>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/sector/ecc.h"
#include "engine/sector/edc.h"
#include "engine/sector/encoder.h"
#include "engine/sector/scrambler.h"

extern "C" {
void burn_rspc_parity_p(unsigned char* sector);
void burn_rspc_parity_q(unsigned char* sector);
void burn_ecma130_scramble(unsigned char* sector);
unsigned int crc_32(unsigned char* data, int count);
}

namespace {
using dm::sector::Impl;
using dm::sector::SectorForm;
namespace sec = dm::sector;

constexpr size_t kBatch = 256;  // sectors per call: 0.6 MB in + 0.6 MB out, L2/L3-resident like a burn buffer

struct Buffers {
  std::vector<uint8_t> user;
  std::vector<uint8_t> out;
  Buffers() : user(kBatch * sec::kRawSectorBytes), out(kBatch * sec::kRawSectorBytes) {
    std::mt19937 gen(42);
    for (auto& b : user) b = static_cast<uint8_t>(gen());
    for (auto& b : out) b = static_cast<uint8_t>(gen());
  }
};

Buffers& buffers() {
  static Buffers b;
  return b;
}

void storeLe(uint8_t* at, unsigned int v) {
  for (int i = 0; i < 4; ++i) at[i] = static_cast<uint8_t>(v >> (8 * i));
}

// One batch of `form` the libburn way (header from our code: libburn's sector_headers() needs a
// drive object; the header is 4 bytes of 2352 and not what is being compared).
void libburnBatch(SectorForm form, const uint8_t* user, uint8_t* out, size_t count) {
  const size_t ub = sec::userDataBytes(form);
  for (size_t i = 0; i < count; ++i, user += ub, out += sec::kRawSectorBytes) {
    if (form == SectorForm::kMode1) {
      sec::writeSyncAndHeader(out, static_cast<int32_t>(i), 1);
      std::memcpy(out + 16, user, 2048);
      storeLe(out + 2064, crc_32(out, 2064));
      std::memset(out + 2068, 0, 8);
      burn_rspc_parity_p(out);
      burn_rspc_parity_q(out);
    } else {
      const bool form2 = form == SectorForm::kMode2Form2;
      std::memset(out, 0, 24);
      std::memcpy(out + 24, user, ub);
      if (form2) {
        storeLe(out + 2348, crc_32(out + 16, 2332));
      } else {
        storeLe(out + 2072, crc_32(out + 16, 2056));
        burn_rspc_parity_p(out);
        burn_rspc_parity_q(out);
      }
      sec::writeSyncAndHeader(out, static_cast<int32_t>(i), 2);
    }
  }
}

// The no-EDC/ECC bound: what any encoder must at least do.
void copyBatch(SectorForm form, const uint8_t* user, uint8_t* out, size_t count) {
  const size_t ub = sec::userDataBytes(form);
  const size_t off = sec::userDataOffset(form);
  for (size_t i = 0; i < count; ++i, user += ub, out += sec::kRawSectorBytes) {
    if (form != SectorForm::kCdda) sec::writeSyncAndHeader(out, static_cast<int32_t>(i), sec::modeByte(form));
    if (off > 16) std::memset(out + 16, 0, off - 16);
    std::memcpy(out + off, user, ub);
    std::memset(out + off + ub, 0, sec::kRawSectorBytes - off - ub);
  }
}

using BatchFn = std::function<void(const uint8_t*, uint8_t*)>;

BatchFn batchFor(SectorForm form, const std::string& impl, size_t count = kBatch) {
  if (impl == "libburn") return [form, count](const uint8_t* u, uint8_t* o) { libburnBatch(form, u, o, count); };
  if (impl == "copy") return [form, count](const uint8_t* u, uint8_t* o) { copyBatch(form, u, o, count); };
  sec::EncodeOptions options;
  options.impl = impl == "portable" ? Impl::kPortable : Impl::kAuto;
  auto encoder = sec::SectorEncoder::create(form, options);
  if (!encoder) return nullptr;
  return [enc = *encoder, form, count](const uint8_t* u, uint8_t* o) {
    const size_t ub = sec::userDataBytes(form);
    if (!enc.encodeBatch(0, {u, count * ub}, {o, count * sec::kRawSectorBytes}).ok()) std::abort();
  };
}

// Sectors per second of earlier benchmarks in this run, by "form/impl".
std::map<std::string, double>& rates() {
  static std::map<std::string, double> r;
  return r;
}

// This thread's CPU time: the machine is shared, so rates and ratios use CPU time, as
// items_per_second does.
double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double timeRate(const BatchFn& fn) {
  auto& b = buffers();
  const double start = cpuSeconds();
  size_t sectors = 0;
  while (cpuSeconds() - start < 0.3) {
    fn(b.user.data(), b.out.data());
    benchmark::ClobberMemory();
    sectors += kBatch;
  }
  return static_cast<double>(sectors) / (cpuSeconds() - start);
}

double referenceRate(SectorForm form, const std::string& impl) {
  const std::string key = std::string(sec::formName(form)) + "/" + impl;
  auto it = rates().find(key);
  if (it != rates().end()) return it->second;
  return rates()[key] = timeRate(batchFor(form, impl));
}

bool libburnHas(SectorForm form) {
  return form == SectorForm::kMode1 || form == SectorForm::kMode2Form1 || form == SectorForm::kMode2Form2;
}

void BM_Encode(benchmark::State& state, SectorForm form, std::string impl) {
  const BatchFn fn = batchFor(form, impl);
  if (!fn) {
    state.SkipWithError("implementation not supported on this CPU");
    return;
  }
  auto& b = buffers();
  const double start = cpuSeconds();
  size_t sectors = 0;
  for (auto _ : state) {
    fn(b.user.data(), b.out.data());
    benchmark::ClobberMemory();
    sectors += kBatch;
  }
  const double rate = static_cast<double>(sectors) / (cpuSeconds() - start);
  rates()[std::string(sec::formName(form)) + "/" + impl] = rate;
  state.SetItemsProcessed(static_cast<int64_t>(sectors));
  state.counters["user_B/s"] = benchmark::Counter(static_cast<double>(sectors * sec::userDataBytes(form)),
                                                  benchmark::Counter::kIsRate);
  if (impl != "copy") state.counters["vs_copy"] = rate / referenceRate(form, "copy");
  if (impl != "libburn" && impl != "copy" && libburnHas(form))
    state.counters["vs_libburn"] = rate / referenceRate(form, "libburn");
}

// Mode 1 through memory: 32768 sectors (64 MiB of user data, 77 MB out) per call, far larger than
// the caches, so this is the rate when the encoder streams a whole image rather than a burn buffer.
constexpr size_t kStreamSectors = 32768;

void BM_EncodeStream(benchmark::State& state, std::string impl) {
  static std::vector<uint8_t> user(kStreamSectors * 2048, 0x5A);
  static std::vector<uint8_t> out(kStreamSectors * sec::kRawSectorBytes, 0);
  const BatchFn fn = batchFor(SectorForm::kMode1, impl, kStreamSectors);
  for (auto _ : state) {
    fn(user.data(), out.data());
    benchmark::ClobberMemory();
  }
  const auto sectors = static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kStreamSectors);
  state.SetItemsProcessed(sectors);
  state.counters["user_B/s"] =
      benchmark::Counter(static_cast<double>(sectors) * 2048.0, benchmark::Counter::kIsRate);
}

void sectorsCounters(benchmark::State& state, size_t per_iteration) {
  const auto n = static_cast<double>(state.iterations()) * static_cast<double>(per_iteration);
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.counters["time/sector"] = benchmark::Counter(n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Edc(benchmark::State& state, std::string impl) {
  Impl which = impl == "portable" ? Impl::kPortable : impl == "pclmul" ? Impl::kPclmul : Impl::kAvx512;
  if (impl != "libburn" && !sec::implSupported(which)) {
    state.SkipWithError("implementation not supported on this CPU");
    return;
  }
  auto& b = buffers();
  for (auto _ : state) {
    uint32_t acc = 0;
    for (size_t i = 0; i < kBatch; ++i) {
      uint8_t* s = b.out.data() + i * sec::kRawSectorBytes;
      acc ^= impl == "libburn" ? crc_32(s, 2064) : sec::edc({s, 2064}, which);
    }
    benchmark::DoNotOptimize(acc);
  }
  sectorsCounters(state, kBatch);
}

void BM_Scramble(benchmark::State& state, std::string impl) {
  const Impl which = impl == "portable" ? Impl::kPortable : Impl::kAvx2;
  if (impl != "libburn" && !sec::implSupported(which)) {
    state.SkipWithError("implementation not supported on this CPU");
    return;
  }
  auto& b = buffers();
  for (auto _ : state) {
    for (size_t i = 0; i < kBatch; ++i) {
      uint8_t* s = b.out.data() + i * sec::kRawSectorBytes;
      if (impl == "libburn")
        burn_ecma130_scramble(s);
      else
        sec::scramble(std::span<uint8_t, sec::kRawSectorBytes>(s, sec::kRawSectorBytes), which);
    }
    benchmark::ClobberMemory();
  }
  sectorsCounters(state, kBatch);
}

void BM_ParityPQ(benchmark::State& state, std::string impl) {
  const Impl which = impl == "portable" ? Impl::kPortable : Impl::kAvx2;
  if (impl != "libburn" && !sec::implSupported(which)) {
    state.SkipWithError("implementation not supported on this CPU");
    return;
  }
  auto& b = buffers();
  for (auto _ : state) {
    for (size_t i = 0; i < kBatch; ++i) {
      uint8_t* s = b.out.data() + i * sec::kRawSectorBytes;
      if (impl == "libburn") {
        burn_rspc_parity_p(s);
        burn_rspc_parity_q(s);
      } else {
        sec::writeParityPQ(std::span<uint8_t, sec::kRawSectorBytes>(s, sec::kRawSectorBytes), which);
      }
    }
    benchmark::ClobberMemory();
  }
  sectorsCounters(state, kBatch);
}

int registerAll() {
  // copy and libburn first, so the ratios of portable and ours come from the same run.
  for (SectorForm form : {SectorForm::kMode1, SectorForm::kMode2Formless, SectorForm::kMode2Form1,
                          SectorForm::kMode2Form2, SectorForm::kCdda}) {
    for (const char* impl : {"copy", "libburn", "portable", "ours"}) {
      if (std::string(impl) == "libburn" && !libburnHas(form)) continue;
      const std::string name = "BM_Encode/" + std::string(sec::formName(form)) + "/" + impl;
      benchmark::RegisterBenchmark(name.c_str(), BM_Encode, form, std::string(impl));
    }
  }
  for (const char* impl : {"copy", "ours"})
    benchmark::RegisterBenchmark(("BM_EncodeStream/mode1/" + std::string(impl)).c_str(), BM_EncodeStream,
                                 std::string(impl));
  for (const char* impl : {"libburn", "portable", "pclmul", "avx512"})
    benchmark::RegisterBenchmark(("BM_Edc/" + std::string(impl)).c_str(), BM_Edc, std::string(impl));
  for (const char* impl : {"libburn", "portable", "avx2"})
    benchmark::RegisterBenchmark(("BM_Scramble/" + std::string(impl)).c_str(), BM_Scramble, std::string(impl));
  for (const char* impl : {"libburn", "portable", "avx2"})
    benchmark::RegisterBenchmark(("BM_ParityPQ/" + std::string(impl)).c_str(), BM_ParityPQ, std::string(impl));
  return 0;
}

const int kRegistered = registerAll();

}  // namespace

BENCHMARK_MAIN();
