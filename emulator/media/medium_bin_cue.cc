// BIN/CUE export of a whole disc (CDRWIN cue syntax, as cdrdao, libcdio and bchunk read it):
// F.bin holds every sector of every track as a raw 2352-byte sector (data tracks synthesised by
// disc_sector.h), F.cue describes it: CATALOG, disc TITLE/PERFORMER from the CD-TEXT packs, one
// FILE "F.bin" BINARY, and per track TRACK nn AUDIO|MODE1/2352|MODE2/2352, TITLE/PERFORMER, FLAGS
// (DCP, PRE, 4CH), ISRC, PREGAP, INDEX 00/01/02… in MSF relative to the file.
// What goes into the BIN, per track:
//   - the first track of a session starts at its index 1: its first 150 pregap blocks are the
//     implicit 2-second pregap every cue reader assumes (track 1: LBA -150..-1); a longer pregap's
//     remainder is INDEX 00
//   - a later track's pregap is INDEX 00 if it was recorded (TAO: the drive writes it; a cue
//     sheet disc: its blocks are stored); otherwise the track gets PREGAP and the BIN skips it
//   - the track runs to its end, TAO run-out blocks included (the TOC counts them in the track)
// Multisession discs: REM SESSION nn before each session's first track (the Redump convention);
// the lead-out/lead-in between sessions is not in the BIN.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>
#include <vector>

#include "emulator/media/cd_text.h"
#include "emulator/media/disc_sector.h"
#include "emulator/media/medium.h"

namespace vrec {
namespace {

constexpr uint32_t kBatchSectors = 64;
constexpr int32_t kImplicitPregap = 150;

std::string osError(const char* what, const std::filesystem::path& path, int error) {
  return std::string("cannot ") + what + " '" + path.string() + "': " + std::generic_category().message(error);
}

std::string msfText(int64_t frames) {
  char text[64];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", static_cast<long long>(frames / (60 * 75)),
                static_cast<long long>(frames / 75 % 60), static_cast<long long>(frames % 75));
  return text;
}

std::string quoted(const std::string& text) {
  std::string out = text;
  std::replace(out.begin(), out.end(), '"', '\'');
  return "\"" + out + "\"";
}

const char* trackModeName(const Track& t) {
  if (!t.isData()) return "AUDIO";
  return t.data_mode == 2 ? "MODE2/2352" : "MODE1/2352";
}

// The part of a track the BIN holds, and whether its pregap is left to a PREGAP line.
struct BinTrack {
  const Track* track = nullptr;
  int32_t from = 0;          // first LBA in the BIN
  int32_t to = 0;            // one past the last
  uint32_t pregap_line = 0;  // PREGAP length, 0 for none
  bool session_start = false;
  int64_t file_offset = 0;   // sectors before `from` in the BIN
};

std::vector<BinTrack> binLayout(const Medium& medium) {
  std::vector<BinTrack> out;
  int64_t offset = 0;
  for (const Track& t : medium.tracks()) {
    BinTrack b;
    b.track = &t;
    const Session* session = nullptr;
    for (const Session& s : medium.sessions()) {
      if (s.number == t.session) session = &s;
    }
    b.session_start = session != nullptr && session->first_track == t.number;
    if (b.session_start) {
      b.from = std::min(t.pregap_lba + kImplicitPregap, t.start_lba);
    } else if (!t.session_at_once || t.pregapSectors() == 0 || medium.store().contains(t.pregap_lba)) {
      b.from = t.pregap_lba;
    } else {
      b.from = t.start_lba;
      b.pregap_line = t.pregapSectors();
    }
    b.to = t.start_lba + static_cast<int32_t>(t.sizeSectors());
    b.file_offset = offset;
    offset += b.to - b.from;
    out.push_back(b);
  }
  return out;
}

std::string cueText(const Medium& medium, const std::vector<BinTrack>& layout, const std::string& bin_name) {
  const uint8_t last = layout.empty() ? 0 : static_cast<uint8_t>(layout.back().track->number);
  const CdTextStrings text = decodeCdText(medium.cdText(), last);
  std::string cue;
  if (!medium.mcn().empty()) cue += "CATALOG " + medium.mcn() + "\n";
  if (!text.performers[0].empty()) cue += "PERFORMER " + quoted(text.performers[0]) + "\n";
  if (!text.titles[0].empty()) cue += "TITLE " + quoted(text.titles[0]) + "\n";
  cue += "FILE " + quoted(bin_name) + " BINARY\n";
  const bool multisession = medium.sessions().size() > 1;
  for (const BinTrack& b : layout) {
    const Track& t = *b.track;
    char line[64];
    if (multisession && b.session_start) {
      std::snprintf(line, sizeof line, "  REM SESSION %02u\n", static_cast<unsigned>(t.session));
      cue += line;
    }
    std::snprintf(line, sizeof line, "  TRACK %02u %s\n", static_cast<unsigned>(t.number), trackModeName(t));
    cue += line;
    if (!text.titles[t.number].empty()) cue += "    TITLE " + quoted(text.titles[t.number]) + "\n";
    if (!text.performers[t.number].empty()) cue += "    PERFORMER " + quoted(text.performers[t.number]) + "\n";
    std::string flags;
    if ((t.control & 0x02) != 0) flags += " DCP";
    if (!t.isData() && (t.pre_emphasis || (t.control & 0x01) != 0)) flags += " PRE";
    if (!t.isData() && (t.control & 0x08) != 0) flags += " 4CH";
    if (!flags.empty()) cue += "    FLAGS" + flags + "\n";
    if (!t.isrc.empty()) cue += "    ISRC " + t.isrc + "\n";
    if (b.pregap_line > 0) cue += "    PREGAP " + msfText(b.pregap_line) + "\n";
    const auto at = [&b](int32_t lba) { return msfText(b.file_offset + (lba - b.from)); };
    if (b.from < t.start_lba) cue += "    INDEX 00 " + at(b.from) + "\n";
    cue += "    INDEX 01 " + at(t.start_lba) + "\n";
    for (size_t i = 0; i < t.index_lbas.size(); ++i) {
      std::snprintf(line, sizeof line, "    INDEX %02u ", static_cast<unsigned>(i + 2));
      cue += line + at(t.index_lbas[i]) + "\n";
    }
  }
  return cue;
}

}  // namespace

