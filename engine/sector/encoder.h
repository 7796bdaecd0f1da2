// SectorEncoder: turns user data into complete 2352-byte raw sectors of one form — sync, header,
// Mode 2 subheader, EDC, P/Q ECC and, if asked, the ECMA-130 Annex B scrambling a raw writer sends
// (ECMA-130 §14–16; Yellow Book / CD-ROM XA for Mode 2 Form 1 and 2; mmc.md §1.1). It never
// allocates: output goes to the caller's buffer, one sector or a whole batch per call, and the
// kernels (see cpu_dispatch.h) are chosen once when the encoder is made.
#pragma once

#include <cstdint>
#include <span>

#include "engine/base/result.h"
#include "engine/sector/cpu_dispatch.h"
#include "engine/sector/sector_format.h"
#include "engine/sector/subchannel.h"

namespace dm::sector {

// The CD-ROM XA subheader (Yellow Book): written twice, at bytes 16–19 and 20–23.
struct Subheader {
  uint8_t file = 0;
  uint8_t channel = 0;
  uint8_t submode = 0;  // the encoder sets or clears bit 5 (Form 2) to match the form
  uint8_t coding = 0;
};

struct EncodeOptions {
  Impl impl = Impl::kAuto;
  // XOR bytes 12..2351 with the Annex B sequence, as a raw writer must for data sectors.
  // Ignored for CD-DA, which is never scrambled.
  bool scramble = false;
  Subheader subheader;  // Mode 2 Form 1 / Form 2 only
};

// A raw sector followed by its raw P–W subchannel (MMC-5 data block type 3).
inline constexpr size_t kRawSectorWithSubchannelBytes = kRawSectorBytes + kSubchannelBytes;

class SectorEncoder {
 public:
  // E_INVALIDARG if options.impl is not supported by this CPU.
  static Result<SectorEncoder> create(SectorForm form, const EncodeOptions& options = {});

  SectorForm form() const { return form_; }
  Impl impl() const { return kernels_->impl; }
  size_t userBytes() const { return userDataBytes(form_); }

  // Encodes one sector addressed `lba` from userBytes() bytes of `user` into the 2352 bytes of
  // `out`. E_INVALIDARG if a size is wrong or (for data forms) the LBA has no MSF address.
  Status encode(int32_t lba, std::span<const uint8_t> user, std::span<uint8_t> out) const;

  // Encodes user.size() / userBytes() consecutive sectors starting at `first_lba` into `out`
  // (2352 bytes each). E_INVALIDARG if user is not a whole number of sectors, out does not hold
  // exactly that many raw sectors, or an LBA of the run has no MSF address. Nothing is written
  // when an error is returned.
  Status encodeBatch(int32_t first_lba, std::span<const uint8_t> user, std::span<uint8_t> out) const;

  // As encodeBatch, but each 2352-byte sector is followed by its 96-byte raw (interleaved) P–W
  // subchannel, made from the channel-major `subchannels` (96 bytes per sector, see subchannel.h):
  // 2448-byte blocks, what a raw writer takes with data block type 3 (raw P–W). E_INVALIDARG if
  // subchannels does not hold 96 bytes per sector or out not 2448.
  Status encodeBatchWithSubchannel(int32_t first_lba, std::span<const uint8_t> user,
                                   std::span<const uint8_t> subchannels, std::span<uint8_t> out) const;

 private:
  SectorEncoder(SectorForm form, const EncodeOptions& options, const detail::Kernels& kernels)
      : form_(form), options_(options), kernels_(&kernels) {}

  Status checkBatch(const char* what, int32_t first_lba, size_t user_bytes, size_t out_bytes,
                    size_t out_block_bytes) const;
  Status checkLbas(int32_t first_lba, size_t count) const;
  void encodeOne(int32_t lba, const uint8_t* user, uint8_t* out) const;  // no checks

  SectorForm form_;
  EncodeOptions options_;
  const detail::Kernels* kernels_;
};

// One-call forms of SectorEncoder::create + encode / encodeBatch.
Status encodeSector(SectorForm form, int32_t lba, std::span<const uint8_t> user, std::span<uint8_t> out,
                    const EncodeOptions& options = {});
Status encodeSectors(SectorForm form, int32_t first_lba, std::span<const uint8_t> user, std::span<uint8_t> out,
                     const EncodeOptions& options = {});

}  // namespace dm::sector
