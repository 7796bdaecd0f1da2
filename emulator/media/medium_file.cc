// Medium file writer and reader (format in medium_file.h). The writer appends little-endian
// fields to one buffer and writes it once; the reader walks a cursor over the whole file and fails
// on the first field that does not fit or makes no sense.
#include "emulator/media/medium_file.h"

#include "emulator/media/raw_sector.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>
#include <vector>

namespace vrec {
namespace {

constexpr std::string_view kMagic = "VRECDISC";
constexpr std::string_view kEndMagic = "VRECDEND";
constexpr std::string_view kSubchannelMagic = "VRECSUBC";  // optional: raw-written P-W sub-channel
constexpr uint32_t kMaxSessions = 99;
constexpr uint64_t kMaxBlocks = 12'300'000;  // more than a single-layer BD holds (mmc.md §1.5)
constexpr uint32_t kMaxCdTextBytes = 8 * 256 * 18;  // 8 blocks of 256 packs (Red Book CD-TEXT)  // more than any CD holds (mmc.md §1.4: 99 min = 449,850)

class Writer {
 public:
  void bytes(const void* data, size_t n) {
    const auto* p = static_cast<const uint8_t*>(data);
    out_.insert(out_.end(), p, p + n);
  }
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { le(v, 2); }
  void u32(uint32_t v) { le(v, 4); }
  void i32(int32_t v) { le(static_cast<uint32_t>(v), 4); }
  void u64(uint64_t v) { le(v, 8); }
  const std::vector<uint8_t>& data() const { return out_; }

 private:
  void le(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> out_;
};

class Reader {
 public:
  explicit Reader(const std::string& data) : data_(data) {}
  bool ok() const { return ok_; }
  bool atEnd() const { return at_ == data_.size(); }
  std::string_view bytes(size_t n) {
    if (!ok_ || data_.size() - at_ < n) {
      ok_ = false;
      return {};
    }
    const std::string_view out(data_.data() + at_, n);
    at_ += n;
    return out;
  }
  uint64_t le(size_t n) {
    const std::string_view b = bytes(n);
    uint64_t v = 0;
    for (size_t i = 0; i < b.size(); ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(b[i])) << (8 * i);
    return v;
  }
  uint8_t u8() { return static_cast<uint8_t>(le(1)); }
  uint16_t u16() { return static_cast<uint16_t>(le(2)); }
  uint32_t u32() { return static_cast<uint32_t>(le(4)); }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  uint64_t u64() { return le(8); }