std::optional<std::string> Medium::exportBinCue(const std::filesystem::path& cue_path) const {
  if (tracks_.empty()) return "cannot write '" + cue_path.string() + "': the medium (" + describe() + ") is blank";
  if (openTrack() != nullptr) {
    return "cannot write '" + cue_path.string() + "': the medium (" + describe() + ") has a track still being recorded";
  }
  std::filesystem::path bin_path = cue_path;
  bin_path.replace_extension(".bin");
  const std::vector<BinTrack> layout = binLayout(*this);

  std::FILE* bin = std::fopen(bin_path.c_str(), "wb");
  if (bin == nullptr) return osError("create", bin_path, errno);
  std::vector<uint8_t> batch(kBatchSectors * kRawSectorBytes);
  for (const BinTrack& b : layout) {
    for (int32_t lba = b.from; lba < b.to;) {
      const auto count = static_cast<uint32_t>(std::min<int64_t>(kBatchSectors, b.to - lba));
      for (uint32_t i = 0; i < count; ++i) {
        const int32_t at = lba + static_cast<int32_t>(i);
        std::span<uint8_t, kRawSectorBytes> out(batch.data() + static_cast<size_t>(i) * kRawSectorBytes, kRawSectorBytes);
        SectorPlace place = locateSector(*this, at);
        if (place.track == nullptr) place = SectorPlace{b.track, SectorRegion::kUser, 1};
        readRawSector(*this, place, at, out);
      }
      const size_t bytes = static_cast<size_t>(count) * kRawSectorBytes;
      if (std::fwrite(batch.data(), 1, bytes, bin) != bytes) {
        const int error = errno;
        std::fclose(bin);
        return osError("write", bin_path, error);
      }
      lba += static_cast<int32_t>(count);
    }
  }
  if (std::fclose(bin) != 0) return osError("finish", bin_path, errno);

  const std::string cue = cueText(*this, layout, bin_path.filename().string());
  std::FILE* file = std::fopen(cue_path.c_str(), "wb");
  if (file == nullptr) return osError("create", cue_path, errno);
  if (std::fwrite(cue.data(), 1, cue.size(), file) != cue.size()) {
    const int error = errno;
    std::fclose(file);
    return osError("write", cue_path, error);
  }
  if (std::fclose(file) != 0) return osError("finish", cue_path, errno);
  return std::nullopt;
}

}  // namespace vrec
