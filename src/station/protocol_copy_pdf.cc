#include "station/protocol_copy_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <qrencode.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/precinct_protocol.h"
#include "protocol/protocol_copy.h"
#include "protocol/protocol_json.h"
#include "protocol/reconciliation.h"

namespace ashyq::station {
namespace {

using protocol::ContestCount;
using protocol::PrecinctProtocol;

constexpr const char* kSans = "DejaVu Sans";
constexpr const char* kMono = "DejaVu Sans Mono";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

// A4 in points, and the margins.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kLeft = 42;
constexpr double kRight = kPageWidth - 42;
constexpr double kTop = 40;
constexpr double kBottom = kPageHeight - 48;  // the footer lives below
constexpr double kQrBox = 124;                // QR code with its quiet zone, top right

// ---- Words -------------------------------------------------------------------------------

// One label in the three languages: kk, ru, en.
struct Words {
  std::string_view kk, ru, en;
};

std::string_view Say(const Words& w, CopyLanguage language) {
  switch (language) {
    case CopyLanguage::kKazakh: return w.kk;
    case CopyLanguage::kRussian: return w.ru;
    case CopyLanguage::kEnglish: return w.en;
  }
  return w.en;
}

constexpr Words kTitle = {"Учаскелік сайлау комиссиясының хаттамасы — бақылаушыға арналған көшірме",
                          "Протокол участковой избирательной комиссии — копия для наблюдателя",
                          "Precinct election commission protocol — observer copy"};
constexpr Words kStation = {"Сайлау учаскесі №", "Избирательный участок №", "Polling station No."};
constexpr Words kRegion = {"Өңір", "Регион", "Region"};
constexpr Words kVersion = {"Нұсқа", "Версия", "Version"};
constexpr Words kSignedAt = {"қол қойылған уақыты", "подписан", "signed at"};
constexpr Words kCorrects = {"Түзетеді: нұсқа", "Исправляет версию", "Corrects version"};
constexpr Words kReason = {"Себебі", "Причина", "Reason"};
constexpr Words kDecision = {"Шешім", "Решение", "Decision"};
constexpr Words kContest = {"Сайлау", "Выборы", "Contest"};
constexpr Words kVotes = {"Дауыстар", "Голоса", "Votes"};
constexpr Words kParticipants = {"Дауыс беруге қатысқандар", "Приняли участие в голосовании", "Voters who took part"};
constexpr Words kValidVotes = {"Жарамды дауыстар", "Действительные голоса", "Valid votes"};
// The base of every share on the copy, as on the results site and in `ashyq tabulate`.
constexpr Words kShareOfValid = {"Жарамды дауыстардан %", "% от действительных голосов", "% of valid votes"};
constexpr Words kCounting = {"Санау барысы (R-D4)", "Ход подсчёта голосов (R-D4)", "The count (R-D4)"};
constexpr Words kNoSteps = {"жазылмаған", "не записан", "not recorded"};
constexpr Words kSignatures = {"Комиссия мүшелерінің қолдары", "Подписи членов комиссии", "Signatures of the members"};
constexpr Words kNotMember = {"комиссия мүшесі емес", "не член комиссии", "not a member of the commission"};
constexpr Words kDigest = {"Қол қойылған хаттаманың хеші (SHA-256)", "Хеш подписанного протокола (SHA-256)",
                           "Digest of the signed protocol (SHA-256)"};
constexpr Words kCheckHint = {"Көшірмені жарияланған журналмен салыстырыңыз: ashyq protocol check-copy",
                              "Сверьте копию с опубликованным журналом: ashyq protocol check-copy",
                              "Check this copy against the published log: ashyq protocol check-copy"};
constexpr Words kTypeIfUnreadable = {"QR оқылмаса, теріңіз:", "Если QR не читается, введите:",
                                     "If the QR code cannot be read, type:"};
constexpr Words kPage = {"бет", "стр.", "page"};

// R-D1, in the order of CountFigures() (precinct_protocol.h).
constexpr std::array<Words, 12> kFigureWords = {{
    {"Тізімге енгізілген сайлаушылар", "Избирателей в списках", "Registered voters"},
    {"оның ішінде сайлау күні енгізілгендер", "из них включены в день выборов", "of them added on election day"},
    {"Алынған бюллетеньдер", "Получено бюллетеней", "Paper ballots received"},
    {"Берілген бюллетеньдер", "Выдано бюллетеней", "Paper ballots issued"},
    {"Жойылған пайдаланылмаған бюллетеньдер", "Погашено неиспользованных бюллетеней", "Unused ballots cancelled"},
    {"Берілген электрондық бюллетеньдер", "Выдано электронных бюллетеней", "Electronic ballots issued"},
    {"Электрондық дауыстар", "Электронных голосов", "Electronic votes"},
    {"Сырттай куәлікпен дауыс бергендер", "Голосовали по открепительным", "Voters with absentee certificates"},
    {"Үйде дауыс беруге өтініштер", "Заявлений о голосовании на дому", "Homebound voting requests"},
    {"Көшпелі жәшіктердегі бюллетеньдер", "Бюллетеней в переносных ящиках", "Ballots in mobile boxes"},
    {"Тұрақты жәшіктердегі бюллетеньдер", "Бюллетеней в стационарных ящиках", "Ballots in stationary boxes"},
    {"Жарамсыз бюллетеньдер", "Недействительных бюллетеней", "Invalid ballots"},
}};

constexpr std::array<Words, protocol::kCountingStepCount> kStepWords = {{
    {"тізімдегі қолдарды санау", "подсчёт подписей в списке", "list signatures counted"},
    {"пайдаланылмаған бюллетеньдерді жою", "погашение неиспользованных", "unused ballots cancelled"},
    {"көшпелі жәшіктерді ашу", "вскрытие переносных ящиков", "mobile boxes opened"},
    {"тұрақты жәшіктерді ашу", "вскрытие стационарных ящиков", "stationary boxes opened"},
    {"бюллетеньдерді сұрыптау", "сортировка бюллетеней", "ballots sorted"},
    {"әр бюллетеньді жариялау", "оглашение каждого бюллетеня", "each ballot announced"},
    {"дауыстарды санау", "подсчёт голосов", "votes counted"},
    {"хаттаманы толтыру", "заполнение протокола", "protocol filled in"},
    {"нәтижелерді жариялау", "оглашение итогов", "results announced"},
    {"көшірмені ілу", "вывешивание копии", "copy posted"},
}};

Words RoleWords(MemberRole role) {
  switch (role) {
    case MemberRole::kChair: return {"төраға", "председатель", "chair"};
    case MemberRole::kDeputyChair: return {"төраға орынбасары", "заместитель председателя", "deputy chair"};
    case MemberRole::kSecretary: return {"хатшы", "секретарь", "secretary"};
    case MemberRole::kMember: return {"мүше", "член комиссии", "member"};
  }
  return {"", "", ""};
}

const std::string& Name(const LocalizedName& name, CopyLanguage language) {
  const std::string& asked = language == CopyLanguage::kKazakh   ? name.kk
                             : language == CopyLanguage::kRussian ? name.ru
                                                                  : name.en;
  if (!asked.empty()) return asked;
  if (!name.en.empty()) return name.en;
  return name.ru.empty() ? name.kk : name.ru;
}

// "60,43 %" (kk, ru) or "60.43 %" (en): two decimals, rounded half up, as the site shows them.
std::string Percent(int64_t part, int64_t whole, CopyLanguage language) {
  if (whole <= 0 || part < 0) return "";
  const int64_t hundredths = (part * 10000 + whole / 2) / whole;  // figures fit: |part| < 2^53
  const int64_t cents = hundredths % 100;
  return std::to_string(hundredths / 100) + (language == CopyLanguage::kEnglish ? "." : ",") +
         (cents < 10 ? "0" : "") + std::to_string(cents) + " %";
}

// ---- Drawing -----------------------------------------------------------------------------

// What the layout needs of the protocol, resolved against the definition.
struct CopyContent {
  PrecinctProtocol protocol;
  const crypto::SignedObject* object = nullptr;
  protocol::CopyReference reference;
  const ElectionDefinition* definition = nullptr;
  const PollingStation* station = nullptr;
  const Commission* commission = nullptr;
  const Region* region = nullptr;
  CopyLanguage language = CopyLanguage::kRussian;
};

cairo_status_t AppendTo(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Lays the copy out top to bottom, starting a new page when the next block does not fit.
class CopyPage {
 public:
  CopyPage(cairo_t* cr, const CopyContent& c, int total_pages) : cr_(cr), c_(c), total_pages_(total_pages) {}

  void Draw(const QRcode& qr) {
    Header(qr);
    for (const ContestCount& count : c_.protocol.contests) ContestBlock(count);
    Steps();
    Signers();
    DigestBlock();
    Footer();
  }
  int pages() const { return page_; }

 private:
  std::string_view Say(const Words& w) const { return station::Say(w, c_.language); }

  void Font(double size, bool bold = false, bool mono = false) {
    cairo_select_font_face(cr_, mono ? kMono : kSans, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
  }
  void Gray(double level) { cairo_set_source_rgb(cr_, level, level, level); }

  double Width(const std::string& text) {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, text.c_str(), &e);
    return e.x_advance;
  }

  // `text` cut (at a UTF-8 boundary, with an ellipsis) to fit `width`.
  std::string Fit(std::string text, double width) {
    if (Width(text) <= width) return text;
    const std::string ellipsis(kEllipsis);
    while (!text.empty()) {
      size_t cut = text.size() - 1;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      text.resize(cut);
      if (Width(text + ellipsis) <= width) return text + ellipsis;
    }
    return text;
  }

  void Text(double x, double y, const std::string& text) {
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, text.c_str());
  }
  void TextRight(double right, double y, const std::string& text) { Text(right - Width(text), y, text); }

  // Words wrapped to `width`, one line per `leading`; returns the lines.
  std::vector<std::string> Wrap(const std::string& text, double width) {
    std::vector<std::string> lines;
    std::string line;
    size_t i = 0;
    while (i < text.size()) {
      size_t j = text.find(' ', i);
      if (j == std::string::npos) j = text.size();
      const std::string word = text.substr(i, j - i);
      const std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && Width(candidate) > width) {
        lines.push_back(line);
        line = Fit(word, width);
      } else {
        line = Width(candidate) > width ? Fit(candidate, width) : candidate;
      }
      i = j + 1;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
  }

  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kTop + 10;
  }
  // Starts a new page unless `height` more points fit on this one.
  void Need(double height) {
    if (y_ + height > kBottom) NewPage();
  }