 private:
  const std::string& data_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace

std::optional<std::string> MediumFile::save(const Medium& medium, const std::filesystem::path& path) {
  Writer w;
  w.bytes(kMagic.data(), kMagic.size());
  w.u32(kMediumFileVersion);
  const std::string_view name = mediumKindName(medium.kind_);
  w.u8(static_cast<uint8_t>(name.size()));
  w.bytes(name.data(), name.size());
  w.u8(medium.finalized_ ? 1 : 0);
  w.u8(medium.formatted_ ? 1 : 0);
  w.u8(static_cast<uint8_t>(medium.bg_format_));
  w.u32(medium.formatted_capacity_);
  w.u8(medium.pseudo_overwrite_ ? 1 : 0);
  w.u8(static_cast<uint8_t>(medium.mcn_.size()));
  w.bytes(medium.mcn_.data(), medium.mcn_.size());
  w.u32(static_cast<uint32_t>(medium.cd_text_.size()));
  w.bytes(medium.cd_text_.data(), medium.cd_text_.size());
  w.u32(static_cast<uint32_t>(medium.sessions_.size()));
  for (const Session& s : medium.sessions_) {
    w.u16(s.number);
    w.u16(s.first_track);
    w.u16(s.last_track);
    w.u8(s.closed ? 1 : 0);
    w.i32(s.lead_in_lba);
    w.i32(s.lead_out_lba);
  }
  w.u32(static_cast<uint32_t>(medium.tracks_.size()));
  for (const Track& t : medium.tracks_) {
    w.u16(t.number);
    w.u16(t.session);
    w.i32(t.start_lba);
    w.u32(t.recorded_sectors);
    w.u16(t.block_bytes);
    w.u8(t.control);
    w.u8(t.closed ? 1 : 0);
    w.u8(t.damaged ? 1 : 0);
    w.i32(t.pregap_lba);
    w.u8(static_cast<uint8_t>(t.index_lbas.size()));
    for (const int32_t lba : t.index_lbas) w.i32(lba);
    w.u8(static_cast<uint8_t>(t.isrc.size()));
    w.bytes(t.isrc.data(), t.isrc.size());
    w.u8(t.data_mode);
    w.u8(t.pre_emphasis ? 1 : 0);
    w.u8(t.session_at_once ? 1 : 0);
  }
  w.u64(medium.store_.storedBlocks());
  medium.store_.forEachBlock([&w](int32_t lba, std::span<const uint8_t> block) {
    w.i32(lba);
    w.u16(static_cast<uint16_t>(block.size()));
    w.bytes(block.data(), block.size());
  });
  if (medium.subchannel_.storedBlocks() > 0) {
    w.bytes(kSubchannelMagic.data(), kSubchannelMagic.size());
    w.u64(medium.subchannel_.storedBlocks());
    medium.subchannel_.forEachBlock([&w](int32_t lba, std::span<const uint8_t> block) {
      w.i32(lba);
      w.u16(static_cast<uint16_t>(block.size()));
      w.bytes(block.data(), block.size());
    });
  }
  w.bytes(kEndMagic.data(), kEndMagic.size());

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(w.data().data()), static_cast<std::streamsize>(w.data().size()));
  out.close();
  if (!out) return path.string() + ": cannot write the medium file: " + std::strerror(errno);
  return std::nullopt;
}

MediumFileLoad MediumFile::load(const std::filesystem::path& path) {
  const auto fail = [&path](const std::string& what) {
    return MediumFileLoad{std::nullopt, path.string() + ": " + what};
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(std::string("cannot open the medium file: ") + std::strerror(errno));
  const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  Reader r(data);
  if (r.bytes(kMagic.size()) != kMagic) return fail("not a medium file (no VRECDISC magic)");
  const uint32_t version = r.u32();
  if (version < kMediumFileOldestVersion || version > kMediumFileVersion) {
    return fail("medium file version " + std::to_string(version) + " is not " + std::to_string(kMediumFileOldestVersion) +
                "-" + std::to_string(kMediumFileVersion));
  }
  const std::string name(r.bytes(r.u8()));
  const auto kind = parseMediumKind(name);
  if (!r.ok() || !kind) return fail("unknown medium kind '" + name + "'");
  Medium m(*kind);
  m.finalized_ = r.u8() != 0;
  if (version >= 3) {
    m.formatted_ = r.u8() != 0;
    const uint8_t bg = r.u8();
    if (bg > 3) return fail("background format status " + std::to_string(bg) + " is not 0-3");
    m.bg_format_ = static_cast<BackgroundFormat>(bg);
  }
  if (version >= 4) {
    m.formatted_capacity_ = r.u32();
    if (m.formatted_capacity_ != 0 && (!m.isBd() || m.formatted_capacity_ > m.info().dvd_capacity_sectors)) {
      return fail("formatted capacity " + std::to_string(m.formatted_capacity_) + " does not fit a " +
                  std::string(m.info().label));
    }
    m.pseudo_overwrite_ = r.u8() != 0;
    if (m.pseudo_overwrite_ && m.family() != MediumFamily::kBdR) return fail("pseudo-overwrite on a medium other than BD-R");
  }
  m.mcn_ = std::string(r.bytes(r.u8()));
  const uint32_t cd_text_bytes = r.u32();
  if (cd_text_bytes > kMaxCdTextBytes) return fail("CD-TEXT of " + std::to_string(cd_text_bytes) + " bytes is too long");
  const std::string_view cd_text = r.bytes(cd_text_bytes);
  m.cd_text_.assign(cd_text.begin(), cd_text.end());
  const uint32_t sessions = r.u32();
  if (sessions > kMaxSessions) return fail(std::to_string(sessions) + " sessions is more than a CD holds");
  for (uint32_t i = 0; i < sessions && r.ok(); ++i) {
    Session s;
    s.number = r.u16();
    s.first_track = r.u16();
    s.last_track = r.u16();
    s.closed = r.u8() != 0;
    s.lead_in_lba = r.i32();
    s.lead_out_lba = r.i32();
    m.sessions_.push_back(s);
  }
  const uint32_t tracks = r.u32();
  if (tracks > kMaxTracks) return fail(std::to_string(tracks) + " tracks is more than 99");
  for (uint32_t i = 0; i < tracks && r.ok(); ++i) {
    Track t;
    t.number = r.u16();
    t.session = r.u16();
    t.start_lba = r.i32();
    t.recorded_sectors = r.u32();
    t.block_bytes = r.u16();
    t.control = r.u8();
    t.closed = r.u8() != 0;
    t.damaged = r.u8() != 0;
    t.pregap_lba = r.i32();
    const uint8_t indexes = r.u8();
    for (uint8_t k = 0; k < indexes && r.ok(); ++k) t.index_lbas.push_back(r.i32());
    t.isrc = std::string(r.bytes(r.u8()));
    t.data_mode = r.u8();
    t.pre_emphasis = r.u8() != 0;
    t.session_at_once = r.u8() != 0;
    t.dvd = m.isDvd();
    if (t.number != i + 1 || t.session == 0 || t.session > sessions)
      return fail("track " + std::to_string(i + 1) + " is inconsistent");
    m.tracks_.push_back(t);
  }
  // Every session holds tracks first_track..last_track, numbered in order: the drive relies on it.
  for (size_t i = 0; i < m.sessions_.size(); ++i) {
    const Session& s = m.sessions_[i];
    if (s.number != i + 1 || s.first_track < 1 || s.first_track > s.last_track || s.last_track > m.tracks_.size()) {
      return fail("session " + std::to_string(i + 1) + " is inconsistent");
    }
  }
  if (!m.sessions_.empty() && m.sessions_.back().last_track != m.tracks_.size())
    return fail("tracks outside any session");
  const uint64_t blocks = r.u64();
  if (blocks > kMaxBlocks) return fail(std::to_string(blocks) + " blocks is more than the disc holds");
  for (uint64_t i = 0; i < blocks && r.ok(); ++i) {
    const int32_t lba = r.i32();
    const uint16_t length = r.u16();
    if (length == 0 || length > kMaxStoredBlockBytes)
      return fail("block at LBA " + std::to_string(lba) + " has a bad length");
    const std::string_view bytes = r.bytes(length);
    m.store_.write(lba, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  }
  std::string_view tag = r.bytes(kEndMagic.size());
  if (tag == kSubchannelMagic) {
    const uint64_t sub_blocks = r.u64();
    if (sub_blocks > kMaxBlocks) return fail(std::to_string(sub_blocks) + " sub-channel blocks is more than a CD holds");
    for (uint64_t i = 0; i < sub_blocks && r.ok(); ++i) {
      const int32_t lba = r.i32();
      const uint16_t length = r.u16();
      if (length != kRawSubchannelBytes) return fail("sub-channel at LBA " + std::to_string(lba) + " has a bad length");
      const std::string_view bytes = r.bytes(length);
      m.subchannel_.write(lba, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    }
    tag = r.bytes(kEndMagic.size());
  }
  if (tag != kEndMagic || !r.ok()) return fail("truncated or damaged medium file");
  if (!r.atEnd()) return fail("bytes after the end of the medium file");
  return MediumFileLoad{std::move(m), {}};
}

}  // namespace vrec
