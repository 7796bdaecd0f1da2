// Building a pre-recorded Medium from an ISO or a cue sheet (see medium_image.h).
#include "emulator/media/medium_image.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

#include "emulator/media/cd_text.h"
#include "emulator/media/cdrwin_cue.h"
#include "emulator/media/raw_sector.h"

namespace vrec {
namespace {

constexpr int32_t kImplicitPregap = 150;  // every session's first track (mmc.md §1.2)
constexpr uint64_t kMaxCueBytes = 1u << 20;

std::string osReason(int error) { return std::generic_category().message(error); }

std::string lowerExtension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// A file read block by block.
class BlockFile {
 public:
  ~BlockFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  bool open(const std::filesystem::path& path) {
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) return false;
    if (fseeko(file_, 0, SEEK_END) != 0) return false;
    size_ = ftello(file_);
    return size_ >= 0 && fseeko(file_, 0, SEEK_SET) == 0;
  }
  int64_t size() const { return size_; }
  bool seek(int64_t offset) { return fseeko(file_, offset, SEEK_SET) == 0; }
  bool read(std::span<uint8_t> out) { return std::fread(out.data(), 1, out.size(), file_) == out.size(); }

 private:
  std::FILE* file_ = nullptr;
  int64_t size_ = 0;
};

std::string sectorsText(uint32_t sectors) {
  const uint32_t frames = sectors + kMsfLbaOffset;
  char text[48];
  std::snprintf(text, sizeof text, "%u sectors, %02u:%02u:%02u", sectors, frames / 4500, frames / 75 % 60, frames % 75);
  return text;
}

}  // namespace

std::optional<MediumKind> MediumImage::fitKind(uint32_t lead_out, std::optional<MediumKind> kind, std::string& error,
                                               const std::string& what) {
  if (kind) {
    const uint32_t capacity = Medium::blank(*kind).capacitySectors();
    if (lead_out <= capacity) return kind;
    error = what + ": the disc needs " + sectorsText(lead_out) + " up to its lead-out; a " +
            std::string(mediumKindInfo(*kind).label) + " holds " + sectorsText(capacity);
    return std::nullopt;
  }
  uint32_t largest = 0;
  for (const MediumKindInfo& info : allMediumKinds()) {
    if (info.erasable || info.isDvd()) continue;  // images become CDs unless a DVD or BD kind is named
    const uint32_t capacity = Medium::blank(info.kind).capacitySectors();
    largest = std::max(largest, capacity);
    if (lead_out <= capacity) return info.kind;
  }
  error = what + ": the disc needs " + sectorsText(lead_out) + "; the largest CD-R holds " + sectorsText(largest);
  return std::nullopt;
}

MediumImageLoad MediumImage::load(const std::filesystem::path& path, std::optional<MediumKind> kind) {
  const std::string ext = lowerExtension(path);
  if (ext == ".iso") return loadIso(path, kind);
  if (ext == ".cue") return loadCue(path, kind);
  return MediumImageLoad{std::nullopt, path.string() + ": unknown image type '" + ext + "' (expected .iso or .cue)"};
}

std::optional<std::string> MediumImage::leaveAppendable(Medium& medium) {
  if (medium.tracks_.empty()) return std::string("a blank disc has no session to leave appendable");
  medium.finalized_ = false;
  if (medium.freeSectors() <= kMinTrackSectors + kTaoRunOutSectors) {
    medium.finalized_ = true;
    return "no room for another session after LBA " + std::to_string(medium.sessions_.back().lead_out_lba);
  }
  return std::nullopt;
}