  void Header(const QRcode& qr) {
    const PrecinctProtocol& p = c_.protocol;
    const double width = kRight - kQrBox - 12 - kLeft;
    y_ = kTop + 12;
    cairo_set_source_rgb(cr_, 0, 0, 0);
    Font(13, true);
    Text(kLeft, y_, Fit(Name(c_.definition->name, c_.language), width));
    y_ += 16;
    Font(9);
    for (const std::string& line : Wrap(std::string(Say(kTitle)), width)) {
      Text(kLeft, y_, line);
      y_ += 11;
    }
    y_ += 8;
    Font(12, true);
    Text(kLeft, y_, Fit(std::string(Say(kStation)) + " " + std::to_string(c_.station->number) + "   " + p.station, width));
    y_ += 14;
    Font(9);
    for (const std::string& line : Wrap(Name(c_.station->address, c_.language), width)) {
      Text(kLeft, y_, line);
      y_ += 11;
    }
    Text(kLeft, y_, Fit(Name(c_.commission->name, c_.language) + " (" + p.commission + ")", width));
    y_ += 11;
    if (c_.region != nullptr) {
      Text(kLeft, y_, Fit(std::string(Say(kRegion)) + ": " + Name(c_.region->name, c_.language), width));
      y_ += 11;
    }
    y_ += 5;
    Font(11, true);
    Text(kLeft, y_, std::string(Say(kVersion)) + " " + std::to_string(p.version));
    Font(9);
    Text(kLeft + 70, y_, std::string(Say(kSignedAt)) + " " + p.signed_at);
    y_ += 13;
    if (p.version > 1) {
      Font(9, true);
      Text(kLeft, y_, std::string(Say(kCorrects)) + " " + std::to_string(p.version - 1));
      y_ += 11;
      Font(8, false, true);
      Text(kLeft, y_, p.correction.previous);
      y_ += 11;
      Font(9);
      for (const std::string& line : Wrap(std::string(Say(kReason)) + ": " + p.correction.reason, width)) {
        Text(kLeft, y_, line);
        y_ += 11;
      }
      if (!p.correction.decision.empty()) {
        Text(kLeft, y_, Fit(std::string(Say(kDecision)) + ": " + p.correction.decision, width));
        y_ += 11;
      }
    }
    const double qr_bottom = QrCode(qr);
    y_ = std::max(y_, qr_bottom) + 8;
    Rule();
  }

