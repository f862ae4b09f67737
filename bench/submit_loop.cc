// ashyq_submit_loop: the submissions that run beside bench/nginx_reads.sh's reads. Submits
// signed objects of a simulated election to `ashyq server run`, one after the other on one
// kept-alive connection, each as its station's PEC (the key derived from the election's
// simulation keyring, as `ashyq keys export` does), at most --rate per second (0: as fast as
// the server acknowledges). Appends the HTTP status of every answer to --log, one a line.
//
//   ashyq_submit_loop --election DIR --objects FILE.jsonl --url http://127.0.0.1:PORT
//                     --log FILE [--rate 100]
//
// FILE.jsonl: one signed object a line (precinct protocols or turnout reports: their payload
// names their "commission"). Stops after the last one. Not a test: bench only.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include <httplib.h>

#include "core/file_io.h"
#include "core/json.h"
#include "core/utc_time.h"
#include "crypto/key_file.h"
#include "crypto/signed_object.h"
#include "protocol/submission.h"
#include "sim/definition_generator.h"
#include "sim/election_directory.h"

namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "ashyq_submit_loop: %s\n", message.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ashyq;
  std::map<std::string, std::string> args = {{"--rate", "100"}};
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  for (const char* required : {"--election", "--objects", "--url", "--log"}) {
    if (args.count(required) == 0) Die(std::string(required) + " is required");
  }
  const std::string dir = args["--election"];
  const double rate = std::atof(args["--rate"].c_str());

  Result<std::string> definition_text = ReadFile(dir + "/" + sim::kDefinitionFileName, size_t{256} << 20);
  if (!definition_text.ok()) Die(definition_text.error().ToString());
  json::ParseOptions big;
  big.max_bytes = definition_text->size() + 1;
  Result<json::Value> definition = json::Parse(*definition_text, big);
  if (!definition.ok() || definition->Find("payload") == nullptr) Die("definition.json does not read");
  const std::string election_id = definition->Find("payload")->Find("election_id")->as_string();
  Result<crypto::KeySeed> master = crypto::KeyFile::LoadSeed(dir + "/" + sim::kKeyringFileName);
  if (!master.ok()) Die(master.error().ToString());
  const crypto::SimulatedKeyring keyring(*master);

  httplib::Client client(args["--url"]);
  client.set_keep_alive(true);
  client.set_read_timeout(30, 0);
  std::ofstream log(args["--log"], std::ios::app);
  std::ifstream in(args["--objects"]);
  const auto start = std::chrono::steady_clock::now();
  long sent = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    Result<json::Value> doc = json::Parse(line);
    if (!doc.ok()) Die("an object does not read: " + doc.error().ToString());
    Result<crypto::SignedObject> object = crypto::SignedObject::FromJson(*doc);
    if (!object.ok()) Die(object.error().ToString());
    const json::Value* commission = object->payload().Find("commission");
    if (commission == nullptr || !commission->is_string()) Die("an object names no commission");
    protocol::SubmissionRequest request;
    request.election_id = election_id;
    request.submitter = commission->as_string();
    request.nonce = protocol::FreshNonce();
    request.time = UtcNow();
    Result<std::string> body =
        protocol::MakeSubmission(*object, request, sim::SimulatedKeyFor(keyring, request.submitter));
    if (!body.ok()) Die(body.error().ToString());
    if (rate > 0) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                std::chrono::duration<double>(static_cast<double>(sent) / rate)));
    }
    httplib::Result res = client.Post("/api/v1/submissions", *body, "application/json");
    log << (res ? res->status : 0) << '\n' << std::flush;
    ++sent;
  }
  return 0;
}
