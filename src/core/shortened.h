// What a message shows of a text that came from outside (an id, a format, a name): at most
// `max_bytes` of it, cut at a UTF-8 character boundary, with "…" when cut. An error message must
// never echo a megabyte a client sent.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ashyq {

inline constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

std::string Shortened(std::string_view text, size_t max_bytes = 64);

}  // namespace ashyq
