// SubmissionClient against a real commission server (server::ApiServer) on 127.0.0.1: a protocol
// logged with a receipt signed by the server key, the same receipt for the same object, another
// PEC's refusal answered at once (403, never retried), a server that comes up late reached by
// retrying, a receipt under another key refused, and no server at all reported after the tries.
#include "station/submission_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include <httplib.h>

#include "../server/server_fixture.h"
#include "server/api_server.h"
#include "sim/definition_generator.h"
#include "store/sqlite_store.h"

namespace ashyq::station {
namespace {

using namespace std::chrono_literals;

// A port of 127.0.0.1 that was free a moment ago (for a server started later on purpose).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

using server::testing::TestKey;
crypto::SigningKey KeyOf(uint8_t fill) { return TestKey(fill); }

class SubmissionClientTest : public server::testing::CountedElectionTest {
 protected:
  void SetUp() override {
    CountedElectionTest::SetUp();
    api_store_ = StoreWithDefinition("api.db");
    ASSERT_NE(api_store_, nullptr);
  }
  void TearDown() override {
    server_.Stop();
    CountedElectionTest::TearDown();
  }

  // Starts the server on `port` (0: any free one) and returns the port.
  int StartServer(int port) {
    server::ApiServerOptions options;
    options.port = port;
    return server_.Start(*election_, api_store_->location(), KeyOf(9), options);
  }

  std::string PecOf(const crypto::SignedObject& protocol) const {
    return CountedElectionTest::PecOf(StationOf(protocol));
  }

  std::unique_ptr<SubmissionClient> ClientFor(const std::string& pec, int port, SubmissionClientOptions options = {}) {
    if (!options.server_key) options.server_key = KeyOf(9).public_key();
    return std::make_unique<SubmissionClient>("http://127.0.0.1:" + std::to_string(port) + "/",
                                              election_->definition().election_id, pec,
                                              sim::SimulatedKeyFor(*keyring_, pec), std::move(options));
  }

  std::unique_ptr<store::Store> api_store_;
  server::testing::ServerThread server_;
};

TEST_F(SubmissionClientTest, AProtocolIsLoggedWithAReceiptSignedByTheServerAndTheSameAgain) {
  const int port = StartServer(0);
  ASSERT_GT(port, 0);
  const crypto::SignedObject& p = protocols_.front();
  std::unique_ptr<SubmissionClient> client = ClientFor(PecOf(p), port);
  Result<SubmissionAnswer> first = client->Submit(p);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->http_status, 200);
  EXPECT_EQ(first->receipt.outcome, protocol::ReceiptOutcome::kLogged);
  EXPECT_EQ(first->receipt.log_index, std::optional<uint64_t>(1));
  EXPECT_EQ(first->receipt.object_digest, p.digest().Hex());
  EXPECT_EQ(first->tries, 1);
  EXPECT_TRUE(first->signed_receipt.VerifySignedBy("server", KeyOf(9).public_key()).ok());

  // Another protocol on the same kept-alive connection, then the first again: the same receipt.
  const crypto::SignedObject& q = protocols_.back();
  ASSERT_EQ(PecOf(q) == PecOf(p), false) << "the tiny scenario should have two PECs";
  Result<SubmissionAnswer> other = ClientFor(PecOf(q), port)->Submit(q);
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  EXPECT_EQ(other->receipt.log_index, std::optional<uint64_t>(2));
  Result<SubmissionAnswer> again = client->Submit(p);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->receipt_json, first->receipt_json);
  EXPECT_EQ(*api_store_->LogSize(), 3u);
}

TEST_F(SubmissionClientTest, AnotherPecsStationIsRefusedAtOnceAndNothingIsStored) {
  const int port = StartServer(0);
  ASSERT_GT(port, 0);
  const crypto::SignedObject& p = protocols_.front();
  const std::string other_pec = PecOf(protocols_.back());
  ASSERT_NE(other_pec, PecOf(p));
  const auto start = std::chrono::steady_clock::now();
  Result<SubmissionAnswer> answer = ClientFor(other_pec, port)->Submit(p);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();  // a refusal is an answer
  EXPECT_EQ(answer->http_status, 403);
  EXPECT_EQ(answer->receipt.outcome, protocol::ReceiptOutcome::kRefused);
  EXPECT_EQ(answer->receipt.rule, "R-E2.entitled");
  EXPECT_EQ(answer->receipt.log_index, std::nullopt);
  EXPECT_EQ(answer->tries, 1);  // never retried
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_EQ(*api_store_->LogSize(), 1u);
}

