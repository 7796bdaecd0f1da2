// SectorEncoder: the layout of each form (ECMA-130 §14; Yellow Book CD-ROM XA) around the EDC,
// ECC and scrambler kernels.
#include "engine/sector/encoder.h"

#include <cstring>
#include <string>

#include "engine/sector/edc.h"
#include "engine/sector/subchannel.h"

namespace dm::sector {
namespace {

Status invalid(std::string message) { return Status(ResultCode::kInvalidArgument, std::move(message)); }

}  // namespace

Result<SectorEncoder> SectorEncoder::create(SectorForm form, const EncodeOptions& options) {
  if (!implSupported(options.impl))
    return invalid("sector encoder: this CPU cannot run the " + std::string(implName(options.impl)) + " kernels");
  return SectorEncoder(form, options, detail::kernelsFor(options.impl));
}

Status SectorEncoder::checkLbas(int32_t first_lba, size_t count) const {
  if (form_ == SectorForm::kCdda || count == 0) return Status::Ok();  // audio carries no header
  const int64_t last = int64_t{first_lba} + static_cast<int64_t>(count) - 1;
  if (first_lba < kMinLba || last > kMaxLba) {
    ErrorContext context;
    context.lba = first_lba;
    context.blocks = static_cast<uint32_t>(count);
    return Status(ResultCode::kInvalidArgument,
                  std::string(formName(form_)) + " sectors " + std::to_string(first_lba) + ".." + std::to_string(last) +
                      " fall outside the addressable range " + std::to_string(kMinLba) + ".." + std::to_string(kMaxLba),
                  std::move(context));
  }
  return Status::Ok();
}

Status SectorEncoder::encode(int32_t lba, std::span<const uint8_t> user, std::span<uint8_t> out) const {
  if (user.size() != userBytes() || out.size() != kRawSectorBytes) {
    return invalid(std::string(formName(form_)) + " sector: got " + std::to_string(user.size()) +
                   " bytes of user data and a " + std::to_string(out.size()) + "-byte output; want " +
                   std::to_string(userBytes()) + " and " + std::to_string(kRawSectorBytes));
  }
  DM_TRY(checkLbas(lba, 1));
  encodeOne(lba, user.data(), out.data());
  return Status::Ok();
}

Status SectorEncoder::checkBatch(const char* what, int32_t first_lba, size_t user_bytes, size_t out_bytes,
                                 size_t out_block_bytes) const {
  const size_t count = user_bytes / userBytes();
  if (user_bytes % userBytes() != 0 || out_bytes != count * out_block_bytes) {
    return invalid(std::string(formName(form_)) + " " + what + ": " + std::to_string(user_bytes) +
                   " bytes of user data and a " + std::to_string(out_bytes) + "-byte output; want a multiple of " +
                   std::to_string(userBytes()) + " and " + std::to_string(out_block_bytes) + " bytes per sector");
  }
  return checkLbas(first_lba, count);
}

Status SectorEncoder::encodeBatch(int32_t first_lba, std::span<const uint8_t> user, std::span<uint8_t> out) const {
  DM_TRY(checkBatch("batch", first_lba, user.size(), out.size(), kRawSectorBytes));
  const size_t count = user.size() / userBytes();
  for (size_t i = 0; i < count; ++i)
    encodeOne(first_lba + static_cast<int32_t>(i), user.data() + i * userBytes(), out.data() + i * kRawSectorBytes);
  return Status::Ok();
}

Status SectorEncoder::encodeBatchWithSubchannel(int32_t first_lba, std::span<const uint8_t> user,
                                                std::span<const uint8_t> subchannels, std::span<uint8_t> out) const {
  DM_TRY(checkBatch("batch with subchannel", first_lba, user.size(), out.size(), kRawSectorWithSubchannelBytes));
  const size_t count = user.size() / userBytes();
  if (subchannels.size() != count * kSubchannelBytes) {
    return invalid(std::string(formName(form_)) + " batch with subchannel: " + std::to_string(subchannels.size()) +
                   " bytes of subchannel for " + std::to_string(count) + " sectors; want 96 per sector");
  }
  for (size_t i = 0; i < count; ++i) {
    uint8_t* block = out.data() + i * kRawSectorWithSubchannelBytes;
    encodeOne(first_lba + static_cast<int32_t>(i), user.data() + i * userBytes(), block);
    interleaveSubchannel(subchannels.subspan(i * kSubchannelBytes).first<kSubchannelBytes>(),
                         std::span<uint8_t, kSubchannelBytes>(block + kRawSectorBytes, kSubchannelBytes));
  }
  return Status::Ok();
}

void SectorEncoder::encodeOne(int32_t lba, const uint8_t* user, uint8_t* out) const {
  const detail::Kernels& k = *kernels_;
  switch (form_) {
    case SectorForm::kCdda:
      std::memcpy(out, user, kRawSectorBytes);
      return;  // never scrambled
    case SectorForm::kMode1:
      // ECMA-130 §14.3: EDC over sync, header and data; 8 zero bytes; P and Q over 12..2247.
      writeSyncAndHeader(out, lba, 1);
      std::memcpy(out + kMode1DataOffset, user, 2048);
      storeEdc(out + kMode1EdcOffset, k.edc(out, kMode1EdcOffset));
      std::memset(out + kMode1ZeroOffset, 0, 8);
      k.parity(out);
      break;
    case SectorForm::kMode2Formless:
      writeSyncAndHeader(out, lba, 2);
      std::memcpy(out + kMode1DataOffset, user, 2336);
      break;
    case SectorForm::kMode2Form1:
    case SectorForm::kMode2Form2: {
      const bool form2 = form_ == SectorForm::kMode2Form2;
      const Subheader& s = options_.subheader;
      const uint8_t submode = static_cast<uint8_t>(form2 ? (s.submode | kSubmodeForm2) : (s.submode & ~kSubmodeForm2));
      const uint8_t sub[4] = {s.file, s.channel, submode, s.coding};
      std::memcpy(out + kSubheaderOffset, sub, 4);
      std::memcpy(out + kSubheaderOffset + 4, sub, 4);
      if (form2) {
        std::memcpy(out + kXaDataOffset, user, 2324);
        storeEdc(out + kForm2EdcOffset, k.edc(out + kSubheaderOffset, kForm2EdcOffset - kSubheaderOffset));
        writeSyncAndHeader(out, lba, 2);
      } else {
        std::memcpy(out + kXaDataOffset, user, 2048);
        storeEdc(out + kForm1EdcOffset, k.edc(out + kSubheaderOffset, kForm1EdcOffset - kSubheaderOffset));
        // Yellow Book: the Form 1 P/Q take the header as zero, so a sector keeps its ECC when
        // its address changes; the header goes in after the parity.
        std::memset(out + kHeaderOffset, 0, kHeaderBytes);
        k.parity(out);
        writeSyncAndHeader(out, lba, 2);
      }
      break;
    }
  }
  if (options_.scramble) k.scramble(out);
}

Status encodeSector(SectorForm form, int32_t lba, std::span<const uint8_t> user, std::span<uint8_t> out,
                    const EncodeOptions& options) {
  DM_ASSIGN_OR_RETURN(const SectorEncoder encoder, SectorEncoder::create(form, options));
  return encoder.encode(lba, user, out);
}

Status encodeSectors(SectorForm form, int32_t first_lba, std::span<const uint8_t> user, std::span<uint8_t> out,
                     const EncodeOptions& options) {
  DM_ASSIGN_OR_RETURN(const SectorEncoder encoder, SectorEncoder::create(form, options));
  return encoder.encodeBatch(first_lba, user, out);
}

}  // namespace dm::sector