MediumImageLoad MediumImage::loadIso(const std::filesystem::path& path, std::optional<MediumKind> kind) {
  MediumImageLoad out;
  BlockFile file;
  if (!file.open(path)) {
    out.error = path.string() + ": cannot open the ISO image: " + osReason(errno);
    return out;
  }
  if (file.size() == 0 || file.size() % static_cast<int64_t>(kMode1UserBytes) != 0) {
    out.error = path.string() + ": " + std::to_string(file.size()) + " bytes is not a whole, non-zero number of " +
                "2048-byte blocks";
    return out;
  }
  const auto blocks = static_cast<uint32_t>(file.size() / static_cast<int64_t>(kMode1UserBytes));
  // No padding to the Red Book 4 s: the disc is the image, block for block, as exported again.
  const uint32_t recorded = blocks;
  const auto fitted = fitKind(recorded, kind, out.error, path.string());
  if (!fitted) return out;

  Medium m(*fitted);
  Track t;
  t.number = 1;
  t.session = 1;
  t.start_lba = 0;
  // A DVD or BD track has no pregap (its framing follows from the kind, as medium_file.cc keeps it).
  t.dvd = m.isDvd();
  t.pregap_lba = t.dvd ? 0 : -kImplicitPregap;
  t.recorded_sectors = recorded;
  t.block_bytes = kMode1UserBytes;
  t.control = 4;
  t.closed = true;
  t.session_at_once = true;
  std::vector<uint8_t> block(kMode1UserBytes);
  for (uint32_t i = 0; i < blocks; ++i) {
    if (!file.read(block)) {
      out.error = path.string() + ": read error at block " + std::to_string(i) + ": " + osReason(errno);
      return out;
    }
    m.store_.write(static_cast<int32_t>(i), block);
  }
  Session s;
  s.number = 1;
  s.first_track = 1;
  s.last_track = 1;
  s.closed = true;
  s.lead_in_lba = msfToLba(m.info().atip_lead_in_start);
  s.lead_out_lba = t.userEndLba();
  m.tracks_.push_back(t);
  m.sessions_.push_back(s);
  m.finalized_ = true;
  out.medium = std::move(m);
  return out;
}

