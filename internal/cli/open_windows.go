package cli

// nonBlockOpen: Windows has no FIFOs that open(2) would wait on.
const nonBlockOpen = 0