  // The QR code in the top right corner with the typed form under it; returns its bottom.
  double QrCode(const QRcode& qr) {
    const int modules = qr.width + 8;  // a quiet zone of 4 modules on each side
    const double unit = kQrBox / modules;
    const double x0 = kRight - kQrBox + 4 * unit;
    const double y0 = kTop + 4 * unit;
    cairo_set_source_rgb(cr_, 0, 0, 0);
    for (int row = 0; row < qr.width; ++row) {
      int col = 0;
      while (col < qr.width) {
        if ((qr.data[row * qr.width + col] & 1) == 0) {
          ++col;
          continue;
        }
        const int start = col;
        while (col < qr.width && (qr.data[row * qr.width + col] & 1) != 0) ++col;
        cairo_rectangle(cr_, x0 + start * unit, y0 + row * unit, (col - start) * unit, unit);
      }
    }
    cairo_fill(cr_);
    // The typed form: "<station> v<version>" and the digest groups with the check character.
    const std::string typed = c_.reference.ToTypedText();
    const size_t groups = typed.find(' ', typed.find(" v") + 2);
    double y = kTop + kQrBox + 4;
    Font(6.5);
    Gray(0.3);
    Text(kRight - kQrBox, y, Fit(std::string(Say(kTypeIfUnreadable)), kQrBox));
    y += 10;
    cairo_set_source_rgb(cr_, 0, 0, 0);
    // Never cut short: a smaller size until both lines fit under the code.
    const std::string first = typed.substr(0, groups), second = typed.substr(groups + 1);
    double size = 8.5;
    Font(size, true, true);
    while (size > 4 && std::max(Width(first), Width(second)) > kQrBox) {
      size -= 0.25;
      Font(size, true, true);
    }
    Text(kRight - kQrBox, y, first);
    y += size + 2;
    Text(kRight - kQrBox, y, second);
    return y + 4;
  }

