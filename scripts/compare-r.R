# The R side of scripts/compare-r.mjs (npm run bench:r): a loop that reads one job per line
# from standard input, "NAME REPS", runs R queueing's equivalent REPS times and prints one line,
# "SECONDS_PER_CALL VALUE". It prints "ready" once the package is loaded, "missing" when it is not
# installed (set R_LIBS to the library that holds it).
if (!suppressWarnings(suppressPackageStartupMessages(require("queueing", quietly = TRUE)))) {
  cat("missing\n")
  quit(status = 0)
}

# The 10-station network of bench/run.mjs: service time 1 ms × (1 + i), visits 1 + (i mod 3).
mva <- function() {
  i <- 0:9
  net <- NewInput3.CJN(n = 10000, z = 1, numNodes = 10, vType = rep("Q", 10),
                       vVisit = 1 + (i %% 3), vService = 0.001 * (1 + i),
                       vChannel = rep(1, 10), method = 0)
  m <- QueueingModel(net)
  m$Throughput + sum(m$Throughputn) * 0
}

jobs <- list(
  erlangC_10 = function() C_erlang(10, 8),
  erlangC_1000 = function() C_erlang(1000, 950),
  erlangC_1e5 = function() C_erlang(1e5, 99000),
  erlangC_1e6 = function() C_erlang(1e6, 999000),
  erlangC_1e6_rho1 = function() C_erlang(1e6, 999999.999),
  erlangB_1e6_over = function() B_erlang(1e6, 1001000),
  mmc_full = function() QueueingModel(NewInput.MMC(lambda = 40, mu = 1, c = 48))$W,
  mva_all = mva,
  mva_final = mva
)

cat(sprintf("ready %s queueing %s\n", R.version.string, packageVersion("queueing")))
input <- file("stdin", "r")
repeat {
  line <- readLines(input, n = 1)
  if (length(line) == 0 || line == "quit") break
  parts <- strsplit(line, " ")[[1]]
  job <- jobs[[parts[1]]]
  reps <- as.integer(parts[2])
  value <- job() # warm-up
  t0 <- proc.time()[["elapsed"]]
  for (r in seq_len(reps)) value <- job()
  seconds <- (proc.time()[["elapsed"]] - t0) / reps
  cat(sprintf("%.9g %.17g\n", seconds, value))
  flush(stdout())
}
