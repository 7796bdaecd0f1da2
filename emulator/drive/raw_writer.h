// RawRecording: a session the host writes in raw mode (page 05 write type 3, mmc.md §4.1, §6.2), as
// the drive follows it block by block. The host sends every block from the lead-in start (the ATIP
// lead-in start on a blank disc, as cdrecord/wodim -raw96r and cdrdao generic-mmc-raw do) through
// the program area to the lead-out, each as 2352 bytes of main channel — data sectors already
// encoded and scrambled (ECMA-130 Annex B; cdrtools sector.c encodesector, cdrdao Track.cc
// encodeZeroData + lec_scramble) — followed by its sub-channel: 16 bytes of formatted P–Q (data
// block type 1) or 96 bytes of P–W (types 2 and 3). The drive records what it gets and reads the
// Q of each block to learn the disc it is writing:
//   lead-in (TNO 0)      the TOC: POINT 01-99 (track CONTROL and start), A0 (first track, disc
//                        type), A1 (last track), A2 (lead-out start), each repeated by the host
//   program area         TNO/INDEX give each track's pregap and index points; ADR 2 the catalog
//                        number, ADR 3 the track's ISRC
//   lead-out (TNO AAh)   the session's end
// A frame whose CRC is wrong is stored as written but teaches the drive nothing. Main data of data
// tracks is descrambled as it is stored, so READ(10) and READ CD return plain sectors. Formatted
// P–Q (type 1) comes with CRCs in either polarity (cdrdao PQSubChannel16 stores it plain, cdrtools
// fillcrc inverted), so for type 1 the drive computes the CRC itself, as it must to record Q.
// Not modelled: CD-TEXT in the R–W of a raw lead-in (the packs are not read out of it), and the
// R–W of data block type 3, which READ CD sub-channel 100b returns as recorded (interleaved, with
// its parity) instead of de-interleaved and corrected.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "emulator/media/medium.h"
#include "emulator/media/q_subchannel.h"

namespace vrec {

class RawRecording {
 public:
  // `lead_in_lba`: where the host must begin; `data_block_type` 1, 2 or 3.
  RawRecording(int32_t lead_in_lba, uint8_t data_block_type);

  int32_t leadInLba() const { return lead_in_lba_; }
  int32_t nextLba() const { return next_lba_; }
  uint8_t dataBlockType() const { return data_block_type_; }
  uint16_t blockBytes() const;
  bool damaged() const { return damaged_; }
  void markDamaged() { damaged_ = true; }

  // One host block at nextLba(): what the medium keeps of it. `store` is false for lead-in and
  // lead-out blocks, which READ CD never returns.
  struct Kept {
    bool store = false;
    std::array<uint8_t, kRawSectorBytes> main{};
    RawSubchannel pw{};
  };
  Kept take(std::span<const uint8_t> block);

  // The host has written lead-out blocks: SYNCHRONIZE CACHE may close the session.
  bool leadOutWritten() const { return lead_out_seen_.has_value(); }
  // The session as the Q described it: tracks in order (empty when neither the lead-in nor the
  // program area gave a usable track), the lead-out start, the catalog number.
  std::vector<AtOnceTrack> tracks() const;
  int32_t leadOutLba() const;
  const std::string& mcn() const { return mcn_; }

 private:
  enum class Region : uint8_t { kLeadIn, kProgram, kLeadOut };
  struct TocEntry {
    bool seen = false;
    uint8_t control = 0;
    int32_t start_lba = 0;
  };
  struct ProgramTrack {
    uint8_t number = 0;
    uint8_t control = 0;
    int32_t first_lba = 0;
    std::optional<int32_t> index1_lba;
    uint8_t last_index = 0;
    std::vector<int32_t> index_lbas;
    std::string isrc;
    uint8_t data_mode = 0;
  };
  void learn(const DecodedQ& q, int32_t lba);
  ProgramTrack* currentTrack() { return program_.empty() ? nullptr : &program_.back(); }

  int32_t lead_in_lba_;
  uint8_t data_block_type_;
  int32_t next_lba_;
  bool damaged_ = false;
  Region region_ = Region::kLeadIn;
  std::array<TocEntry, 100> toc_{};
  std::optional<uint8_t> first_track_, last_track_;
  std::optional<int32_t> toc_lead_out_;
  std::vector<ProgramTrack> program_;
  std::optional<int32_t> lead_out_seen_;
  std::string mcn_;
};

}  // namespace vrec