  void Rule() {
    Gray(0.6);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kLeft, y_);
    cairo_line_to(cr_, kRight, y_);
    cairo_stroke(cr_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    y_ += 12;
  }

  const ashyq::Contest* FindContest(const std::string& id) const {
    for (const ashyq::Contest& k : c_.definition->contests) {
      if (k.id == id) return &k;
    }
    return nullptr;
  }

  // Figures on the left, votes per choice on the right. A contest that fits half a page is
  // kept on one page; a longer ballot starts where it is and continues its votes overleaf.
  void ContestBlock(const ContestCount& count) {
    constexpr double kRow = 11;
    constexpr double kHeading = 15;
    const ashyq::Contest* contest = FindContest(count.contest);
    const size_t figure_rows = kFigureWords.size() + 2;
    const double height = kHeading + kRow * static_cast<double>(std::max(figure_rows, count.votes.size() + 1));
    if (height <= (kBottom - kTop) / 2) {
      Need(height);  // a short block moves whole to the next page
    } else {
      Need(kHeading + kRow * static_cast<double>(figure_rows));  // a long one flows
    }
    Font(11, true);
    const std::string title = std::string(Say(kContest)) + ": " +
                              (contest != nullptr ? Name(contest->name, c_.language) + " (" + count.contest + ")"
                                                  : count.contest);
    Text(kLeft, y_, Fit(title, kRight - kLeft));
    y_ += kHeading;

    const double mid = kLeft + (kRight - kLeft) * 0.52;
    const double figures_right = mid - 14;
    double y = y_;
    auto figure = [&](std::string_view label, int64_t value, bool bold) {
      Font(8.5, bold);
      const std::string v = protocol::FormatCount(value);
      Text(kLeft, y, Fit(std::string(label), figures_right - kLeft - Width(v) - 8));
      TextRight(figures_right, y, v);
      y += kRow;
    };
    const auto figures = protocol::CountFigures();
    for (size_t i = 0; i < figures.size() && i < kFigureWords.size(); ++i) {
      figure(Say(kFigureWords[i]), count.*figures[i].field, false);
    }
    figure(Say(kParticipants), count.participants(), true);
    figure(Say(kValidVotes), count.valid_votes(), true);
    double left_bottom = y;

    y = y_;
    Font(8.5, true);
    Text(mid, y, std::string(Say(kVotes)));
    TextRight(kRight, y, std::string(Say(kShareOfValid)));
    y += kRow;
    const double votes_right = kRight - 46;
    for (const auto& [choice_id, votes] : count.votes) {
      if (y + kRow > kBottom) {  // only a ballot longer than a page gets here
        y_ = y;
        NewPage();
        y = y_;
        left_bottom = y_;
        Font(8.5, true);
        Text(mid, y, std::string(Say(kVotes)) + " (" + count.contest + ")");
        TextRight(kRight, y, std::string(Say(kShareOfValid)));
        y += kRow;
      }
      std::string name = choice_id;
      if (contest != nullptr) {
        for (const Choice& ch : contest->choices) {
          if (ch.id == choice_id) name = Name(ch.name, c_.language);
        }
      }
      Font(8.5);
      const std::string v = protocol::FormatCount(votes);
      Text(mid, y, Fit(name, votes_right - mid - Width(v) - 8));
      TextRight(votes_right, y, v);
      Gray(0.3);
      TextRight(kRight, y, Percent(votes, count.valid_votes(), c_.language));
      cairo_set_source_rgb(cr_, 0, 0, 0);
      y += kRow;
    }
    y_ = std::max(left_bottom, y) + 6;
    Rule();
  }

