#include <cstdio>

int main() {
  std::puts("ashyq");
  return 0;
}