MediumImageLoad MediumImage::loadCue(const std::filesystem::path& path, std::optional<MediumKind> kind) {
  MediumImageLoad out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = path.string() + ": cannot open the cue sheet: " + osReason(errno);
    return out;
  }
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (text.size() > kMaxCueBytes) {
    out.error = path.string() + ": " + std::to_string(text.size()) + " bytes is too large for a cue sheet";
    return out;
  }
  const CdrwinParse parse = parseCdrwinSheet(text, path.string());
  if (!parse.ok()) {
    out.error = parse.error;
    return out;
  }
  const CdrwinSheet& sheet = *parse.sheet;
  const auto where = [&path](const CdrwinPlace& p) {
    return path.string() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  };

  // Open every FILE (relative names are beside the cue sheet) and find each track's bytes.
  std::vector<BlockFile> files(sheet.files.size());
  for (size_t i = 0; i < sheet.files.size(); ++i) {
    const std::filesystem::path bin = path.parent_path() / sheet.files[i].name;
    if (!files[i].open(bin)) {
      out.error = where(sheet.files[i].place) + ": cannot open '" + bin.string() + "': " + osReason(errno);
      return out;
    }
  }
  const size_t n = sheet.tracks.size();
  std::vector<int64_t> byte_offset(n);
  std::vector<int64_t> file_sectors(n);  // sectors of the track in its file, from its first index
  for (size_t i = 0; i < n; ++i) {
    const CdrwinTrack& t = sheet.tracks[i];
    const bool first_in_file = i == 0 || sheet.tracks[i - 1].file != t.file;
    byte_offset[i] = first_in_file ? t.firstFrame() * t.sectorBytes()
                                   : byte_offset[i - 1] + (t.firstFrame() - sheet.tracks[i - 1].firstFrame()) *
                                                              sheet.tracks[i - 1].sectorBytes();
    if (!first_in_file) file_sectors[i - 1] = t.firstFrame() - sheet.tracks[i - 1].firstFrame();
    const int64_t size = files[t.file].size();
    const std::string bin = sheet.files[t.file].name;
    if (byte_offset[i] > size) {
      out.error = where(t.indexes.front().place) + ": '" + bin + "' is " + std::to_string(size) + " bytes, too short: track " +
                  std::to_string(t.number) + " starts at byte " + std::to_string(byte_offset[i]);
      return out;
    }
    const bool last_in_file = i + 1 == n || sheet.tracks[i + 1].file != t.file;
    if (last_in_file) {
      const int64_t rest = size - byte_offset[i];
      if (rest % t.sectorBytes() != 0) {
        out.error = where(t.place) + ": '" + bin + "' is " + std::to_string(size) + " bytes: track " +
                    std::to_string(t.number) + " (" + std::string(cdrwinTrackModeName(t.mode)) + ") from byte " +
                    std::to_string(byte_offset[i]) + " leaves " + std::to_string(rest % t.sectorBytes()) +
                    " bytes of a partial " + std::to_string(t.sectorBytes()) + "-byte sector";
        return out;
      }
      file_sectors[i] = rest / t.sectorBytes();
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const CdrwinTrack& t = sheet.tracks[i];
    if (file_sectors[i] <= t.indexOneFrame() - t.firstFrame()) {
      out.error = where(t.place) + ": track " + std::to_string(t.number) + " has no sectors after its INDEX 01 in '" +
                  sheet.files[t.file].name + "'";
      return out;
    }
  }

  // Lay the tracks out on the disc.
  Medium m(kind.value_or(MediumKind::kCdR80));
  CdTextStrings text_strings;
  text_strings.titles.push_back(sheet.title);
  text_strings.performers.push_back(sheet.performer);
  int32_t cursor = 0;
  for (size_t i = 0; i < n; ++i) {
    const CdrwinTrack& c = sheet.tracks[i];
    Track t;
    t.number = c.number;
    t.session = c.session;
    if (i == 0 || sheet.tracks[i - 1].session != c.session) {
      Session s;
      s.number = c.session;
      s.first_track = c.number;
      s.closed = true;
      if (i == 0) {
        s.lead_in_lba = msfToLba(m.info().atip_lead_in_start);
        t.pregap_lba = -kImplicitPregap;
      } else {
        Session& previous = m.sessions_.back();
        previous.lead_out_lba = cursor;
        const uint32_t lead_out = previous.number == 1 ? kFirstLeadOutSectors : kLaterLeadOutSectors;
        s.lead_in_lba = cursor + static_cast<int32_t>(lead_out);
        t.pregap_lba = s.lead_in_lba + static_cast<int32_t>(kLeadInSectors);
      }
      m.sessions_.push_back(s);
      cursor = t.pregap_lba + kImplicitPregap + static_cast<int32_t>(c.pregap);
    } else {
      t.pregap_lba = cursor;
      cursor += static_cast<int32_t>(c.pregap);
    }
    const int32_t first_lba = cursor;
    const auto lbaOf = [&](int64_t frames) { return first_lba + static_cast<int32_t>(frames - c.firstFrame()); };
    t.start_lba = lbaOf(c.indexOneFrame());
    for (const CdrwinIndex& index : c.indexes) {
      if (index.number >= 2) t.index_lbas.push_back(lbaOf(index.frames));
    }
    const int32_t data_end = first_lba + static_cast<int32_t>(file_sectors[i]);
    t.recorded_sectors = static_cast<uint32_t>(data_end - t.start_lba) + c.postgap;
    t.block_bytes = c.sectorBytes();
    t.control = static_cast<uint8_t>((c.isData() ? 0x04 : 0x00) | (c.dcp ? 0x02 : 0x00) |
                                     (!c.isData() && c.pre ? 0x01 : 0x00) | (!c.isData() && c.four_channel ? 0x08 : 0x00));
    t.pre_emphasis = !c.isData() && c.pre;
    t.data_mode = c.mode == CdrwinTrackMode::kMode2Raw ? 2 : 1;
    t.isrc = c.isrc;
    t.closed = true;
    t.session_at_once = true;
    cursor = t.userEndLba();
    m.sessions_.back().last_track = t.number;
    m.sessions_.back().lead_out_lba = cursor;
    text_strings.titles.push_back(c.title);
    text_strings.performers.push_back(c.performer);

    // The track's sectors, block by block.
    BlockFile& file = files[c.file];
    if (!file.seek(byte_offset[i])) {
      out.error = where(c.place) + ": cannot seek in '" + sheet.files[c.file].name + "': " + osReason(errno);
      return out;
    }
    std::vector<uint8_t> block(c.sectorBytes());
    for (int64_t k = 0; k < file_sectors[i]; ++k) {
      if (!file.read(block)) {
        out.error = where(c.place) + ": read error in '" + sheet.files[c.file].name + "': " + osReason(errno);
        return out;
      }
      m.store_.write(first_lba + static_cast<int32_t>(k), block);
    }
    m.tracks_.push_back(std::move(t));
  }
  const auto fitted = fitKind(static_cast<uint32_t>(std::max(cursor, 0)), kind, out.error, path.string());
  if (!fitted) return out;
  m.kind_ = *fitted;
  if (!kind) {
    // The session's lead-in start comes from the ATIP of the kind finally chosen.
    const int32_t lead_in = msfToLba(m.info().atip_lead_in_start);
    m.sessions_.front().lead_in_lba = lead_in;
  }
  m.finalized_ = true;
  m.mcn_ = sheet.catalog;
  m.cd_text_ = encodeCdText(text_strings, 1);
  out.medium = std::move(m);
  return out;
}

}  // namespace vrec