  void Steps() {
    const PrecinctProtocol& p = c_.protocol;
    Font(8.5);
    // "20:06 step · 20:17 step · ...", broken only between steps.
    std::vector<std::string> lines;
    for (const protocol::RecordedStep& s : p.counting_steps) {
      const std::string item = s.at + " " + std::string(Say(kStepWords[static_cast<size_t>(s.step)]));
      if (!lines.empty() && Width(lines.back() + " · " + item) <= kRight - kLeft) {
        lines.back() += " · " + item;
      } else {
        lines.push_back(Fit(item, kRight - kLeft));
      }
    }
    if (lines.empty()) lines.push_back(std::string(Say(kNoSteps)));
    Need(16 + 11 * static_cast<double>(lines.size()));
    Font(10, true);
    Text(kLeft, y_, std::string(Say(kCounting)));
    y_ += 13;
    Font(8.5);
    for (const std::string& line : lines) {
      Text(kLeft, y_, line);
      y_ += 11;
    }
    y_ += 4;
    Rule();
  }

  void Signers() {
    constexpr double kRow = 11;
    const auto& entries = c_.object->signatures();
    Need(16 + kRow * static_cast<double>(std::min<size_t>(entries.size(), 4)));
    Font(10, true);
    Text(kLeft, y_, std::string(Say(kSignatures)) + " (" + std::to_string(entries.size()) + " / " +
                        std::to_string(c_.commission->members.size()) + ")");
    y_ += 13;
    for (const crypto::SignatureEntry& e : entries) {
      Need(kRow);
      const CommissionMember* member = nullptr;
      for (const CommissionMember& m : c_.commission->members) {
        if (m.id == e.signer) member = &m;
      }
      Font(8.5);
      const std::string who = member != nullptr ? member->name + ", " + std::string(Say(RoleWords(member->role)))
                                                : std::string(Say(kNotMember));
      Text(kLeft, y_, Fit(who, 292));
      Gray(0.3);
      Text(kLeft + 300, y_, Fit(e.signer, 118));
      Font(8, false, true);
      const std::string key = e.public_key.Hex().substr(0, 16) + std::string(kEllipsis);
      TextRight(kRight, y_, key);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      y_ += kRow;
    }
    y_ += 4;
    Rule();
  }

  void DigestBlock() {
    Need(44);
    Font(10, true);
    Text(kLeft, y_, std::string(Say(kDigest)));
    y_ += 14;
    Font(9.5, false, true);
    Text(kLeft, y_, c_.object->digest().Hex());
    y_ += 14;
    Font(8);
    Gray(0.3);
    Text(kLeft, y_, Fit(std::string(Say(kCheckHint)), kRight - kLeft));
    cairo_set_source_rgb(cr_, 0, 0, 0);
    y_ += 12;
  }

