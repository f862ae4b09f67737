// Large CSV files through core/csv.h (the one CSV reader, decision 0019): the input is cut into
// pieces of about `target_bytes` at record ends outside quotes, each read by ParseCsv, so a
// 12-million-row extract never becomes one table of twice its size. Errors keep naming the line
// of the whole file.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "core/csv.h"
#include "core/result.h"

namespace ashyq::registry::internal {

// Calls `piece` with each piece's records, in file order; their `line` fields are lines of the
// whole input. The first piece starts with the header. Stops at the first CSV error (whose
// `where` names the line of the whole input) or the first error `piece` returns. Field counts
// are the caller's to check (a piece's first record is not the file's).
Status ForEachCsvPiece(std::string_view bytes, size_t target_bytes,
                       const std::function<Status(std::vector<CsvRecord>& records)>& piece);

}  // namespace ashyq::registry::internal
