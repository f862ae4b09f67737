// ashyq serve: the results website and the publication directory over HTTP, until Ctrl-C.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "cli_output.h"
#include "commands.h"
#include "server/static_site.h"

namespace ashyq::cli {

namespace {

sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

void BlockStopSignals() {
  const sigset_t stop_signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
}

Status ServeUntilStopSignal(const std::function<Status()>& run, const std::function<void()>& stop) {
  Status served;
  std::thread worker([&] {
    served = run();
    kill(getpid(), SIGTERM);  // wakes sigwait if the server stopped on its own
  });
  const sigset_t stop_signals = StopSignals();
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  stop();
  worker.join();
  return served;
}

int ServePublication(const ServeOptions& o) {
  Result<std::unique_ptr<server::StaticSite>> site =
      server::StaticSite::Create({.publication_dir = o.publication, .bind = o.bind, .port = o.port, .site_dir = o.site});
  if (!site.ok()) return ReportError(site.error());

  BlockStopSignals();
  Result<int> port = (*site)->Bind();
  if (!port.ok()) return ReportError(port.error());
  const std::string host = o.bind.find(':') != std::string::npos ? "[" + o.bind + "]" : o.bind;
  std::printf("Serving %s at http://%s:%d/ (Ctrl-C stops)\n", o.publication.c_str(), host.c_str(), *port);
  if (o.bind == "0.0.0.0" || o.bind == "::") {
    std::printf("Listening on every network interface: anyone who can reach this machine can read the results.\n");
  }
  std::fflush(stdout);

  const Status served = ServeUntilStopSignal([&] { return (*site)->Run(); }, [&] { (*site)->Stop(); });
  if (!served.ok()) return ReportError(served.error());
  std::printf("Stopped.\n");
  return kExitOk;
}

void AddServeCommand(CLI::App& app, std::vector<Command>* commands) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Serve the results website and a publication directory over HTTP.\n"
      "The site is at / and the publication's files at their own paths (/index.json, /data/...,\n"
      "/log/...). GET and HEAD only; index.json and log/tree-head.json are revalidated on every\n"
      "use, every other published file is cached for good. Ctrl-C stops.");
  serve->add_option("PUBDIR", o->publication, "Publication directory (ashyq publish --out, or DIR/publication of ashyq demo)")
      ->required();
  serve->add_option("--port", o->port, "TCP port; 0 picks a free one")->capture_default_str();
  serve->add_option("--bind", o->bind, "Address to listen on; 0.0.0.0 for every interface")->capture_default_str();
  serve->add_option("--site", o->site, "Serve the website from this directory (web/results) instead of the copy built in");
  commands->push_back({serve, [o] { return ServePublication(*o); }});
}

}  // namespace ashyq::cli