TEST_F(SubmissionClientTest, AServerThatComesUpLateIsReachedByRetrying) {
  const int port = FreePort();
  ASSERT_GT(port, 0);
  const crypto::SignedObject& p = protocols_.front();
  SubmissionClientOptions options;
  options.first_backoff = 100ms;
  options.max_backoff = 400ms;
  std::unique_ptr<SubmissionClient> client = ClientFor(PecOf(p), port, options);
  std::future<Result<SubmissionAnswer>> sent = std::async(std::launch::async, [&] { return client->Submit(p); });
  std::this_thread::sleep_for(350ms);  // the first tries find no one listening
  ASSERT_EQ(StartServer(port), port);
  Result<SubmissionAnswer> answer = sent.get();
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->receipt.outcome, protocol::ReceiptOutcome::kLogged);
  EXPECT_GT(answer->tries, 1);
  EXPECT_EQ(*api_store_->LogSize(), 2u);
}

TEST_F(SubmissionClientTest, AReceiptSignedWithAnotherKeyProvesNothing) {
  const int port = StartServer(0);
  ASSERT_GT(port, 0);
  const crypto::SignedObject& p = protocols_.front();
  SubmissionClientOptions options;
  options.server_key = KeyOf(10).public_key();  // not the server's
  Result<SubmissionAnswer> answer = ClientFor(PecOf(p), port, options)->Submit(p);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::kBadSignature);
  EXPECT_NE(answer.error().message.find("not signed with the server key given"), std::string::npos)
      << answer.error().message;
  const std::string station = p.payload().Find("station")->as_string();
  EXPECT_NE(answer.error().message.find("the protocol of station " + station), std::string::npos)
      << answer.error().message;
}

TEST_F(SubmissionClientTest, NoServerIsReportedAfterTheTriesNamingTheObject) {
  const int port = FreePort();
  ASSERT_GT(port, 0);
  const crypto::SignedObject& p = protocols_.front();
  SubmissionClientOptions options;
  options.max_tries = 3;
  options.first_backoff = 10ms;
  Result<SubmissionAnswer> answer = ClientFor(PecOf(p), port, options)->Submit(p);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::kIo);
  const std::string& message = answer.error().message;
  EXPECT_NE(message.find(PecOf(p) + " submitting the protocol of station"), std::string::npos) << message;
  EXPECT_NE(message.find("after 3 tries"), std::string::npos) << message;
  EXPECT_NE(message.find("submit again"), std::string::npos) << message;
}

// A server that is busy (503) twice and then answers: the client sends again, with a fresh
// request each time, and takes the answer of the third.
TEST_F(SubmissionClientTest, A503IsSentAgainWithAFreshRequest) {
  const crypto::SignedObject& p = protocols_.front();
  std::vector<std::string> bodies;
  httplib::Server busy;
  busy.Post("/api/v1/submissions", [&](const httplib::Request& req, httplib::Response& res) {
    bodies.push_back(req.body);
    if (bodies.size() < 3) {
      res.status = 503;
      res.set_content("{}", "application/json");
      return;
    }
    protocol::Receipt r;
    r.election_id = election_->definition().election_id;
    r.object_digest = p.digest().Hex();
    r.outcome = protocol::ReceiptOutcome::kLogged;
    r.log_index = 7;
    crypto::SignedObject receipt = crypto::SignedObject::Create(protocol::ReceiptToJson(r)).value();
    ASSERT_TRUE(receipt.AddSignature("server", KeyOf(9)).ok());
    res.status = 200;
    res.set_content(receipt.ToCanonicalJson(), "application/json");
  });
  const int port = busy.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread serving([&] { busy.listen_after_bind(); });
  SubmissionClientOptions options;
  options.first_backoff = 10ms;
  Result<SubmissionAnswer> answer = ClientFor(PecOf(p), port, options)->Submit(p);
  busy.stop();
  serving.join();
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(answer->tries, 3);
  EXPECT_EQ(answer->receipt.log_index, std::optional<uint64_t>(7));
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_NE(bodies[0], bodies[1]);  // a new nonce and time each try
  EXPECT_NE(bodies[1], bodies[2]);
}

TEST(DescribeSubmittedTest, NamesTheObjectOrItsFormat) {
  json::Value payload = json::Value::Object();
  payload.Set("format", json::Value("ashyq/turnout-report/1"));
  payload.Set("station", json::Value("ps-x-0001"));
  payload.Set("time", json::Value("12:00"));
  payload.Set("revision", json::Value(2));
  Result<crypto::SignedObject> report = crypto::SignedObject::Create(payload);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(DescribeSubmitted(*report), "the turnout report of station ps-x-0001 at 12:00, revision 2");
  json::Value other = json::Value::Object();
  other.Set("format", json::Value("ashyq/something/1"));
  Result<crypto::SignedObject> unknown = crypto::SignedObject::Create(other);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(DescribeSubmitted(*unknown).rfind("an object of format \"ashyq/something/1\"", 0), 0u);
}

}  // namespace
}  // namespace ashyq::station