  void Footer() {
    Font(7);
    Gray(0.4);
    const std::string left = "Ashyq · " + c_.protocol.station + " · " + std::string(Say(kVersion)) + " " +
                             std::to_string(c_.protocol.version) + " · " + c_.reference.digest.substr(0, 16) +
                             std::string(kEllipsis);
    Text(kLeft, kPageHeight - 28, left);
    TextRight(kRight, kPageHeight - 28,
              std::string(Say(kPage)) + " " + std::to_string(page_) +
                  (total_pages_ > 0 ? " / " + std::to_string(total_pages_) : std::string()));
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }

  cairo_t* cr_;
  const CopyContent& c_;
  int total_pages_;
  int page_ = 1;
  double y_ = kTop;
};

struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

// Renders into `out` (nullptr: measure only); returns the number of pages.
Result<int> Render(const CopyContent& content, const QRcode& qr, int total_pages, std::string* out) {
  std::string discard;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendTo, out != nullptr ? out : &discard, kPageWidth, kPageHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    const std::string why = cairo_status_to_string(cairo_surface_status(surface));
    cairo_surface_destroy(surface);
    return Error{ErrorCode::kInternal, "", "", "cairo cannot create a PDF: " + why};
  }
  const std::string title = "Ashyq observer copy: " + content.protocol.station + " version " +
                            std::to_string(content.protocol.version);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "ashyq protocol print");
  // The same protocol gives the same file: the date is the protocol's, not the printer's.
  const std::string date = content.protocol.signed_at + ":00";
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_t* cr = cairo_create(surface);
  CopyPage page(cr, content, total_pages);
  page.Draw(qr);
  cairo_show_page(cr);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finished = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS) {
    return Error{ErrorCode::kInternal, "", "",
                 std::string("cairo failed drawing the copy: ") +
                     cairo_status_to_string(status != CAIRO_STATUS_SUCCESS ? status : finished)};
  }
  return page.pages();
}

}  // namespace

Result<CopyLanguage> ParseCopyLanguage(std::string_view code) {
  if (code == "kk") return CopyLanguage::kKazakh;
  if (code == "ru") return CopyLanguage::kRussian;
  if (code == "en") return CopyLanguage::kEnglish;
  return BadInput("--lang", "unknown language \"" + std::string(code.substr(0, 16)) + "\"; use kk, ru or en");
}

Result<std::string> RenderProtocolCopy(const crypto::SignedObject& signed_protocol,
                                       const ElectionDefinition& definition, const CopyOptions& options) {
  CopyContent content;
  ASHYQ_ASSIGN_OR_RETURN(content.reference, protocol::CopyReferenceFor(signed_protocol));
  std::vector<Error> problems;
  content.protocol = protocol::ProtocolFromJson(signed_protocol.payload(), &problems);
  if (!problems.empty()) {
    Error e = problems.front();
    e.where = "/payload" + e.where;
    e.message = "not a readable precinct protocol: " + e.message;
    return e;
  }
  content.object = &signed_protocol;
  content.definition = &definition;
  content.language = options.language;
  for (const PollingStation& s : definition.polling_stations) {
    if (s.id == content.protocol.station) content.station = &s;
  }
  for (const Commission& c : definition.commissions) {
    if (c.id == content.protocol.commission) content.commission = &c;
  }
  if (content.station == nullptr || content.commission == nullptr) {
    return Error{ErrorCode::kNotFound, content.station == nullptr ? "/payload/station" : "/payload/commission", "",
                 "the protocol's " + std::string(content.station == nullptr ? "station " + content.protocol.station
                                                                           : "commission " + content.protocol.commission) +
                     " is not in the election definition " + definition.election_id};
  }
  for (const Region& r : definition.regions) {
    if (r.id == content.station->region) content.region = &r;
  }

  const std::string qr_text = content.reference.ToQrText();
  std::unique_ptr<QRcode, QrFree> qr(QRcode_encodeString(qr_text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (qr == nullptr) return Error{ErrorCode::kInternal, "", "", "libqrencode cannot encode the copy reference"};

  // Once to count the pages, once to draw "page i / n".
  ASHYQ_ASSIGN_OR_RETURN(int pages, Render(content, *qr, 0, nullptr));
  std::string pdf;
  ASHYQ_RETURN_IF_ERROR(Render(content, *qr, pages, &pdf));
  return pdf;
}

}  // namespace ashyq::station
