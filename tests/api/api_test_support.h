// Test support for the API tests: virtual recorders a test can plug in and pull out, and a
// progress sink that records IMAPI's callbacks in order.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/api/disc_master.h"
#include "tools/glue/virtual_transport.h"

namespace dm::api {

// Virtual recorders by path; tests add and remove them to play plug-and-play.
class VirtualSource final : public RecorderSource {
 public:
  vrec::Recorder& add(const std::string& path, vrec::MediumKind kind = vrec::MediumKind::kCdR80,
                      vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder()) {
    devices_[path] = std::make_unique<vrec::Recorder>(std::move(profile), vrec::Medium::blank(kind));
    return *devices_[path];
  }
  void remove(const std::string& path) { removed_.push_back(std::move(devices_.extract(path).mapped())); }
  std::vector<std::unique_ptr<Recorder>> discover() override {
    std::vector<std::unique_ptr<Recorder>> out;
    for (auto& [path, device] : devices_)
      out.push_back(std::make_unique<Recorder>(path, std::make_unique<glue::VirtualTransport>(*device, path)));
    return out;
  }
  vrec::Recorder& device(const std::string& path) { return *devices_.at(path); }

 private:
  std::map<std::string, std::unique_ptr<vrec::Recorder>> devices_;
  std::vector<std::unique_ptr<vrec::Recorder>> removed_;  // transports may still point at them
};

struct Recording final : ProgressEvents {
  std::vector<std::string> calls;
  int cancel_after_polls = -1;
  int polls = 0;
  bool queryCancel() override { return cancel_after_polls >= 0 && ++polls > cancel_after_polls; }
  void notifyPnPActivity() override { calls.push_back("PnP"); }
  void notifyAddProgress(long, long) override { calls.push_back("Add"); }
  void notifyBlockProgress(long done, long total) override {
    if (calls.empty() || calls.back() != "Block") calls.push_back("Block");
    last_block = {done, total};
  }
  void notifyPreparingBurn(long s) override { calls.push_back("Preparing"); preparing_s = s; }
  void notifyClosingDisc(long s) override { calls.push_back("Closing"); closing_s = s; }
  void notifyTrackProgress(long done, long total) override {
    calls.push_back("Track:" + std::to_string(done) + "/" + std::to_string(total));
  }
  void notifyEraseComplete(ResultCode c) override { calls.push_back(std::string("Erase:") + std::string(resultCodeName(c))); }
  void notifyBurnComplete(ResultCode c) override { calls.push_back(std::string("Complete:") + std::string(resultCodeName(c))); }
  std::pair<long, long> last_block{};
  long preparing_s = -1, closing_s = -1;
};

}  // namespace dm::api
