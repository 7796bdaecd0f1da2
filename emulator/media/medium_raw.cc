// Raw recording on the medium (page 05 write type 3, mmc.md §4.1, §6.2): the blocks the host wrote
// — main channel and P–W sub-channel as they came — and the session the drive closes from the Q
// sub-channel it read out of them (emulator/drive/raw_writer.h). Raw tracks follow each other
// without run-out, like a session written at once.
#include "emulator/media/medium.h"

namespace vrec {

void Medium::recordRaw(int32_t lba, std::span<const uint8_t> main, std::span<const uint8_t> subchannel) {
  if (!main.empty()) store_.write(lba, main);
  if (!subchannel.empty()) subchannel_.write(lba, subchannel);
}

void Medium::discardRaw(int32_t lba) {
  store_.eraseFrom(lba);
  subchannel_.eraseFrom(lba);
}

void Medium::ruinRawSession() {
  if (sessionOpen() || tracks_.size() >= kMaxTracks) return;
  AtOnceTrack plan;
  plan.start_lba = nextWritableLba();
  plan.pregap_lba = plan.start_lba - static_cast<int32_t>(kTaoPregapSectors);
  beginTrackAtOnce(plan);
  markOpenTrackDamaged();
}

void Medium::closeRawSession(const std::vector<AtOnceTrack>& tracks, int32_t lead_out_lba, bool allow_next,
                             const std::string& mcn) {
  if (tracks.empty() || sessionOpen()) return;
  for (const AtOnceTrack& plan : tracks) {
    Track& track = beginTrackAtOnce(plan);
    track.recorded_sectors = 0;
  }
  // Each track runs to the next one's pregap, the last to the lead-out.
  for (size_t i = tracks_.size() - tracks.size(); i < tracks_.size(); ++i) {
    Track& t = tracks_[i];
    const int32_t end = i + 1 < tracks_.size() ? tracks_[i + 1].pregap_lba : lead_out_lba;
    t.recorded_sectors = end > t.start_lba ? static_cast<uint32_t>(end - t.start_lba) : 0;
    t.closed = true;
  }
  Session& session = sessions_.back();
  session.closed = true;
  session.lead_out_lba = lead_out_lba;
  finalized_ = !allow_next || freeSectors() <= kMinTrackSectors + kTaoRunOutSectors;
  if (!mcn.empty()) mcn_ = mcn;
}

}  // namespace vrec
